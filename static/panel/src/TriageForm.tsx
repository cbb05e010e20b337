import { useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import type { InputFieldName } from '../../../src/domain/fields';
import type { Scale } from '../../../src/domain/framework';
import { MOSCOW_VALUES, validateInputs } from '../../../src/domain/scoring';
import { announceRequirementChanged } from '../../shared/events';
import type { CustomerValueSuggestion, Moscow, TriageView, Violation } from '../../shared/api';
import { ErrorState, textAreaStyle } from '../../shared/components';
import { useAction } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import {
  FACTOR_FIELDS,
  FIELD_ORDER,
  VALUE_COST_FIELDS,
  changedInputs,
  formFromInputs,
  rawInputs,
  violationsByField,
  type FormValues,
  type NumberField,
} from './form-model';

const inputId = (field: InputFieldName) => `rt-input-${field}`;
const MAX_REASON_LENGTH = 1000;

function FieldMessages({ field, hint, violations }: { field: InputFieldName; hint?: string; violations: Violation[] }) {
  const i18n = useI18n();
  return (
    <>
      {hint ? (
        <div id={`${inputId(field)}-hint`}>
          <HelperMessage>{hint}</HelperMessage>
        </div>
      ) : null}
      <div id={`${inputId(field)}-error`} aria-live="polite">
        {violations.length > 0 ? (
          <ErrorMessage>{violations.map((violation) => i18n.violation(violation)).join(' ')}</ErrorMessage>
        ) : null}
      </div>
    </>
  );
}

function NumberInput(props: {
  field: NumberField;
  scale: Scale;
  value: string;
  violations: Violation[];
  disabled: boolean;
  onChange: (field: NumberField, value: string, unreadable: boolean) => void;
  /** Customer value only: what the linked customers suggest, offered beside the input, never filled in by itself. */
  suggestion?: CustomerValueSuggestion | null;
}) {
  const i18n = useI18n();
  const { field, scale, violations, suggestion } = props;
  const id = inputId(field);
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{i18n.field(field)}</Label>
      <Textfield
        id={id}
        name={field}
        type="number"
        inputMode="numeric"
        min={scale.min}
        max={scale.max}
        step={1}
        value={props.value}
        isInvalid={violations.length > 0}
        isDisabled={props.disabled}
        aria-invalid={violations.length > 0}
        aria-describedby={`${id}-hint ${id}-error`}
        onChange={(event: FormEvent<HTMLInputElement>) => {
          const input = event.currentTarget;
          props.onChange(field, input.value, input.validity.badInput);
        }}
      />
      <FieldMessages field={field} hint={i18n.t('panel.scaleHint', { min: scale.min, max: scale.max })} violations={violations} />
      {suggestion ? (
        <Inline space="space.075" alignBlock="center" shouldWrap testId="rt-customer-value-suggestion">
          <Text size="small" color="color.text.subtle">
            {i18n.t('links.suggestion', { value: suggestion.value, type: i18n.t(`customerType.${suggestion.fromType}`) })}
          </Text>
          {props.value !== String(suggestion.value) ? (
            <Button
              spacing="compact"
              isDisabled={props.disabled}
              aria-label={i18n.t('links.useLabel', { value: suggestion.value })}
              onClick={() => props.onChange(field, String(suggestion.value), false)}
            >
              {i18n.t('links.use')}
            </Button>
          ) : null}
        </Inline>
      ) : null}
    </Stack>
  );
}

function ReasonInput({
  value,
  violations,
  disabled,
  onChange,
}: {
  value: string;
  violations: Violation[];
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  const i18n = useI18n();
  const [focused, setFocused] = useState(false);
  const id = inputId('wontReason');
  const invalid = violations.length > 0;
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{i18n.field('wontReason')}</Label>
      <textarea
        id={id}
        name="wontReason"
        rows={3}
        value={value}
        disabled={disabled}
        maxLength={MAX_REASON_LENGTH * 2}
        aria-invalid={invalid}
        aria-required
        aria-describedby={`${id}-hint ${id}-error`}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
        style={textAreaStyle({ focused, invalid })}
      />
      <FieldMessages field="wontReason" hint={i18n.t('panel.wontReasonHint')} violations={violations} />
    </Stack>
  );
}

/** `onView` receives the requirement as the server now has it: after a save, or after loading newer values. */
export function TriageForm({
  view,
  onView,
  suggestion,
}: {
  view: TriageView;
  onView: (view: TriageView) => void;
  suggestion: CustomerValueSuggestion | null;
}) {
  const i18n = useI18n();
  const settings = view.framework.settings;
  const [form, setForm] = useState<FormValues>(() => formFromInputs(view.inputs));
  const [touched, setTouched] = useState<ReadonlySet<InputFieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const saving = useAction<'triage.save'>();
  // "Load current" after a conflict: its failure takes the conflict's place, its success ends it.
  const reloading = useAction<'triage.get'>();
  const saveError = reloading.error ?? saving.error;
  const saved = saving.succeeded;
  // Fields edited since the last save was sent: what the server said about them no longer applies.
  const [editedSinceSave, setEditedSinceSave] = useState<ReadonlySet<string>>(new Set());
  const serverViolations = useMemo(
    () => saving.violations.filter((violation) => !editedSinceSave.has(violation.field)),
    [saving.violations, editedSinceSave],
  );
  const formRef = useRef<HTMLFormElement>(null);

  const check = useMemo(() => validateInputs(rawInputs(form), settings), [form, settings]);
  const clientViolations = check.ok ? [] : check.violations;
  const changes = useMemo(() => changedInputs(form, view.inputs), [form, view.inputs]);
  const dirty = Object.keys(changes).length > 0;

  const shown = useMemo(() => {
    const client = violationsByField(clientViolations);
    const server = violationsByField(serverViolations);
    const byField = new Map<string, Violation[]>();
    for (const field of FIELD_ORDER) {
      const fromClient = submitted || touched.has(field) ? (client.get(field) ?? []) : [];
      const fromServer = (server.get(field) ?? []).filter(
        (violation) => !fromClient.some((other) => other.rule === violation.rule),
      );
      const list = [...fromClient, ...fromServer];
      if (list.length > 0) byField.set(field, list);
    }
    return byField;
  }, [clientViolations, serverViolations, submitted, touched]);
  const otherServerViolations = serverViolations.filter(
    (violation) => !(FIELD_ORDER as readonly string[]).includes(violation.field),
  );
  const violationsFor = (field: InputFieldName) => shown.get(field) ?? [];

  const edit = (field: InputFieldName, update: (previous: FormValues) => FormValues) => {
    setForm(update);
    setTouched((previous) => new Set(previous).add(field));
    setEditedSinceSave((previous) => new Set(previous).add(field));
    // Forgets only a success: a refusal stays shown (with what was typed) until the next save.
    if (saving.succeeded) saving.clear();
  };
  const onNumber = (field: NumberField, value: string, unreadable: boolean) =>
    edit(field, (previous) => ({
      ...previous,
      numbers: { ...previous.numbers, [field]: value },
      unreadable: { ...previous.unreadable, [field]: unreadable },
    }));

  const focusFirstInvalid = (violations: readonly Violation[]) => {
    const first = FIELD_ORDER.find((field) => violations.some((violation) => violation.field === field));
    if (!first) return;
    const element = formRef.current?.querySelector<HTMLElement>(`#${inputId(first)}`);
    element?.focus();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (saving.busy) return;
    setSubmitted(true);
    saving.clear();
    reloading.clear();
    if (!check.ok) {
      focusFirstInvalid(check.violations);
      return;
    }
    setEditedSinceSave(new Set());
    // The values this form started from: a field someone else changed since is refused as a conflict.
    const expected = Object.fromEntries(
      Object.keys(changes).map((field) => [field, view.inputs[field as keyof typeof view.inputs]]),
    );
    const result = await saving.run('triage.save', { inputs: changes, expected });
    if (result.ok) {
      setForm(formFromInputs(result.data.inputs));
      setTouched(new Set());
      setSubmitted(false);
      onView(result.data);
      announceRequirementChanged(result.data.issue.key);
      return;
    }
    // Keep everything the user typed; show what the server objected to next to each field.
    if (result.error.violations) focusFirstInvalid(result.error.violations);
  };

  /** After a conflict: the stored values become the new base while everything typed stays in the form. */
  const loadCurrent = async () => {
    const current = await reloading.run('triage.get', {});
    if (!current.ok) return;
    saving.clear();
    onView(current.data);
  };

  const moscowOptions = MOSCOW_VALUES.map((value) => ({ value, label: i18n.moscow(value) }));
  const selectedMoscow = moscowOptions.find((option) => option.value === form.moscow) ?? null;
  const moscowViolations = violationsFor('moscow');
  const fixFirst = submitted && !check.ok;

  return (
    <form ref={formRef} noValidate onSubmit={save} aria-labelledby="rt-inputs-heading">
      <Stack space="space.200">
        <div style={{ maxWidth: 360 }}>
          <Stack space="space.050">
            <Label htmlFor={inputId('moscow')}>{i18n.field('moscow')}</Label>
            <Select<{ value: Moscow; label: string }, false>
              inputId={inputId('moscow')}
              options={moscowOptions}
              value={selectedMoscow}
              isClearable
              isDisabled={saving.busy}
              isInvalid={moscowViolations.length > 0}
              placeholder={i18n.t('common.select')}
              noOptionsMessage={() => i18n.t('common.noOptions')}
              menuPlacement="auto"
              descriptionId={`${inputId('moscow')}-error`}
              onChange={(option) => edit('moscow', (previous) => ({ ...previous, moscow: option ? option.value : null }))}
            />
            <FieldMessages field="moscow" violations={moscowViolations} />
          </Stack>
        </div>
        {form.moscow === "Won't" ? (
          <ReasonInput
            value={form.wontReason}
            violations={violationsFor('wontReason')}
            disabled={saving.busy}
            onChange={(value) => edit('wontReason', (previous) => ({ ...previous, wontReason: value }))}
          />
        ) : null}

        {(
          [
            [FACTOR_FIELDS, settings.factorScale],
            [VALUE_COST_FIELDS, settings.valueCostScale],
          ] as const
        ).map(([fields, scale]) => (
          <div className="rt-input-grid" data-columns={fields.length} key={fields[0]}>
            {fields.map((field) => (
              <NumberInput
                key={field}
                field={field}
                scale={scale}
                value={form.numbers[field]}
                violations={violationsFor(field)}
                disabled={saving.busy}
                onChange={onNumber}
                suggestion={field === 'customerValue' ? suggestion : undefined}
              />
            ))}
          </div>
        ))}

        {saveError ? (
          <Box>
            {saveError.kind === 'validation' ? (
              <div role="alert">
                <SectionMessage appearance="error" title={i18n.t('panel.saveFailed')}>
                  <Stack space="space.050">
                    <Text as="p">{i18n.t('panel.fixErrors')}</Text>
                    {otherServerViolations.map((violation, index) => (
                      <Text as="p" key={index}>
                        {i18n.violation(violation)}
                      </Text>
                    ))}
                    {serverViolations.length === 0 ? <Text as="p">{saveError.message}</Text> : null}
                  </Stack>
                </SectionMessage>
              </div>
            ) : saveError.kind === 'conflict' ? (
              <div role="alert">
                <SectionMessage
                  appearance="warning"
                  title={i18n.t('panel.conflictTitle')}
                  actions={[
                    <SectionMessageAction key="load" onClick={() => void loadCurrent()}>
                      {i18n.t('panel.loadCurrent')}
                    </SectionMessageAction>,
                  ]}
                >
                  <Text as="p">{saveError.message}</Text>
                  <Text as="p">{i18n.t('panel.conflictKept')}</Text>
                </SectionMessage>
              </div>
            ) : (
              <ErrorState error={saveError} title={i18n.t('panel.saveFailed')} />
            )}
          </Box>
        ) : null}
        {fixFirst && !saveError ? (
          <div role="alert">
            <Text color="color.text.danger">{i18n.t('panel.fixErrors')}</Text>
          </div>
        ) : null}

        <Inline space="space.150" alignBlock="center" shouldWrap>
          <Button type="submit" appearance="primary" isLoading={saving.busy}>
            {i18n.t('common.save')}
          </Button>
          {dirty && !saving.busy ? <Lozenge appearance="moved">{i18n.t('panel.unsaved')}</Lozenge> : null}
          <div role="status">{saved && !dirty ? <Text color="color.text.success">{i18n.t('panel.saved')}</Text> : null}</div>
        </Inline>
      </Stack>
    </form>
  );
}
