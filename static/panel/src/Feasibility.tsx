import { useEffect, useState, type ChangeEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import type {
  FeasibilityDimension,
  FeasibilityDimensionView,
  FeasibilityMark,
  FeasibilityVerdict,
  FeasibilityView,
  Violation,
} from '../../shared/api';
import { ErrorState, Loading, textAreaStyle } from '../../shared/components';
import { useAction, type ResolverState } from '../../shared/hooks';
import { useI18n, type I18n } from '../../shared/i18n';

const VERDICTS: readonly FeasibilityVerdict[] = ['feasible', 'conditional', 'not-feasible'];
const VERDICT_APPEARANCE: Record<FeasibilityVerdict, ThemeAppearance> = {
  feasible: 'success',
  conditional: 'moved',
  'not-feasible': 'removed',
};
const MAX_NOTE = 2000;

export const verdictLabel = (i18n: I18n, verdict: FeasibilityVerdict): string => i18n.t(`feasibility.verdict.${verdict}`);
export const dimensionLabel = (i18n: I18n, dimension: FeasibilityDimension): string =>
  i18n.t(`feasibility.dimension.${dimension}`);

function VerdictLozenge({ verdict }: { verdict: FeasibilityVerdict | null }) {
  const i18n = useI18n();
  return verdict ? (
    <Lozenge appearance={VERDICT_APPEARANCE[verdict]}>{verdictLabel(i18n, verdict)}</Lozenge>
  ) : (
    <Lozenge>{i18n.t('feasibility.notMarked')}</Lozenge>
  );
}

function MarkDetails({ mark }: { mark: FeasibilityMark }) {
  const i18n = useI18n();
  return (
    <Stack space="space.050">
      {mark.note ? <Text as="p">{mark.note}</Text> : null}
      <Text size="small" color="color.text.subtle">
        {i18n.t('feasibility.byAt', { who: mark.by.displayName, when: i18n.date(mark.at) })}
      </Text>
    </Stack>
  );
}

/** A person's message for a rule the server or the form found broken. */
function noteMessage(i18n: I18n, violation: Violation): string {
  if (violation.field === 'note' && violation.rule === 'required') return i18n.t('feasibility.noteRequired');
  if (violation.field === 'note' && violation.rule === 'length') return i18n.t('feasibility.noteTooLong', { max: MAX_NOTE });
  return i18n.language === 'en' ? violation.message : i18n.t('feasibility.invalid');
}

function MarkForm({ entry, onSaved }: { entry: FeasibilityDimensionView; onSaved: (view: FeasibilityView) => void }) {
  const i18n = useI18n();
  const { dimension, latest } = entry;
  const [verdict, setVerdict] = useState<FeasibilityVerdict | null>(latest?.verdict ?? null);
  const [note, setNote] = useState(latest?.note ?? '');
  const [focused, setFocused] = useState(false);
  const marking = useAction<'feasibility.mark'>();
  const { busy, succeeded: saved } = marking;
  // The form's own check (a note the verdict needs), before anything is sent.
  const [formViolations, setFormViolations] = useState<Violation[]>([]);
  const violations = formViolations.length > 0 ? formViolations : marking.violations;
  // A refusal naming fields is shown on them; any other failure above the form.
  const error = marking.violations.length > 0 ? null : marking.error;
  useEffect(() => {
    setVerdict(latest?.verdict ?? null);
    setNote(latest?.note ?? '');
  }, [latest]);

  const selectId = `rt-feasibility-${dimension}-verdict`;
  const noteId = `rt-feasibility-${dimension}-note`;
  const noteNeeded = verdict !== null && verdict !== 'feasible';
  const options = VERDICTS.map((value) => ({ value, label: verdictLabel(i18n, value) }));
  const unchanged = latest !== null && verdict === latest.verdict && note.trim() === latest.note;

  const save = async () => {
    if (!verdict) return;
    if (noteNeeded && !note.trim()) {
      setFormViolations([{ field: 'note', rule: 'required', message: '' }]);
      return;
    }
    setFormViolations([]);
    const result = await marking.run('feasibility.mark', { dimension, verdict, note });
    if (result.ok) onSaved(result.data);
  };
  /** An edit answers the rules broken so far; a failure of another kind stays shown until the next save. */
  const forgetViolations = ({ andSaved }: { andSaved: boolean }) => {
    setFormViolations([]);
    if (marking.violations.length > 0 || (andSaved && marking.succeeded)) marking.clear();
  };

  const noteViolations = violations.filter((violation) => violation.field === 'note');
  const otherViolations = violations.filter((violation) => violation.field !== 'note');
  return (
    <Stack space="space.100">
      {error ? <ErrorState error={error} /> : null}
      <Stack space="space.050">
        <Label htmlFor={selectId}>{i18n.t('feasibility.verdict')}</Label>
        <div style={{ maxWidth: 280 }}>
          <Select<{ value: FeasibilityVerdict; label: string }, false>
            inputId={selectId}
            spacing="compact"
            options={options}
            value={options.find((option) => option.value === verdict) ?? null}
            placeholder={i18n.t('common.select')}
            isDisabled={busy}
            onChange={(option) => {
              setVerdict(option?.value ?? null);
              forgetViolations({ andSaved: true });
            }}
          />
        </div>
      </Stack>
      <Stack space="space.050">
        <Label htmlFor={noteId}>{noteNeeded ? i18n.t('feasibility.noteRequiredLabel') : i18n.t('feasibility.note')}</Label>
        <textarea
          id={noteId}
          rows={2}
          value={note}
          disabled={busy}
          maxLength={MAX_NOTE}
          aria-invalid={noteViolations.length > 0}
          aria-required={noteNeeded}
          aria-describedby={`${noteId}-hint ${noteId}-error`}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => {
            setNote(event.target.value);
            forgetViolations({ andSaved: false });
          }}
          style={textAreaStyle({ focused, invalid: noteViolations.length > 0 }, 560)}
        />
        <div id={`${noteId}-hint`}>
          <HelperMessage>{i18n.t('feasibility.noteHint')}</HelperMessage>
        </div>
        <div id={`${noteId}-error`} aria-live="polite">
          {[...noteViolations, ...otherViolations].length > 0 ? (
            <ErrorMessage>
              {[...noteViolations, ...otherViolations].map((violation) => noteMessage(i18n, violation)).join(' ')}
            </ErrorMessage>
          ) : null}
        </div>
      </Stack>
      <Inline>
        <Button
          appearance="primary"
          spacing="compact"
          isLoading={busy}
          isDisabled={!verdict || unchanged}
          onClick={() => void save()}
          testId={`rt-feasibility-${dimension}-save`}
        >
          {i18n.t('feasibility.save', { dimension: dimensionLabel(i18n, dimension) })}
        </Button>
      </Inline>
      <div role="status" data-testid={`rt-feasibility-${dimension}-saved`}>
        {saved && latest ? (
          <Text color="color.text.success">
            {i18n.t('feasibility.saved', {
              dimension: dimensionLabel(i18n, dimension),
              verdict: verdictLabel(i18n, latest.verdict),
            })}
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}

function DimensionCard({ entry, onSaved }: { entry: FeasibilityDimensionView; onSaved: (view: FeasibilityView) => void }) {
  const i18n = useI18n();
  const { dimension, latest, canSet, holders } = entry;
  const who = holders.length > 0 ? i18n.list(holders.map((holder) => holder.name)) : i18n.t('feasibility.anyEditor');
  return (
    <div
      data-testid={`rt-feasibility-${dimension}`}
      data-verdict={latest?.verdict ?? 'none'}
      style={{
        border: `${token('border.width', '1px')} solid ${latest?.verdict === 'not-feasible' ? token('color.border.danger', '#E2483D') : token('color.border', '#0B120E24')}`,
        borderRadius: token('radius.medium', '6px'),
        padding: token('space.150', '12px'),
      }}
    >
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h3">
            {dimensionLabel(i18n, dimension)}
          </Heading>
          <VerdictLozenge verdict={latest?.verdict ?? null} />
        </Inline>
        {latest ? <MarkDetails mark={latest} /> : null}
        {canSet ? (
          <MarkForm entry={entry} onSaved={onSaved} />
        ) : (
          <Text size="small" color="color.text.subtle" testId={`rt-feasibility-${dimension}-who`}>
            {i18n.t('feasibility.whoMay', { who })}
          </Text>
        )}
      </Stack>
    </div>
  );
}

function History({ history }: { history: FeasibilityMark[] }) {
  const i18n = useI18n();
  const [open, setOpen] = useState(false);
  if (history.length === 0) return null;
  return (
    <Stack space="space.100">
      <Inline>
        <Button
          appearance="subtle"
          spacing="compact"
          aria-expanded={open}
          aria-controls="rt-feasibility-history"
          onClick={() => setOpen(!open)}
        >
          {open ? i18n.t('feasibility.hideHistory') : i18n.t('feasibility.showHistory', { count: history.length })}
        </Button>
      </Inline>
      {open ? (
        <ol
          id="rt-feasibility-history"
          data-testid="rt-feasibility-history"
          style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}
        >
          {history.map((mark) => (
            <li key={`${mark.dimension}-${mark.at}-${mark.by.accountId}`} style={{ marginBlockEnd: token('space.100', '8px') }}>
              <Stack space="space.050">
                <Inline space="space.100" alignBlock="center" shouldWrap>
                  <Text weight="medium">{dimensionLabel(i18n, mark.dimension)}</Text>
                  <VerdictLozenge verdict={mark.verdict} />
                </Inline>
                <MarkDetails mark={mark} />
              </Stack>
            </li>
          ))}
        </ol>
      ) : null}
    </Stack>
  );
}

/** Technical, business and compliance marks: each set by the roles the project names, read-only for everyone else. */
export function Feasibility({ loaded, readOnly = false }: { loaded: ResolverState<FeasibilityView>; readOnly?: boolean }) {
  const i18n = useI18n();
  const [view, setView] = useState<FeasibilityView | null>(null);
  useEffect(() => setView(loaded.data), [loaded.data]);
  // A closed duplicate keeps its marks for reference; nobody sets new ones on it.
  const shown = view && readOnly ? { ...view, dimensions: view.dimensions.map((entry) => ({ ...entry, canSet: false })) } : view;

  let content;
  if (loaded.error) content = <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  else if (!shown) content = <Loading />;
  else
    content = (
      <Stack space="space.150">
        {shown.summary.notFeasible.length > 0 ? (
          <SectionMessage appearance="error">
            <Text as="p">
              {i18n.t('feasibility.notFeasibleWarning', {
                dimensions: i18n.list(shown.summary.notFeasible.map((dimension) => dimensionLabel(i18n, dimension))),
              })}
            </Text>
          </SectionMessage>
        ) : null}
        <Box>
          <Stack space="space.150">
            {shown.dimensions.map((entry) => (
              <DimensionCard key={entry.dimension} entry={entry} onSaved={setView} />
            ))}
          </Stack>
        </Box>
        <History history={shown.history} />
      </Stack>
    );
  return (
    // No accessible name on the section itself: "Feasibility marks" would also answer to the Feasibility input's label; the heading names it.
    <section data-testid="rt-feasibility">
      <Stack space="space.150">
        <Heading size="small" as="h2" id="rt-feasibility-heading">
          {i18n.t('feasibility.title')}
        </Heading>
        {content}
      </Stack>
    </section>
  );
}
