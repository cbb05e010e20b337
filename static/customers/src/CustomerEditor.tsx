import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import {
  CONTACT_CHANNELS,
  INDUSTRY_SECTIONS,
  REVENUE_BANDS,
  STAFF_BANDS,
  validateCustomerDraft,
  type Customer,
} from '../../../src/domain/customers';
import { CUSTOMER_TYPES } from '../../../src/domain/framework';
import type { Violation } from '../../../src/domain/result';
import type { CustomerExport } from '../../shared/api';
import { ErrorState, Section } from '../../shared/components';
import { useAction } from '../../shared/hooks';
import { useI18n, type I18n } from '../../shared/i18n';
import {
  describeViolation,
  draftOf,
  EMPTY_CONTACT,
  EMPTY_FORM,
  formOf,
  REQUIRED_CONTACT_FIELDS,
  REQUIRED_FIELDS,
  type ContactForm,
  type CustomerForm,
} from './customer-form';
import { RaisedRequirements } from './RaisedRequirements';

interface Option {
  value: string;
  label: string;
}

const today = (): string => new Date().toISOString().slice(0, 10);
const TRADE_FIELDS = new Set(['firstDealOn', 'dealsLast12Months', 'totalAmount', 'renewed', 'complaints']);
/** Where the domain reports a form field's problems. */
const pathOf = (field: string): string => (TRADE_FIELDS.has(field) ? `trade.${field}` : field);

export const industryName = (i18n: I18n, code: string): string => {
  const section = INDUSTRY_SECTIONS.find((candidate) => candidate.code === code);
  return section ? `${code} ${i18n.language === 'zh-CN' ? section.zh : section.en}` : code;
};

function choices(i18n: I18n) {
  return {
    industry: INDUSTRY_SECTIONS.map((section) => ({ value: section.code, label: industryName(i18n, section.code) })),
    type: CUSTOMER_TYPES.map((type) => ({ value: type, label: i18n.t(`customerType.${type}`) })),
    staffBand: STAFF_BANDS.map((band) => ({ value: band, label: i18n.t(`customers.staff.${band}`) })),
    revenueBand: REVENUE_BANDS.map((band) => ({ value: band, label: i18n.t(`customers.revenue.${band}`) })),
    channel: CONTACT_CHANNELS.map((channel) => ({ value: channel, label: i18n.t(`customers.channel.${channel}`) })),
    renewed: [
      { value: 'yes', label: i18n.t('customers.yes') },
      { value: 'no', label: i18n.t('customers.no') },
    ],
  };
}

/**
 * A required field's label ends in a red asterisk (Atlaskit's form convention), hidden from screen
 * readers, which hear "required" from the input itself (aria-required), so the label reads as before.
 */
function FieldLabel({ id, label, required }: { id: string; label: string; required: boolean }) {
  if (!required) return <Label htmlFor={id}>{label}</Label>;
  // The asterisk sits beside the label, not in it, so the field's name stays its label.
  return (
    <span style={{ display: 'inline-flex', alignItems: 'baseline', gap: token('space.025', '2px') }}>
      <Label htmlFor={id}>{label}</Label>
      <span
        aria-hidden="true"
        data-testid={`${id}-required`}
        style={{
          color: token('color.text.danger', '#AE2E24'),
          font: token('font.body.small', 'normal 400 12px/16px sans-serif'),
        }}
      >
        *
      </span>
    </span>
  );
}

/** One labelled input with its problems below it. */
function Field({
  id,
  label,
  problems,
  children,
  required = false,
}: {
  id: string;
  label: string;
  problems: string[];
  children: ReactNode;
  required?: boolean;
}) {
  return (
    <Stack space="space.050">
      <FieldLabel id={id} label={label} required={required} />
      {children}
      {problems.map((problem) => (
        <ErrorMessage key={problem} testId={`${id}-error`}>
          {problem}
        </ErrorMessage>
      ))}
    </Stack>
  );
}

interface EditorProps {
  projectKey: string;
  existing: Customer | null;
  canWrite: boolean;
  canAdminister: boolean;
  onSaved: (customer: Customer) => void;
  onClose: () => void;
}

export function CustomerEditor({ projectKey, existing, canWrite, canAdminister, onSaved, onClose }: EditorProps) {
  const i18n = useI18n();
  const ids = useId();
  const options = useMemo(() => choices(i18n), [i18n]);
  const [form, setForm] = useState<CustomerForm>(existing ? formOf(existing) : EMPTY_FORM);
  const [touched, setTouched] = useState(false);
  const saving = useAction<'customers.save'>();
  const saveError = saving.error;
  const readOnly = !canWrite || existing?.erasedAt != null;

  // Inline validation: the same rules the server applies, as the user types (after a first edit).
  const violations: Violation[] = useMemo(() => {
    if (!touched) return [];
    const result = validateCustomerDraft(draftOf(form), today());
    return result.ok ? [] : result.violations;
  }, [form, touched]);
  const serverViolations = saving.violations;
  const problemsOf = (field: string): string[] =>
    [...violations, ...serverViolations]
      .filter((violation) => violation.field === field)
      .map((violation) => describeViolation(i18n, violation));

  const update = (patch: Partial<CustomerForm>) => {
    setTouched(true);
    saving.clear();
    setForm((previous) => ({ ...previous, ...patch }));
  };
  const updateContact = (index: number, patch: Partial<ContactForm>) =>
    update({ contacts: form.contacts.map((contact, position) => (position === index ? { ...contact, ...patch } : contact)) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!validateCustomerDraft(draftOf(form), today()).ok) return;
    const result = await saving.run(
      'customers.save',
      existing
        ? { projectKey, number: existing.number, expectedVersion: existing.version, customer: draftOf(form) }
        : { projectKey, customer: draftOf(form) },
    );
    if (result.ok) onSaved(result.data);
  };

  const text = (field: keyof CustomerForm & string, label: string, type: 'text' | 'date' = 'text') => {
    const problems = problemsOf(pathOf(field));
    return (
      <Field id={`${ids}-${field}`} label={label} problems={problems} required={REQUIRED_FIELDS.has(field)}>
        <TextField
          id={`${ids}-${field}`}
          isRequired={REQUIRED_FIELDS.has(field)}
          type={type}
          value={form[field] as string}
          isDisabled={readOnly}
          isInvalid={problems.length > 0}
          onChange={(event) => update({ [field]: event.currentTarget.value } as Partial<CustomerForm>)}
        />
      </Field>
    );
  };
  const choice = (field: keyof CustomerForm & string, label: string, list: Option[]) => (
    <Field id={`${ids}-${field}`} label={label} problems={problemsOf(pathOf(field))} required={REQUIRED_FIELDS.has(field)}>
      <Select<Option, false>
        inputId={`${ids}-${field}`}
        isRequired={REQUIRED_FIELDS.has(field)}
        options={list}
        isDisabled={readOnly}
        value={list.find((option) => option.value === form[field]) ?? null}
        placeholder={i18n.t('common.select')}
        onChange={(option) => option && update({ [field]: option.value } as Partial<CustomerForm>)}
      />
    </Field>
  );

  return (
    <Stack space="space.300">
      <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
        <Heading size="medium" as="h2">
          {existing ? i18n.t('customers.editTitle', { number: existing.number }) : i18n.t('customers.newTitle')}
        </Heading>
        <Button onClick={onClose}>{i18n.t('customers.back')}</Button>
      </Inline>
      {existing?.erasedAt ? (
        <SectionMessage appearance="information">
          <Text as="p">{i18n.t('customers.erased', { number: existing.number, date: i18n.date(existing.erasedAt) })}</Text>
        </SectionMessage>
      ) : null}
      {readOnly ? null : (
        <Text as="p" size="small" color="color.text.subtle">
          {i18n.t('customers.requiredHint')}
        </Text>
      )}
      <form
        noValidate
        onSubmit={(event) => void submit(event)}
        aria-label={existing ? existing.number : i18n.t('customers.newTitle')}
      >
        <Stack space="space.300">
          <Section title={i18n.t('customers.section.profile')} id={`${ids}-profile`}>
            <div
              style={{
                display: 'grid',
                gap: 12,
                gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 220px), 1fr))',
                alignItems: 'start',
              }}
            >
              {text('name', i18n.t('customers.field.name'))}
              {choice('industry', i18n.t('customers.field.industry'), options.industry)}
              {choice('type', i18n.t('customers.field.type'), options.type)}
              {choice('staffBand', i18n.t('customers.field.staffBand'), options.staffBand)}
              {choice('revenueBand', i18n.t('customers.field.revenueBand'), options.revenueBand)}
              {text('region', i18n.t('customers.field.region'))}
            </div>
          </Section>
          <Section title={i18n.t('customers.section.trade')} id={`${ids}-trade`}>
            <div
              style={{
                display: 'grid',
                gap: 12,
                gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 180px), 1fr))',
                alignItems: 'start',
              }}
            >
              {text('firstDealOn', i18n.t('customers.field.firstDealOn'), 'date')}
              {text('dealsLast12Months', i18n.t('customers.field.dealsLast12Months'))}
              {text('totalAmount', i18n.t('customers.field.totalAmount'))}
              {choice('renewed', i18n.t('customers.field.renewed'), options.renewed)}
              {text('complaints', i18n.t('customers.field.complaints'))}
            </div>
          </Section>
          <Section
            title={i18n.t('customers.section.contacts')}
            id={`${ids}-contacts`}
            actions={
              readOnly ? undefined : (
                <Button onClick={() => update({ contacts: [...form.contacts, EMPTY_CONTACT] })}>
                  {i18n.t('customers.addContact')}
                </Button>
              )
            }
          >
            <Text as="p" size="small" color="color.text.subtle">
              {i18n.t('customers.contactsHint')}
            </Text>
            {form.contacts.map((contact, index) => {
              const base = `contacts.${index}`;
              const contactText = (field: keyof ContactForm, label: string, type: 'text' | 'date' = 'text') => (
                <Field
                  id={`${ids}-${base}-${field}`}
                  label={label}
                  problems={problemsOf(`${base}.${field}`)}
                  required={REQUIRED_CONTACT_FIELDS.has(field)}
                >
                  <TextField
                    id={`${ids}-${base}-${field}`}
                    isRequired={REQUIRED_CONTACT_FIELDS.has(field)}
                    type={type}
                    value={contact[field]}
                    isDisabled={readOnly}
                    isInvalid={problemsOf(`${base}.${field}`).length > 0}
                    onChange={(event) => updateContact(index, { [field]: event.currentTarget.value })}
                  />
                </Field>
              );
              return (
                <fieldset key={index} style={{ border: '1px solid var(--ds-border, #DCDFE4)', borderRadius: 4, padding: 12 }}>
                  <legend>{i18n.t('customers.contact', { index: index + 1 })}</legend>
                  <div
                    style={{
                      display: 'grid',
                      gap: 12,
                      gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 180px), 1fr))',
                      alignItems: 'start',
                    }}
                  >
                    {contactText('consentGivenOn', i18n.t('customers.field.contactConsentOn'), 'date')}
                    {contactText('name', i18n.t('customers.field.contactName'))}
                    {contactText('role', i18n.t('customers.field.contactRole'))}
                    <Field
                      id={`${ids}-${base}-channel`}
                      label={i18n.t('customers.field.contactChannel')}
                      problems={problemsOf(`${base}.preferredChannel`)}
                      required
                    >
                      <Select<Option, false>
                        inputId={`${ids}-${base}-channel`}
                        isRequired
                        options={options.channel}
                        placeholder={i18n.t('common.select')}
                        isDisabled={readOnly}
                        value={options.channel.find((option) => option.value === contact.preferredChannel) ?? null}
                        onChange={(option) => option && updateContact(index, { preferredChannel: option.value })}
                      />
                    </Field>
                    {contactText('email', i18n.t('customers.field.contactEmail'))}
                    {contactText('phone', i18n.t('customers.field.contactPhone'))}
                  </div>
                  {readOnly ? null : (
                    <Box paddingBlockStart="space.100">
                      <Button
                        appearance="subtle"
                        onClick={() => update({ contacts: form.contacts.filter((_, position) => position !== index) })}
                      >
                        {i18n.t('customers.removeContact', { index: index + 1 })}
                      </Button>
                    </Box>
                  )}
                </fieldset>
              );
            })}
          </Section>
          {saveError && saveError.kind !== 'validation' ? <ErrorState error={saveError} /> : null}
          {saveError?.kind === 'validation' ? (
            <div role="alert">
              <SectionMessage appearance="error" title={i18n.errorTitle('validation')}>
                <ul>
                  {saveError.violations?.map((violation, index) => (
                    <li key={index}>{describeViolation(i18n, violation)}</li>
                  ))}
                </ul>
              </SectionMessage>
            </div>
          ) : null}
          {readOnly ? null : (
            <Inline space="space.100">
              <Button type="submit" appearance="primary" isLoading={saving.busy}>
                {i18n.t('common.save')}
              </Button>
              <Button appearance="subtle" onClick={onClose}>
                {i18n.t('customers.cancel')}
              </Button>
            </Inline>
          )}
        </Stack>
      </form>
      {existing ? <RaisedRequirements projectKey={projectKey} number={existing.number} /> : null}
      {existing && canAdminister ? <AdminTools customer={existing} onErased={onSaved} /> : null}
    </Stack>
  );
}

/** Subject-access export and erasure, for Jira administrators; each is recorded on the server. */
function AdminTools({ customer, onErased }: { customer: Customer; onErased: (customer: Customer) => void }) {
  const i18n = useI18n();
  const [exported, setExported] = useState<CustomerExport | null>(null);
  const [confirming, setConfirming] = useState(false);
  // One action for both buttons: they share the busy state and the error.
  const action = useAction<'customers.export' | 'customers.erase'>();
  const { busy, error } = action;
  const json = exported ? JSON.stringify(exported, null, 2) : '';
  const file = `${customer.number}.json`;

  const runExport = async () => {
    const result = await action.run('customers.export', { number: customer.number });
    if (result.ok) setExported(result.data);
  };
  const runErase = async () => {
    const result = await action.run('customers.erase', { number: customer.number });
    setConfirming(false);
    if (result.ok) onErased(result.data);
  };

  return (
    <Section title={i18n.t('customers.adminTools')} id="rt-customer-admin">
      <Inline space="space.100" shouldWrap>
        <Button onClick={() => void runExport()} isDisabled={busy}>
          {i18n.t('customers.export')}
        </Button>
        {customer.erasedAt ? null : (
          <Button appearance="danger" onClick={() => setConfirming(true)} isDisabled={busy}>
            {i18n.t('customers.erase')}
          </Button>
        )}
      </Inline>
      {confirming ? (
        <SectionMessage appearance="warning">
          <Stack space="space.100">
            <Text as="p">{i18n.t('customers.eraseConfirm', { number: customer.number })}</Text>
            <Inline space="space.100">
              <Button appearance="danger" onClick={() => void runErase()} isLoading={busy}>
                {i18n.t('customers.eraseRun')}
              </Button>
              <Button appearance="subtle" onClick={() => setConfirming(false)}>
                {i18n.t('customers.cancel')}
              </Button>
            </Inline>
          </Stack>
        </SectionMessage>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      {exported ? (
        <Stack space="space.100">
          <Text>{i18n.t('customers.exportReady', { number: customer.number })}</Text>
          <a href={`data:application/json;charset=utf-8,${encodeURIComponent(json)}`} download={file}>
            {i18n.t('customers.download', { file })}
          </a>
          <pre style={{ maxHeight: 240, overflow: 'auto', fontSize: 12 }}>{json}</pre>
        </Stack>
      ) : null}
    </Section>
  );
}
