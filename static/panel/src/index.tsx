import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import { SectionMessage } from '../../shared/section-message';
import { token } from '@atlaskit/tokens';
import type { LinkedCustomersView, TriageView } from '../../shared/api';
import { DetailList, ErrorState, Loading, mountSurface } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { NUMBER_FIELDS } from './form-model';
import { Results } from './Results';

/*
 * The scores come with the panel's first script; every other section is its own chunk, fetched
 * when the panel shows it, so the panel's scores appear sooner (issue 16: at most 150 KB gzip of
 * JavaScript before anything is shown).
 */
const Closure = lazy(() => import('./Closure').then((module) => ({ default: module.Closure })));
const SimilarRequirements = lazy(() => import('./SimilarRequirements').then((module) => ({ default: module.SimilarRequirements })));
const Classification = lazy(() => import('./Classification').then((module) => ({ default: module.Classification })));
const LinkedCustomers = lazy(() => import('./LinkedCustomers').then((module) => ({ default: module.LinkedCustomers })));
const TriageForm = lazy(() => import('./TriageForm').then((module) => ({ default: module.TriageForm })));
const Delivery = lazy(() => import('./Delivery').then((module) => ({ default: module.Delivery })));
const Feasibility = lazy(() => import('./Feasibility').then((module) => ({ default: module.Feasibility })));

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
              {problem.params?.value !== undefined ? ` ${i18n.t('panel.storedValue', { value: String(problem.params.value) })}` : null}
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
        <Text as="p">{confirmed ? i18n.t('panel.needConfirmed', { date: i18n.day(view.needConfirmedOn ?? '') }) : i18n.t('panel.needToConfirm')}</Text>
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

function Panel({ initial }: { initial: TriageView }) {
  const i18n = useI18n();
  const [view, setView] = useState(initial);
  useEffect(() => setView(initial), [initial]);
  // The Customers section and the form's customer value share the linked customers (the suggestion follows them).
  const links = useResolver('customers.linked', {}, { enabled: initial.isRequirement });
  const [linked, setLinked] = useState<LinkedCustomersView | null>(null);
  useEffect(() => setLinked(links.data), [links.data]);

  if (!view.isRequirement) {
    return (
      <SectionMessage appearance="information">
        <Text as="p">{i18n.t('panel.notRequirement')}</Text>
      </SectionMessage>
    );
  }
  // A requirement nobody scored yet is at intake: its likely duplicates come first, before anyone scores it.
  const atIntake = view.computed.weightedScore === null;
  const similar = (
    <Later>
      <SimilarRequirements issueKey={view.issue.key} canEdit={view.canEdit} intake={atIntake} />
    </Later>
  );
  return (
    <Stack space="space.300">
      {atIntake ? similar : null}
      <NeedConfirmation view={view} />
      <Problems view={view} />
      <Later>
        <Closure />
      </Later>
      {atIntake ? null : similar}
      <Later>
        <Classification canEdit={view.canEdit} />
      </Later>
      <Later>
        <LinkedCustomers projectKey={view.issue.key.split('-')[0] as string} view={linked} error={links.error} onView={setLinked} onReload={links.reload} />
      </Later>
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
              <SectionMessage appearance="information">
                <Text as="p">{i18n.t('panel.readOnly')}</Text>
              </SectionMessage>
              <ReadOnlyInputs view={view} />
            </Stack>
          )}
        </Stack>
      </section>
      <Results view={view} />
      <Later>
        <Delivery grade={view.computed.priorityGrade} />
      </Later>
      <Later>
        <Feasibility />
      </Later>
    </Stack>
  );
}

function PanelApp() {
  const triage = useResolver('triage.get', {});
  let content;
  if (triage.data) content = <Panel initial={triage.data} />;
  else if (triage.error) content = <ErrorState error={triage.error} onRetry={triage.reload} />;
  else content = <Loading />;
  return <Box padding="space.100">{content}</Box>;
}

mountSurface(() => <PanelApp />);
