import { useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select, { AsyncSelect } from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { view as hostView } from '@forge/bridge';
import { NOTICE_CHANNELS, type ClosureRecord } from '../../../src/domain/delivery/closure';
import { instantOfWallTime, wallTimeOf } from '../../../src/domain/wall-time';
import { searchCustomers } from '../../shared/api';
import { announceRequirementChanged } from '../../shared/events';
import type { ClosureStage, ClosureView, Violation } from '../../shared/api';
import { ErrorState, Loading, textAreaStyle } from '../../shared/components';
import { useAction, type ResolverState } from '../../shared/hooks';
import { useI18n, type I18n, type MessageKey } from '../../shared/i18n';

/**
 * The closure-feedback loop on a done (or Won't-have) requirement: where it stands, the notice to
 * the customers, the follow-up with satisfaction per customer, a manager's waiver, and the archive
 * once closed. People without the duty see the record and who may record it.
 */

const HOUR_MS = 3_600_000;
const SATISFACTION = [1, 2, 3, 4, 5] as const;

const STAGE_APPEARANCE: Record<ClosureStage, 'default' | 'inprogress' | 'moved' | 'removed' | 'success'> = {
  'not-done': 'default',
  'notice-due': 'inprogress',
  'notice-overdue': 'removed',
  'follow-up-pending': 'default',
  'follow-up-due': 'inprogress',
  'follow-up-overdue': 'removed',
  unsatisfied: 'moved',
  'ready-to-close': 'success',
  closed: 'success',
};

/**
 * Times are typed as "yyyy-mm-dd hh:mm" in the zone the panel shows its dates in (named beside the
 * field), never in the browser's own zone; the record keeps ISO instants. The minute is rounded up
 * so "now" is never before a completion earlier in the same minute (the server allows a few minutes
 * ahead of Jira's clock).
 */
const toWallInput = (iso: string, timeZone: string): string =>
  wallTimeOf(new Date(Math.ceil(Date.parse(iso) / 60_000) * 60_000).toISOString(), timeZone);
/** The instant typed, or the text as typed (the server then names the rule it breaks). */
const fromWallInput = (value: string, timeZone: string): string => instantOfWallTime(value, timeZone) ?? value;
const WALL_EXAMPLE = '2026-12-03 14:30';

function stageText(i18n: I18n, view: ClosureView): string {
  const { stage, due, now } = view;
  const hours = (from: string, to: string) => Math.max(0, Math.ceil((Date.parse(to) - Date.parse(from)) / HOUR_MS));
  switch (stage) {
    case 'notice-due':
      return due.noticeDueAt
        ? i18n.t('closure.stage.notice-due', { hours: hours(now, due.noticeDueAt) })
        : i18n.t('closure.stage.notice-due.wont');
    case 'notice-overdue':
      return i18n.t('closure.stage.notice-overdue', { hours: hours(due.noticeDueAt ?? now, now) });
    case 'follow-up-pending':
      return i18n.t('closure.stage.follow-up-pending', {
        from: i18n.day(due.followUpFrom ?? ''),
        to: i18n.day(due.followUpTo ?? ''),
      });
    case 'follow-up-due':
    case 'follow-up-overdue':
      return i18n.t(`closure.stage.${stage}`, { to: i18n.day(due.followUpTo ?? '') });
    default:
      return i18n.t(`closure.stage.${stage}`);
  }
}

/** A violation in the user's language; the field's own words where the catalogue has them. */
function violationText(i18n: I18n, violation: Violation, record: ClosureRecord): string {
  const field = violation.field.replace(/^answers\.\d+\./, 'answers.');
  const limit = violation.params?.limit;
  const key = `closure.error.${field}.${violation.rule}${violation.rule === 'order' && field === 'at' && typeof limit === 'string' ? `.${limit}` : ''}`;
  const date = i18n.date((limit === 'notice' ? record.notice?.at : record.completedAt) ?? '');
  const translated = i18n.t(key as MessageKey, { ...(violation.params ?? {}), date });
  if (translated !== key) return translated;
  return i18n.language === 'en' ? violation.message : i18n.t('closure.error.generic');
}

function FieldError({ id, violations, record }: { id: string; violations: Violation[]; record: ClosureRecord }) {
  const i18n = useI18n();
  return (
    <div id={`${id}-error`} aria-live="polite">
      {violations.length > 0 ? (
        <ErrorMessage>{violations.map((violation) => violationText(i18n, violation, record)).join(' ')}</ErrorMessage>
      ) : null}
    </div>
  );
}

function TextArea(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  disabled: boolean;
}) {
  const [focused, setFocused] = useState(false);
  return (
    <Stack space="space.050">
      <Label htmlFor={props.id}>{props.label}</Label>
      <textarea
        id={props.id}
        rows={3}
        value={props.value}
        disabled={props.disabled}
        maxLength={4000}
        aria-invalid={props.invalid}
        aria-describedby={`${props.id}-error`}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => props.onChange(event.target.value)}
        style={textAreaStyle({ focused, invalid: props.invalid }, 640)}
      />
    </Stack>
  );
}

function DateTimeInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  disabled: boolean;
}) {
  const i18n = useI18n();
  const instant = instantOfWallTime(props.value, i18n.timeZone);
  return (
    <Stack space="space.050">
      <Label htmlFor={props.id}>{i18n.t('closure.at.label', { label: props.label, zone: i18n.timeZone })}</Label>
      <div style={{ width: 200 }}>
        <Textfield
          id={props.id}
          value={props.value}
          inputMode="numeric"
          placeholder={WALL_EXAMPLE}
          isDisabled={props.disabled}
          isInvalid={props.invalid}
          aria-describedby={`${props.id}-reads ${props.id}-error`}
          onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.value)}
        />
      </div>
      <div id={`${props.id}-reads`}>
        <Text size="small" color="color.text.subtle">
          {instant
            ? i18n.t('closure.at.reads', { date: i18n.date(instant), zone: i18n.timeZone })
            : i18n.t('closure.at.format', { example: WALL_EXAMPLE })}
        </Text>
      </div>
    </Stack>
  );
}

/** Violations of one field (exact, or `prefix.*` rows). */
const violationsOf = (violations: Violation[], field: string): Violation[] =>
  violations.filter((violation) => violation.field === field);

type Submit = (key: 'closure.notice' | 'closure.followUp' | 'closure.waive', payload: never) => Promise<boolean>;
/** Drops the shown violations of a field (and its rows) once the person changes it. */
type Dismiss = (field: string) => void;

interface CustomerOption {
  value: string;
  label: string;
}

/**
 * Who was told, picked from the archive: the requirement's linked customers (ticked unless unticked)
 * and any other archived customer found by name or number. No free text, so the notice names the
 * customers the archive and the demand count know (issue 18).
 */
function CustomersTold({
  projectKey,
  linked,
  chosen,
  onChange,
  busy,
  invalid,
}: {
  projectKey: string;
  linked: string[];
  chosen: string[];
  onChange: (names: string[]) => void;
  busy: boolean;
  invalid: boolean;
}) {
  const i18n = useI18n();
  const names = [...linked, ...chosen.filter((name) => !linked.includes(name))];
  const toggle = (name: string, on: boolean) => onChange(on ? [...chosen, name] : chosen.filter((other) => other !== name));
  const search = async (query: string): Promise<CustomerOption[]> => {
    return (await searchCustomers(projectKey, query))
      .filter((customer) => customer.erasedAt === null && !names.includes(customer.name))
      .map((customer) => ({ value: customer.name, label: `${customer.number} ${customer.name}` }));
  };
  return (
    <fieldset
      style={{ border: 0, margin: 0, padding: 0 }}
      aria-describedby="rt-closure-customer-error"
      data-testid="rt-closure-customers"
    >
      <legend>
        <Text weight="semibold">{i18n.t('closure.notice.customers')}</Text>
      </legend>
      <Stack space="space.100">
        <Text size="small" color="color.text.subtle">
          {linked.length > 0 ? i18n.t('closure.notice.linkedHint') : i18n.t('closure.notice.noLinked')}
        </Text>
        {names.length > 0 ? (
          <Stack space="space.050">
            {names.map((name) => (
              <label key={name} style={{ display: 'inline-flex', gap: token('space.075', '6px'), alignItems: 'center' }}>
                <input
                  type="checkbox"
                  checked={chosen.includes(name)}
                  disabled={busy}
                  aria-invalid={invalid}
                  onChange={(event) => toggle(name, event.target.checked)}
                />
                <Text>{name}</Text>
              </label>
            ))}
          </Stack>
        ) : null}
        <div style={{ maxWidth: 360 }}>
          <Stack space="space.050">
            <Label htmlFor="rt-closure-customer">{i18n.t('closure.notice.otherCustomer')}</Label>
            <AsyncSelect<CustomerOption, false>
              inputId="rt-closure-customer"
              spacing="compact"
              cacheOptions={false}
              defaultOptions
              key={names.join(',')}
              loadOptions={search}
              value={null}
              isDisabled={busy}
              isInvalid={invalid}
              placeholder={i18n.t('closure.notice.searchCustomer')}
              loadingMessage={() => i18n.t('links.searching')}
              noOptionsMessage={() => i18n.t('links.noMatches')}
              onChange={(option) => option && onChange([...chosen, option.value])}
            />
          </Stack>
        </div>
      </Stack>
    </fieldset>
  );
}

function NoticeForm({
  view,
  projectKey,
  busy,
  violations,
  onSubmit,
}: {
  view: ClosureView;
  projectKey: string;
  busy: boolean;
  violations: Violation[];
  onSubmit: Submit;
}) {
  const i18n = useI18n();
  const existing = view.record.notice;
  const [channel, setChannel] = useState<string | null>(existing?.channel ?? null);
  const [at, setAt] = useState(toWallInput(existing?.at ?? view.now, i18n.timeZone));
  const [summary, setSummary] = useState(existing?.summary ?? '');
  const [customers, setCustomers] = useState<string[]>(existing?.customers ?? view.linkedCustomers);
  const options = NOTICE_CHANNELS.map((value) => ({ value, label: i18n.t(`customers.channel.${value}`) }));
  const submit = () =>
    void onSubmit('closure.notice', {
      channel: channel ?? '',
      at: fromWallInput(at, i18n.timeZone),
      summary,
      customers,
    } as never);
  return (
    <section aria-labelledby="rt-closure-notice-heading" data-testid="rt-closure-notice-form">
      <Stack space="space.150">
        <Heading size="xsmall" as="h3" id="rt-closure-notice-heading">
          {i18n.t('closure.notice.title')}
        </Heading>
        <Inline space="space.200" shouldWrap alignBlock="start">
          <Stack space="space.050">
            <Label htmlFor="rt-closure-channel">{i18n.t('closure.notice.channel')}</Label>
            <div style={{ minWidth: 200 }}>
              <Select<{ value: string; label: string }, false>
                inputId="rt-closure-channel"
                spacing="compact"
                options={options}
                value={options.find((option) => option.value === channel) ?? null}
                placeholder={i18n.t('common.select')}
                isDisabled={busy}
                isInvalid={violationsOf(violations, 'channel').length > 0}
                aria-describedby="rt-closure-channel-error"
                onChange={(option) => setChannel(option?.value ?? null)}
              />
            </div>
            <FieldError id="rt-closure-channel" violations={violationsOf(violations, 'channel')} record={view.record} />
          </Stack>
          <Stack space="space.050">
            <DateTimeInput
              id="rt-closure-notice-at"
              label={i18n.t('closure.notice.at')}
              value={at}
              onChange={setAt}
              invalid={violationsOf(violations, 'at').length > 0}
              disabled={busy}
            />
            <FieldError id="rt-closure-notice-at" violations={violationsOf(violations, 'at')} record={view.record} />
          </Stack>
        </Inline>
        <Stack space="space.050">
          <TextArea
            id="rt-closure-summary"
            label={i18n.t(
              view.wontHave && view.record.completedAt === null ? 'closure.notice.summaryWont' : 'closure.notice.summary',
            )}
            value={summary}
            onChange={setSummary}
            invalid={violationsOf(violations, 'summary').length > 0}
            disabled={busy}
          />
          <FieldError id="rt-closure-summary" violations={violationsOf(violations, 'summary')} record={view.record} />
        </Stack>
        <Stack space="space.050">
          <CustomersTold
            projectKey={projectKey}
            linked={view.linkedCustomers}
            chosen={customers}
            onChange={setCustomers}
            busy={busy}
            invalid={violationsOf(violations, 'customers').length > 0}
          />
          <FieldError id="rt-closure-customer" violations={violationsOf(violations, 'customers')} record={view.record} />
        </Stack>
        <div>
          <Button appearance="primary" isLoading={busy} onClick={submit}>
            {i18n.t('closure.notice.save')}
          </Button>
        </div>
      </Stack>
    </section>
  );
}

function SatisfactionButtons({
  id,
  customer,
  value,
  onChange,
  disabled,
  invalid,
}: {
  id: string;
  customer: string;
  value: number | null;
  onChange: (value: number) => void;
  disabled: boolean;
  invalid: boolean;
}) {
  const i18n = useI18n();
  return (
    <div
      role="radiogroup"
      aria-label={i18n.t('closure.followUp.satisfactionOf', { customer })}
      aria-describedby={`${id}-error`}
      aria-invalid={invalid}
      style={{ display: 'flex', gap: token('space.050', '4px') }}
    >
      {SATISFACTION.map((score) => (
        <Button
          key={score}
          spacing="compact"
          appearance={value === score ? 'primary' : 'default'}
          isDisabled={disabled}
          role="radio"
          aria-checked={value === score}
          onClick={() => onChange(score)}
        >
          {i18n.number(score)}
        </Button>
      ))}
    </div>
  );
}

function FollowUpForm({
  view,
  busy,
  violations,
  onSubmit,
  onDismiss,
}: {
  view: ClosureView;
  busy: boolean;
  violations: Violation[];
  onSubmit: Submit;
  onDismiss: Dismiss;
}) {
  const i18n = useI18n();
  const customers = view.record.notice?.customers ?? [];
  const [at, setAt] = useState(toWallInput(view.now, i18n.timeZone));
  const [answers, setAnswers] = useState(
    customers.map((customer) => ({ customer, satisfaction: null as number | null, comment: '' })),
  );
  const update = (index: number, change: Partial<(typeof answers)[number]>) =>
    setAnswers(answers.map((answer, position) => (position === index ? { ...answer, ...change } : answer)));
  const submit = () =>
    void onSubmit('closure.followUp', {
      at: fromWallInput(at, i18n.timeZone),
      answers: answers.map((answer) => ({
        customer: answer.customer,
        satisfaction: answer.satisfaction ?? 0,
        comment: answer.comment,
      })),
    } as never);
  return (
    <section aria-labelledby="rt-closure-follow-up-heading" data-testid="rt-closure-follow-up-form">
      <Stack space="space.150">
        <Heading size="xsmall" as="h3" id="rt-closure-follow-up-heading">
          {i18n.t('closure.followUp.title')}
        </Heading>
        <Stack space="space.050">
          <DateTimeInput
            id="rt-closure-follow-up-at"
            label={i18n.t('closure.followUp.at')}
            value={at}
            onChange={setAt}
            invalid={violationsOf(violations, 'at').length > 0}
            disabled={busy}
          />
          <FieldError id="rt-closure-follow-up-at" violations={violationsOf(violations, 'at')} record={view.record} />
          <EarlyFollowUp view={view} at={instantOfWallTime(at, i18n.timeZone)} />
        </Stack>
        {answers.map((answer, index) => {
          const rowViolations = violations.filter((violation) => violation.field.startsWith(`answers.${index}.`));
          const id = `rt-closure-answer-${index}`;
          return (
            <Stack key={answer.customer} space="space.075" testId={id}>
              <Text weight="semibold">{answer.customer}</Text>
              <Text size="small" color="color.text.subtle">
                {i18n.t('closure.followUp.satisfactionOf', { customer: answer.customer })}
              </Text>
              <SatisfactionButtons
                id={id}
                customer={answer.customer}
                value={answer.satisfaction}
                onChange={(satisfaction) => {
                  update(index, { satisfaction });
                  onDismiss(`answers.${index}.satisfaction`);
                }}
                disabled={busy}
                invalid={rowViolations.length > 0}
              />
              <div style={{ maxWidth: 640 }}>
                <Textfield
                  aria-label={`${i18n.t('closure.followUp.comment')} · ${answer.customer}`}
                  placeholder={i18n.t('closure.followUp.comment')}
                  value={answer.comment}
                  isDisabled={busy}
                  onChange={(event: ChangeEvent<HTMLInputElement>) => update(index, { comment: event.target.value })}
                />
              </div>
              <FieldError id={id} violations={rowViolations} record={view.record} />
            </Stack>
          );
        })}
        <FieldError
          id="rt-closure-answers"
          violations={violationsOf(violations, 'answers').concat(violationsOf(violations, 'followUp'))}
          record={view.record}
        />
        <div>
          <Button appearance="primary" isLoading={busy} onClick={submit}>
            {i18n.t('closure.followUp.save')}
          </Button>
        </div>
      </Stack>
    </section>
  );
}

/** A follow-up before the window is allowed (the customer may have been asked early) but never silently. */
function EarlyFollowUp({ view, at }: { view: ClosureView; at: string | null }) {
  const i18n = useI18n();
  const told = view.record.notice?.at;
  const { followUpFrom, followUpTo } = view.due;
  if (!at || !told || !followUpFrom || Date.parse(at) >= Date.parse(followUpFrom)) return null;
  const days = Math.max(0, Math.floor((Date.parse(at) - Date.parse(told)) / 86_400_000));
  return (
    <div data-testid="rt-closure-follow-up-early" role="status">
      <SectionMessage appearance="warning">
        <Text as="p">
          {i18n.t('closure.followUp.early', {
            days,
            from: view.followUpDays.from,
            to: view.followUpDays.to,
            start: i18n.date(followUpFrom),
            end: i18n.date(followUpTo ?? followUpFrom),
          })}
        </Text>
      </SectionMessage>
    </div>
  );
}

function WaiverForm({
  view,
  busy,
  violations,
  onSubmit,
}: {
  view: ClosureView;
  busy: boolean;
  violations: Violation[];
  onSubmit: Submit;
}) {
  const i18n = useI18n();
  const [reason, setReason] = useState('');
  return (
    <section aria-labelledby="rt-closure-waiver-heading" data-testid="rt-closure-waiver-form">
      <Stack space="space.100">
        <Heading size="xsmall" as="h3" id="rt-closure-waiver-heading">
          {i18n.t('closure.waiver.title')}
        </Heading>
        <TextArea
          id="rt-closure-waiver-reason"
          label={i18n.t('closure.waiver.reason')}
          value={reason}
          onChange={setReason}
          invalid={violationsOf(violations, 'reason').length > 0}
          disabled={busy}
        />
        <FieldError
          id="rt-closure-waiver-reason"
          violations={violationsOf(violations, 'reason').concat(violationsOf(violations, 'waiver'))}
          record={view.record}
        />
        <div>
          <Button isLoading={busy} onClick={() => void onSubmit('closure.waive', { reason } as never)}>
            {i18n.t('closure.waiver.save')}
          </Button>
        </div>
      </Stack>
    </section>
  );
}

/** What is recorded so far, as sentences. */
function Recorded({ record }: { record: ClosureRecord }) {
  const i18n = useI18n();
  const lines: ReactNode[] = [];
  const by = (name: string | undefined) => (name ? ` ${i18n.t('closure.recordedBy', { name })}` : '');
  if (record.notice) {
    const { notice } = record;
    lines.push(
      <Stack key="notice" space="space.050">
        <Text>
          {i18n.t('closure.notice.recorded', {
            customers: i18n.list(notice.customers),
            channel: i18n.t(`customers.channel.${notice.channel}`),
            date: i18n.date(notice.at),
          })}
          {by(notice.recordedBy?.displayName)}
        </Text>
        <Text color="color.text.subtle">{notice.summary}</Text>
      </Stack>,
    );
  }
  if (record.followUp) {
    const { followUp } = record;
    lines.push(
      <Stack key="follow-up" space="space.050">
        <Text>
          {i18n.t('closure.followUp.recorded', { date: i18n.date(followUp.at) })}
          {by(followUp.recordedBy?.displayName)}
        </Text>
        <ul style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}>
          {followUp.answers.map((answer) => (
            <li key={answer.customer}>
              <Text>
                {i18n.t('closure.followUp.answer', { customer: answer.customer, satisfaction: i18n.number(answer.satisfaction) })}
              </Text>
              {answer.comment ? <Text color="color.text.subtle"> · {answer.comment}</Text> : null}
            </li>
          ))}
        </ul>
      </Stack>,
    );
  }
  if (record.waiver) {
    lines.push(
      <Text key="waiver">
        {i18n.t('closure.waiver.recorded', {
          name: record.waiver.byName ?? record.waiver.by,
          date: i18n.date(record.waiver.at),
          reason: record.waiver.reason,
        })}
      </Text>,
    );
  }
  if (lines.length === 0) return null;
  return (
    <Stack space="space.100" testId="rt-closure-recorded">
      {lines}
    </Stack>
  );
}

/** Ready to close: who closes it and how, with the step itself for those who may. */
function CloseStep({ view, busy, onClose }: { view: ClosureView; busy: boolean; onClose: () => void }) {
  const i18n = useI18n();
  return (
    <section aria-labelledby="rt-closure-close-heading" data-testid="rt-closure-close">
      <SectionMessage appearance="success">
        <Stack space="space.100">
          <Heading size="xsmall" as="h3" id="rt-closure-close-heading">
            {i18n.t('closure.close.title')}
          </Heading>
          <Text as="p">{i18n.t('closure.close.ready')}</Text>
          <Text as="p">{i18n.t(view.canClose ? 'closure.close.you' : 'closure.close.who')}</Text>
          {view.canClose ? (
            <div>
              <Button appearance="primary" isLoading={busy} onClick={onClose}>
                {i18n.t('closure.close.button')}
              </Button>
            </div>
          ) : null}
        </Stack>
      </SectionMessage>
    </section>
  );
}

function blockersOf(view: ClosureView): MessageKey[] {
  if (view.stage === 'closed') return [];
  const { record } = view;
  if (view.wontHave)
    return [
      ...(view.wontReason ? [] : ['closure.blocker.wontReason' as const]),
      ...(record.notice ? [] : ['closure.blocker.wontNotice' as const]),
    ];
  if (record.waiver) return [];
  return [
    ...(record.notice ? [] : ['closure.blocker.notice' as const]),
    ...(record.followUp ? [] : ['closure.blocker.followUp' as const]),
  ];
}

function ClosureBody({ initial, projectKey }: { initial: ClosureView; projectKey: string }) {
  const i18n = useI18n();
  const [view, setView] = useState(initial);
  // One for the forms' records (a success shows "Saved"), one for the reopen and close steps.
  const recording = useAction<'closure.notice' | 'closure.followUp' | 'closure.waive'>();
  const stepping = useAction<'closure.reopen' | 'closure.close'>();
  const [dismissed, setDismissed] = useState<string[]>([]);
  useEffect(() => setView(initial), [initial]);
  const busy = recording.busy || stepping.busy;
  const violations = recording.violations.filter((violation) => !dismissed.includes(violation.field));
  const shownError = stepping.error ?? (recording.error?.kind === 'validation' ? null : recording.error);
  const saved = recording.succeeded;
  const dismiss: Dismiss = (field) => setDismissed((current) => [...current, field]);

  const submit: Submit = async (key, payload) => {
    stepping.clear();
    setDismissed([]);
    const result = await recording.run(key, payload);
    if (result.ok) setView(result.data);
    return result.ok;
  };
  const reopen = async () => {
    const result = await stepping.run('closure.reopen', {});
    if (result.ok) setView(result.data);
  };
  /** The Close step: the status changes, so the host page reads the issue again where it can. */
  const close = async () => {
    recording.clear();
    const result = await stepping.run('closure.close', {});
    if (!result.ok) return;
    setView(result.data);
    announceRequirementChanged(result.data.issue.key);
    // Not every module's view may be refreshed (the documented "not refreshable" error): the panel already shows the result.
    void hostView.refresh().catch(() => undefined);
  };

  const { record } = view;
  const open = view.stage !== 'closed';
  const showNoticeForm = open && view.canRecord && record.notice === null;
  // Once recorded, the answers show above; a fresh blank form beneath them would read as "still to do".
  const showFollowUpForm =
    open && view.canRecord && record.notice !== null && record.completedAt !== null && !record.waiver && !record.followUp;
  const showWaiverForm = open && view.canWaive && record.completedAt !== null && !record.followUp && !record.waiver;
  const recorders = view.recorders.length > 0 ? i18n.list(view.recorders) : i18n.t('closure.editors');
  const waivers = view.waivers.length > 0 ? i18n.list(view.waivers) : i18n.t('closure.editors');
  const blockers = blockersOf(view);
  const earlier = (record.history ?? []).map((round) => round.completedAt).filter((at): at is string => at !== null);

  return (
    <Stack space="space.200">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <span data-testid="rt-closure-stage" data-stage={view.stage}>
          <Lozenge appearance={STAGE_APPEARANCE[view.stage]} isBold maxWidth={480}>
            {stageText(i18n, view)}
          </Lozenge>
        </span>
      </Inline>
      <Text as="p">
        {view.wontHave && record.completedAt === null
          ? i18n.t('closure.introWont')
          : record.notice
            ? i18n.t('closure.introTold', {
                date: i18n.date(record.completedAt ?? view.now),
                from: view.followUpDays.from,
                to: view.followUpDays.to,
              })
            : i18n.t('closure.intro', {
                date: i18n.date(record.completedAt ?? view.now),
                from: view.followUpDays.from,
                to: view.followUpDays.to,
              })}
      </Text>
      {earlier.length > 0 ? (
        <Text size="small" color="color.text.subtle">
          {i18n.t('closure.history', { dates: i18n.list(earlier.map((at) => i18n.date(at))) })}
        </Text>
      ) : null}
      {view.stage === 'unsatisfied' ? (
        <div data-testid="rt-closure-unsatisfied">
          <SectionMessage
            appearance="warning"
            actions={
              view.canReopen
                ? [
                    <SectionMessageAction key="reopen" onClick={() => void reopen()}>
                      {i18n.t('closure.reopen')}
                    </SectionMessageAction>,
                  ]
                : []
            }
          >
            <Text as="p">{i18n.t('closure.unsatisfied')}</Text>
          </SectionMessage>
        </div>
      ) : null}
      {shownError ? <ErrorState error={shownError} /> : null}
      {saved && !shownError ? (
        <div role="status">
          <Text color="color.text.success">{i18n.t('closure.saved')}</Text>
        </div>
      ) : null}
      <Recorded record={record} />
      {view.stage === 'closed' && view.archive ? (
        <Stack space="space.050" testId="rt-closure-archive">
          <Heading size="xsmall" as="h3">
            {i18n.t('closure.archive')}
          </Heading>
          <Text>{view.archive}</Text>
        </Stack>
      ) : null}
      {blockers.length > 0 ? (
        <Stack space="space.050">
          <Text weight="semibold">{i18n.t('closure.blockers')}</Text>
          <ul style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}>
            {blockers.map((key) => (
              <li key={key}>
                <Text>{i18n.t(key)}</Text>
              </li>
            ))}
          </ul>
        </Stack>
      ) : null}
      {view.stage === 'ready-to-close' ? <CloseStep view={view} busy={busy} onClose={() => void close()} /> : null}
      {showNoticeForm ? (
        <NoticeForm
          key={`notice-${record.notice?.at ?? 'new'}`}
          view={view}
          projectKey={projectKey}
          busy={busy}
          violations={violations}
          onSubmit={submit}
        />
      ) : null}
      {showFollowUpForm ? (
        <FollowUpForm
          key={`follow-up-${record.notice?.at}-${record.followUp?.at ?? 'new'}`}
          view={view}
          busy={busy}
          violations={violations}
          onSubmit={submit}
          onDismiss={dismiss}
        />
      ) : null}
      {showWaiverForm ? <WaiverForm view={view} busy={busy} violations={violations} onSubmit={submit} /> : null}
      {open && !view.canRecord ? (
        <SectionMessage appearance="information" testId="rt-closure-read-only">
          <Stack space="space.050">
            <Text as="p">{i18n.t('closure.readOnly', { who: recorders })}</Text>
            {!view.canWaive ? <Text as="p">{i18n.t('closure.readOnlyWaiver', { who: waivers })}</Text> : null}
          </Stack>
        </SectionMessage>
      ) : null}
    </Stack>
  );
}

/** Shown once the requirement is done (or Won't-have); nothing before. */
export function Closure({ projectKey, loaded }: { projectKey: string; loaded: ResolverState<ClosureView> }) {
  const i18n = useI18n();
  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return loaded.loading ? <Loading /> : null;
  if (!loaded.data.applies) return null;
  return (
    <section aria-labelledby="rt-closure-heading" data-testid="rt-closure">
      <Stack space="space.150">
        <Heading size="small" as="h2" id="rt-closure-heading">
          {i18n.t('closure.title')}
        </Heading>
        <ClosureBody initial={loaded.data} projectKey={projectKey} />
      </Stack>
    </section>
  );
}
