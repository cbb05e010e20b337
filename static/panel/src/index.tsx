import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import Heading from '@atlaskit/heading';
import { view as hostView } from '@forge/bridge';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import { SectionMessage, SectionMessageAction } from '../../shared/section-message';
import { token } from '@atlaskit/tokens';
import type { ClosureView, FeasibilityView, LinkedCustomersView, TriageView } from '../../shared/api';
import type { LastMerge } from './SimilarRequirements';
import { announceRequirementChanged } from '../../shared/events';
import { openIssue } from '../../shared/navigation';
import { DetailList, ErrorState, Loading, mountSurface } from '../../shared/components';
import { useResolver, type ResolverState } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { NUMBER_FIELDS } from './form-model';
import { Results } from './Results';
import { loadMessages } from './messages';

/*
 * The scores come with the panel's first script; every other section is its own chunk, fetched
 * when the panel shows it, so the panel's scores appear sooner (issue 16: at most 150 KB gzip of
 * JavaScript before anything is shown).
 */
const Closure = lazy(() => import('./Closure').then((module) => ({ default: module.Closure })));
const SimilarRequirements = lazy(() =>
  import('./SimilarRequirements').then((module) => ({ default: module.SimilarRequirements })),
);
const Classification = lazy(() => import('./Classification').then((module) => ({ default: module.Classification })));
const LinkedCustomers = lazy(() => import('./LinkedCustomers').then((module) => ({ default: module.LinkedCustomers })));
const TriageForm = lazy(() => import('./TriageForm').then((module) => ({ default: module.TriageForm })));
const Delivery = lazy(() => import('./Delivery').then((module) => ({ default: module.Delivery })));
const Feasibility = lazy(() => import('./Feasibility').then((module) => ({ default: module.Feasibility })));
const ScoreHistory = lazy(() => import('./ScoreHistory').then((module) => ({ default: module.ScoreHistory })));
const KeyDates = lazy(() => import('./KeyDates').then((module) => ({ default: module.KeyDates })));

/** Where a section's chunk is still on its way. */
function Later({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function Problems({ view }: { view: TriageView }) {
  const i18n = useI18n();
  if (view.problems.length === 0) return null;
  return (
    <SectionMessage appearance="warning" title={i18n.t('panel.problems')} testId="rt-stored-problems">
      <Stack space="space.050">
        <ul style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}>
          {view.problems.map((problem, index) => (
            <li key={`${problem.field}-${index}`} data-field={problem.field}>
              {i18n.violation(problem)}
              {problem.params?.value !== undefined
                ? ` ${i18n.t('panel.storedValue', { value: String(problem.params.value) })}`
                : null}
            </li>
          ))}
        </ul>
        {view.canEdit ? <Text as="p">{i18n.t('panel.problemsHint')}</Text> : null}
      </Stack>
    </SectionMessage>
  );
}

/** The source documents require implicit needs to be confirmed with the customer. */
function NeedConfirmation({ view }: { view: TriageView }) {
  const i18n = useI18n();
  if (view.needConfirmation === 'not-applicable') return null;
  const confirmed = view.needConfirmation === 'confirmed';
  return (
    <div data-testid="rt-need-confirmation" data-status={view.needConfirmation}>
      <SectionMessage appearance={confirmed ? 'success' : 'warning'}>
        <Text as="p">
          {confirmed
            ? i18n.t('panel.needConfirmed', { date: i18n.day(view.needConfirmedOn ?? '') })
            : i18n.t('panel.needToConfirm')}
        </Text>
      </SectionMessage>
    </div>
  );
}

/** The inputs as text, for people who may look but not change. */
function ReadOnlyInputs({ view }: { view: TriageView }) {
  const i18n = useI18n();
  const { inputs } = view;
  const rows: { field: Parameters<typeof i18n.field>[0]; value: string | null }[] = [
    { field: 'moscow', value: inputs.moscow ? i18n.moscow(inputs.moscow) : null },
    ...(inputs.moscow === "Won't" || inputs.wontReason ? [{ field: 'wontReason' as const, value: inputs.wontReason }] : []),
    ...NUMBER_FIELDS.map((field) => ({ field, value: inputs[field] === null ? null : i18n.number(inputs[field]) })),
  ];
  return (
    <DetailList
      rows={rows.map(({ field, value }) => ({
        key: field,
        label: i18n.field(field),
        value: value === null ? <Text color="color.text.subtlest">{i18n.t('common.notSet')}</Text> : <Text>{value}</Text>,
      }))}
    />
  );
}

/** What the person opening the panel most likely came for (issue 18, "order by role"), decided from what they may do here. */
type Focus = 'closure' | 'marks' | 'scores';

function focusOf(view: TriageView, closure: ClosureView | null, feasibility: FeasibilityView | null): Focus {
  // A done requirement has one thing left, its closure loop: that comes first for everyone.
  if (closure?.applies && !view.closedAsDuplicateOf) return 'closure';
  // Technical and compliance marks are the job of people who do not own the requirement (tech leads,
  // compliance); the business mark goes with scoring it (product managers). Whoever may give the first
  // kind and not the second came for the marks; everyone else for the scores.
  const may = (dimension: string) =>
    feasibility?.dimensions.some((entry) => entry.dimension === dimension && entry.canSet) ?? false;
  if ((may('technical') || may('compliance')) && !may('business')) return 'marks';
  return 'scores';
}

const FOLD_STYLE = {
  background: 'none',
  border: 0,
  padding: `${token('space.050', '4px')} 0`,
  minHeight: 32,
  cursor: 'pointer',
  color: token('color.text', '#292A2E'),
  font: token('font.heading.small', 'normal 653 16px/20px ui-sans-serif, sans-serif'),
} as const;

/** A section shown as its title until opened: the panel stays short, and its chunk loads only when wanted. */
function Folded({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  if (open) return <>{children}</>;
  return (
    <div data-testid={testId}>
      <button type="button" aria-expanded={false} onClick={() => setOpen(true)} style={FOLD_STYLE}>
        <span aria-hidden="true">▸ </span>
        {title}
      </button>
    </div>
  );
}

/** A merge closed this requirement: it is read-only here, and the kept one is where work goes on. */
function ClosedDuplicate({ keptKey }: { keptKey: string }) {
  const i18n = useI18n();
  return (
    <div data-testid="rt-closed-duplicate">
      <SectionMessage
        appearance="information"
        title={i18n.t('panel.duplicate.title', { kept: keptKey })}
        actions={[
          <SectionMessageAction key="open" onClick={() => openIssue(keptKey)}>
            {i18n.t('panel.duplicate.open', { kept: keptKey })}
          </SectionMessageAction>,
        ]}
      >
        <Text as="p">{i18n.t('panel.duplicate.body', { kept: keptKey })}</Text>
      </SectionMessage>
    </div>
  );
}

function Panel({
  initial,
  onReload,
  closure,
  feasibility,
}: {
  initial: TriageView;
  onReload: () => void;
  closure: ResolverState<ClosureView>;
  feasibility: ResolverState<FeasibilityView>;
}) {
  const i18n = useI18n();
  const [view, setView] = useState(initial);
  useEffect(() => setView(initial), [initial]);
  // The Customers section and the form's customer value share the linked customers (the suggestion follows them).
  const links = useResolver('customers.linked', {}, { enabled: initial.isRequirement });
  const [linked, setLinked] = useState<LinkedCustomersView | null>(null);
  useEffect(() => setLinked(links.data), [links.data]);
  const [lastMerge, setLastMerge] = useState<LastMerge | null>(null);

  if (!view.isRequirement) {
    return (
      <SectionMessage appearance="information">
        <Text as="p">{i18n.t('panel.notRequirement')}</Text>
      </SectionMessage>
    );
  }
  const projectKey = view.issue.key.split('-')[0] as string;
  const duplicateOf = view.closedAsDuplicateOf;
  // A requirement nobody scored yet is at intake: its likely duplicates come first, before anyone scores it.
  const atIntake = view.computed.weightedScore === null && duplicateOf === null;
  const focus = focusOf(view, closure.data, feasibility.data);
  // Right after a merge or an undo here, its message (and Undo) stays where it was, open.
  const similarFirst = atIntake || lastMerge !== null;
  // Closure and feasibility wait for their answers before placing themselves, so the order does not jump.
  const waiting = (closure.loading && !closure.data) || (feasibility.loading && !feasibility.data);

  const similar = (
    <Later>
      <SimilarRequirements
        issueKey={view.issue.key}
        canEdit={view.canEdit}
        intake={atIntake}
        last={lastMerge}
        onLast={setLastMerge}
        onMerged={(state) => {
          announceRequirementChanged(view.issue.key);
          // This requirement was the one closed: it turns read-only, and the host page shows its new status.
          if (state.duplicateKey === view.issue.key || state.state === 'undone') {
            onReload();
            void hostView.refresh().catch(() => undefined);
          }
        }}
      />
    </Later>
  );
  const classification = (
    <Later>
      <Classification canEdit={view.canEdit} />
    </Later>
  );
  const scores = (
    <Stack space="space.300" key="scores">
      <Results view={view} />
      <section aria-labelledby="rt-inputs-heading">
        <Stack space="space.150">
          <Heading size="small" as="h2" id="rt-inputs-heading">
            {i18n.t('panel.inputs')}
          </Heading>
          {view.canEdit ? (
            <Later>
              <TriageForm view={view} onView={setView} suggestion={linked?.suggestion ?? null} />
            </Later>
          ) : (
            <Stack space="space.150">
              {duplicateOf ? null : (
                <SectionMessage appearance="information">
                  <Text as="p">{i18n.t('panel.readOnly')}</Text>
                </SectionMessage>
              )}
              <ReadOnlyInputs view={view} />
            </Stack>
          )}
        </Stack>
      </section>
      <Later>
        <ScoreHistory />
      </Later>
    </Stack>
  );
  const marks = (
    <Later key="marks">
      <Feasibility loaded={feasibility} readOnly={duplicateOf !== null} />
    </Later>
  );
  const closureSection = duplicateOf ? null : (
    <Later key="closure">
      <Closure projectKey={projectKey} loaded={closure} />
    </Later>
  );
  const customers = (
    <Later key="customers">
      <LinkedCustomers
        projectKey={projectKey}
        view={linked && duplicateOf ? { ...linked, canEdit: false } : linked}
        error={links.error}
        onView={setLinked}
        onReload={links.reload}
        readOnlyReason={duplicateOf ? i18n.t('panel.duplicate.readOnly', { kept: duplicateOf }) : undefined}
      />
    </Later>
  );
  const delivery = duplicateOf ? null : (
    <Later key="delivery">
      <Delivery grade={view.computed.priorityGrade} />
    </Later>
  );
  const primary = {
    closure: [closureSection, scores, marks],
    marks: [marks, scores, closureSection],
    scores: [scores, marks, closureSection],
  }[focus];
  return (
    <Stack space="space.300">
      {duplicateOf ? <ClosedDuplicate keptKey={duplicateOf} /> : null}
      {similarFirst ? similar : null}
      <NeedConfirmation view={view} />
      <Problems view={view} />
      {waiting ? <Loading /> : primary}
      {customers}
      {delivery}
      {duplicateOf ? null : (
        <Later key="key-dates">
          <KeyDates />
        </Later>
      )}
      {similarFirst ? null : (
        <Folded title={i18n.t('similar.title')} testId="rt-similar-folded">
          {similar}
        </Folded>
      )}
      {atIntake ? (
        classification
      ) : (
        <Folded title={i18n.t('classification.title')} testId="rt-classification-folded">
          {classification}
        </Folded>
      )}
    </Stack>
  );
}

function PanelApp() {
  const triage = useResolver('triage.get', {});
  // Asked beside triage.get, not in their sections: they decide the order the sections come in.
  const closure = useResolver('closure.get', {});
  const feasibility = useResolver('feasibility.get', {});
  let content;
  if (triage.data) content = <Panel initial={triage.data} onReload={triage.reload} closure={closure} feasibility={feasibility} />;
  else if (triage.error) content = <ErrorState error={triage.error} onRetry={triage.reload} />;
  else content = <Loading />;
  return <Box padding="space.100">{content}</Box>;
}

mountSurface(loadMessages, () => <PanelApp />);
