import { useEffect, useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { CAPTURE_CHOICES, CAPTURE_FIELDS, CAPTURE_LIMITS, type CaptureField } from '../../../src/domain/record';
import {
  type CaptureForm,
  type CaptureOutcome,
  type DraftSimilarItem,
  type ResolverError,
  type Violation,
} from '../../shared/api';
import { EmptyState, ErrorState, Loading, ProjectPage, Section } from '../../shared/components';
import { useAction, useDebounced, useResolver } from '../../shared/hooks';
import { useI18n, type I18n, type MessageKey } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';

/** Waits this long after the last key before asking for likely duplicates, so typing is not a call per key. */
const SIMILAR_DEBOUNCE_MS = 400;
const REQUIRED: readonly CaptureField[] = ['summary', 'channel', 'submitter', 'date'];
const LONG_TEXT: readonly CaptureField[] = ['originalWords', 'background', 'expectedGoal'];
const inputStyle = {
  font: 'inherit',
  padding: token('space.075', '6px'),
  width: '100%',
  boxSizing: 'border-box',
  color: 'inherit',
  background: token('color.background.input', '#FFFFFF'),
  border: `1px solid ${token('color.border.input', '#8C8F97')}`,
  borderRadius: token('radius.small', '3px'),
} as const;

const fieldLabel = (i18n: I18n, field: string): string => i18n.t(`capture.field.${field}` as MessageKey);

function choiceLabel(i18n: I18n, field: CaptureField, value: string): string {
  if (field === 'channel') return i18n.t(`sheet.channel.${value}` as MessageKey);
  if (field === 'nature' || field === 'kind') return i18n.t(`classification.value.${value}` as MessageKey);
  return i18n.t(`capture.${field}.${value}` as MessageKey);
}

/** A refusal of one field in the reader's language: the field's name and the rule it breaks (the server's params fill in the limits). */
export function describeCaptureViolation(i18n: I18n, violation: Violation): string {
  const params = violation.params ?? {};
  const field = fieldLabel(i18n, violation.field);
  const known: Partial<Record<Violation['rule'], MessageKey>> = {
    required: 'capture.rule.required',
    length: 'capture.rule.length',
    enum: 'capture.rule.enum',
    range: 'capture.rule.range',
    type: 'capture.rule.type',
  };
  if (violation.rule === 'syntax')
    return i18n.t(violation.field === 'date' ? 'capture.rule.syntax.date' : 'capture.rule.syntax.customerNumber', {
      field,
      value: String(params.value ?? ''),
    });
  const key = known[violation.rule];
  return key
    ? i18n.t(key, { field, max: String(params.max ?? ''), length: Number(params.length ?? 0), value: String(params.value ?? '') })
    : i18n.language === 'en'
      ? violation.message
      : i18n.t('capture.rule.other', { field });
}

/** The likely duplicates of the draft as it is typed, asked for once typing pauses; a later answer replaces an earlier one. */
function useDraftSimilar(
  projectKey: string,
  summary: string,
  words: string,
): { items: DraftSimilarItem[] | null; error: ResolverError | null } {
  const empty = summary.trim() === '' && words.trim() === '';
  const [settledSummary, settledWords] = JSON.parse(useDebounced(JSON.stringify([summary, words]), SIMILAR_DEBOUNCE_MS)) as [
    string,
    string,
  ];
  const similar = useResolver(
    'capture.similar',
    { projectKey, summary: settledSummary, words: settledWords },
    { enabled: !empty && (settledSummary.trim() !== '' || settledWords.trim() !== '') },
  );
  // An emptied draft has no duplicates, whatever the last answer was.
  if (empty) return { items: null, error: null };
  return similar.error ? { items: null, error: similar.error } : { items: similar.data, error: null };
}

/** Archive customers whose name starts with what is typed in the customer field (a number typed whole needs none), offered as the field's suggestions. */
function useCustomerSuggestions(projectKey: string, typed: string): { number: string; name: string }[] {
  const query = useDebounced(typed.trim(), SIMILAR_DEBOUNCE_MS);
  // An empty field or a whole number keeps the last suggestions.
  const found = useResolver('customers.list', { projectKey, query }, { enabled: query !== '' && !/^CUS\d{9}$/.test(query) });
  return useMemo(
    () =>
      (found.data?.customers ?? [])
        .filter((customer) => customer.erasedAt === null)
        .map((customer) => ({ number: customer.number, name: customer.name })),
    [found.data],
  );
}

function DraftSimilarList({
  items,
  canAddDemand,
  busy,
  onAddDemand,
}: {
  items: DraftSimilarItem[];
  canAddDemand: boolean;
  busy: boolean;
  onAddDemand: (key: string) => void;
}) {
  const i18n = useI18n();
  if (items.length === 0) return <Text color="color.text.subtle">{i18n.t('capture.similarNone')}</Text>;
  return (
    <ol style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }} data-testid="rt-capture-similar-list">
      {items.map((item) => (
        <li key={item.id} style={{ marginBlockEnd: token('space.100', '8px') }} data-key={item.key}>
          <Stack space="space.075">
            <Inline space="space.100" alignBlock="center" shouldWrap>
              <a
                href={`/browse/${item.key}`}
                onClick={(event) => {
                  event.preventDefault();
                  openIssue(item.key);
                }}
              >
                <Text weight="semibold" color="color.link">
                  {item.key}
                </Text>
              </a>
              <Text>{item.summary}</Text>
              <Lozenge>{item.status}</Lozenge>
              <Text color="color.text.subtle">
                {i18n.t('capture.similarity', { percent: i18n.percent(Math.round(item.similarity * 100)) })}
              </Text>
            </Inline>
            <Text size="small" color="color.text.subtle">
              {item.sharedWords.length > 0
                ? i18n.t('capture.shared', { words: item.sharedWords.join(i18n.t('capture.sharedSeparator')) })
                : i18n.t('capture.sharedNone')}
              {' · '}
              {i18n.plural('links.demand', item.demandCount)}
            </Text>
            {canAddDemand ? (
              <Inline>
                <Button
                  appearance="default"
                  spacing="compact"
                  isDisabled={busy}
                  onClick={() => onAddDemand(item.key)}
                  testId={`rt-capture-demand-${item.key}`}
                >
                  {i18n.t('capture.addDemand', { key: item.key })}
                </Button>
              </Inline>
            ) : null}
          </Stack>
        </li>
      ))}
    </ol>
  );
}

function FieldInput({
  field,
  value,
  onChange,
  today,
  invalid,
  customers = [],
}: {
  field: CaptureField;
  value: string;
  onChange: (value: string) => void;
  today: string;
  invalid: boolean;
  customers?: { number: string; name: string }[];
}) {
  const i18n = useI18n();
  const id = `rt-capture-${field}`;
  const choices = CAPTURE_CHOICES[field];
  const common = {
    id,
    name: field,
    'aria-required': REQUIRED.includes(field),
    'aria-invalid': invalid,
    'aria-describedby': invalid ? `${id}-problem` : undefined,
    style: { ...inputStyle, ...(invalid ? { borderColor: token('color.border.danger', '#E2483D') } : {}) },
  };
  let input;
  if (choices)
    input = (
      <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{i18n.t('capture.choose')}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choiceLabel(i18n, field, choice)}
          </option>
        ))}
      </select>
    );
  else if (LONG_TEXT.includes(field))
    input = (
      <textarea
        {...common}
        rows={field === 'originalWords' ? 4 : 2}
        maxLength={CAPTURE_LIMITS[field]}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  else if (field === 'date')
    input = <input {...common} type="date" max={today} value={value} onChange={(event) => onChange(event.target.value)} />;
  else if (field === 'customerNumber')
    input = (
      <>
        <input
          {...common}
          type="text"
          list={`${id}-archive`}
          placeholder="CUS202405001"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
        <datalist id={`${id}-archive`}>
          {customers.map((customer) => (
            <option key={customer.number} value={customer.number}>
              {customer.name}
            </option>
          ))}
        </datalist>
      </>
    );
  else
    input = (
      <input
        {...common}
        type="text"
        maxLength={CAPTURE_LIMITS[field]}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  return (
    <Stack space="space.050">
      <Inline space="space.050">
        <label htmlFor={id}>
          <Text weight="semibold">{fieldLabel(i18n, field)}</Text>
        </label>
        {/* Outside the label, so the field's name is the register's word alone; aria-required says it to screen readers. */}
        {REQUIRED.includes(field) ? (
          <Text aria-hidden="true" color="color.text.danger">
            *
          </Text>
        ) : null}
      </Inline>
      {input}
    </Stack>
  );
}

/**
 * Quick capture (the project page's "Capture" subpage): a demand heard in a customer interview or
 * from a business department, in the register's field order. Likely duplicates are listed while the
 * summary is typed, and the demand can go to one of them instead of becoming a new requirement.
 */
export default function CapturePage({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const view = useResolver('capture.get', { projectKey });
  const [form, setForm] = useState<CaptureForm>({});
  const submitting = useAction<'capture.create' | 'capture.addDemand'>();
  const { busy, violations } = submitting;
  // A refusal naming fields is listed on them; any other failure is shown above the form.
  const error = violations.length > 0 ? null : submitting.error;
  // The last capture stays announced while the next one is typed, sent or refused.
  const outcome: CaptureOutcome | null = submitting.result;
  const similar = useDraftSimilar(projectKey, form.summary ?? '', form.originalWords ?? '');
  const customers = useCustomerSuggestions(projectKey, form.customerNumber ?? '');

  // The date and the submitter start at today and the caller, as the register's rows usually are.
  useEffect(() => {
    if (view.data) setForm((current) => ({ date: view.data!.today, submitter: view.data!.submitter, ...current }));
  }, [view.data]);

  if (view.error)
    return (
      <ProjectPage title={i18n.t('capture.title')} projectKey={projectKey}>
        <ErrorState error={view.error} onRetry={view.reload} />
      </ProjectPage>
    );
  if (!view.data) return <Loading />;
  if (!view.data.setUp) return <EmptyState title={i18n.t('capture.notSetUp')} />;
  const { canCreate, canAddDemand } = view.data;

  const submit = async (sent: Promise<{ ok: boolean }>) => {
    if ((await sent).ok) setForm({ date: view.data!.today, submitter: view.data!.submitter });
  };
  const create = () => submit(submitting.run('capture.create', { projectKey, form }));
  const addDemand = (issueKey: string) => submit(submitting.run('capture.addDemand', { projectKey, issueKey, form }));
  const problemOf = (field: CaptureField) => violations.filter((violation) => violation.field === field);

  return (
    <ProjectPage title={i18n.t('capture.title')} projectKey={projectKey}>
      <Text as="p" color="color.text.subtle">
        {i18n.t('capture.intro')}
      </Text>
      {outcome ? (
        <div data-testid="rt-capture-outcome" data-key={outcome.key} data-action={outcome.action}>
          <SectionMessage appearance="success">
            <Text as="p">
              {outcome.action === 'created'
                ? i18n.t('capture.created', { key: outcome.key })
                : outcome.customerAlreadyCounted
                  ? i18n.t('capture.demandAddedCounted', { key: outcome.key })
                  : i18n.t('capture.demandAdded', { key: outcome.key, count: outcome.demandCount })}{' '}
              <a
                href={`/browse/${outcome.key}`}
                onClick={(event) => {
                  event.preventDefault();
                  openIssue(outcome.key);
                }}
              >
                {i18n.t('capture.open', { key: outcome.key })}
              </a>
            </Text>
          </SectionMessage>
        </div>
      ) : null}
      {violations.length > 0 ? (
        <div data-testid="rt-capture-problems" role="alert">
          <SectionMessage appearance="error" title={i18n.t('capture.problemsTitle')}>
            <ul style={{ margin: 0 }}>
              {violations.map((violation, at) => (
                <li key={at} data-field={violation.field} data-rule={violation.rule}>
                  <Text>{describeCaptureViolation(i18n, violation)}</Text>
                </li>
              ))}
            </ul>
          </SectionMessage>
        </div>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      <form
        data-testid="rt-capture-form"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <Stack space="space.200">
          {CAPTURE_FIELDS.map((field) => (
            <Stack key={field} space="space.050">
              <FieldInput
                field={field}
                value={form[field] ?? ''}
                today={view.data!.today}
                customers={customers}
                invalid={problemOf(field).length > 0}
                onChange={(value) => setForm((current) => ({ ...current, [field]: value }))}
              />
              {problemOf(field).map((violation, at) => (
                <span key={at} id={`rt-capture-${field}-problem`}>
                  <Text size="small" color="color.text.danger">
                    {describeCaptureViolation(i18n, violation)}
                  </Text>
                </span>
              ))}
              {field === 'summary' && similar.items !== null ? (
                <div data-testid="rt-capture-similar" aria-live="polite" style={{ marginBlockStart: token('space.100', '8px') }}>
                  <Section title={i18n.t('capture.similarTitle')}>
                    <DraftSimilarList
                      items={similar.items}
                      canAddDemand={canAddDemand}
                      busy={busy}
                      onAddDemand={(key) => void addDemand(key)}
                    />
                  </Section>
                </div>
              ) : null}
              {field === 'summary' && similar.error ? <ErrorState error={similar.error} /> : null}
            </Stack>
          ))}
          <Inline space="space.100">
            <Button type="submit" appearance="primary" isDisabled={!canCreate} isLoading={busy} testId="rt-capture-create">
              {i18n.t('capture.create')}
            </Button>
          </Inline>
          {!canCreate ? <Text color="color.text.subtle">{i18n.t('capture.cannotCreate')}</Text> : null}
        </Stack>
      </form>
    </ProjectPage>
  );
}
