import { useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Textfield from '@atlaskit/textfield';
import { view } from '@forge/bridge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { INDUSTRY_SECTIONS, REVENUE_BANDS, STAFF_BANDS } from '../../../src/domain/customers';
import { CUSTOMER_TYPES } from '../../../src/domain/framework';
import type { SupportTicketView, TicketRaised } from '../../shared/api';
import { ErrorState, Loading, mountSurface } from '../../shared/components';
import { useAction, useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';
import { loadMessages } from './messages';
import { SectionMessage, SectionMessageAction } from '../../shared/section-message';

/**
 * The ticket action: opened from an issue's ••• menu (a JSM request, or any issue), it raises a
 * requirement of the ticket or adds the ticket to one as demand. The server checks every choice.
 */

const today = (): string => new Date().toISOString().slice(0, 10);

interface NewCustomerForm {
  wanted: boolean;
  industry: string;
  type: string;
  staffBand: string;
  revenueBand: string;
  region: string;
  consent: boolean;
  consentOn: string;
}

/** A field with its name shown above it: a placeholder alone disappears once the field is filled. */
function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label style={{ display: 'flex', flexDirection: 'column', gap: token('space.050', '4px') }}>
      <Text size="small" weight="medium">
        {label}
      </Text>
      {children}
    </label>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <Labelled label={label}>
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
        style={{ padding: token('space.050', '4px'), font: 'inherit' }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

function draftOf(view: SupportTicketView, form: NewCustomerForm): unknown {
  const offer = view.newCustomer!;
  return {
    name: offer.name,
    industry: form.industry,
    type: form.type,
    staffBand: form.staffBand,
    revenueBand: form.revenueBand,
    region: form.region,
    // Contact details only with the person's recorded consent (the archive refuses them otherwise).
    contacts: form.consent
      ? [
          {
            name: offer.contact.name,
            role: '',
            preferredChannel: 'email',
            email: offer.contact.email,
            phone: null,
            consentGivenOn: form.consentOn,
          },
        ]
      : [],
    trade: { firstDealOn: null, dealsLast12Months: 0, totalAmount: 0, renewed: false, complaints: 0 },
  };
}

function TicketAction({ initial }: { initial: SupportTicketView }) {
  const i18n = useI18n();
  const [ticketView, setTicketView] = useState(initial);
  const { ticket } = ticketView;
  const [project, setProject] = useState(initial.projects[0] ?? '');
  const [mode, setMode] = useState<'create' | 'add'>('create');
  const [summary, setSummary] = useState(initial.ticket.summary);
  const [target, setTarget] = useState('');
  const [chosen, setChosen] = useState<string[]>(initial.matches.map((match) => match.number));
  const [form, setForm] = useState<NewCustomerForm>({
    wanted: initial.newCustomer !== null,
    industry: 'I',
    type: 'new',
    staffBand: '20-99',
    revenueBand: 'under-3m',
    region: '',
    consent: false,
    consentOn: today(),
  });
  const raising = useAction<'ticket.create' | 'ticket.add'>();
  const { busy, error } = raising;
  const [done, setDone] = useState<string | null>(null);
  const similar = useResolver('ticket.similar', { projectKey: project }, { enabled: project !== '' });

  const submit = async () => {
    const newCustomer = ticketView.newCustomer && form.wanted ? { newCustomer: draftOf(ticketView, form) } : {};
    const result =
      mode === 'create'
        ? await raising.run('ticket.create', { projectKey: project, summary, customers: chosen, ...newCustomer })
        : await raising.run('ticket.add', { requirementKey: target.trim().toUpperCase(), customers: chosen, ...newCustomer });
    if (!result.ok) return;
    const raised: TicketRaised = result.data;
    setTicketView(raised.view);
    setDone(raised.key);
  };

  return (
    <Box padding="space.200">
      <Stack space="space.200">
        <Heading size="medium" as="h1">
          {i18n.t('ticket.title', { key: ticket.key })}
        </Heading>
        <Stack space="space.050">
          <Text weight="bold">{ticket.summary}</Text>
          <Text size="small" color="color.text.subtle">
            {i18n.t('ticket.reporter', { name: ticket.reporter.displayName || '—', date: ticket.raisedOn })}
            {ticket.reporter.organizations.length > 0
              ? ` · ${i18n.t('ticket.organizations', { names: ticket.reporter.organizations.join(', ') })}`
              : ''}
          </Text>
        </Stack>
        <Stack space="space.050">
          <Text weight="medium">{i18n.t('ticket.words')}</Text>
          <blockquote
            data-testid="rt-ticket-words"
            style={{
              margin: 0,
              paddingInlineStart: token('space.150', '12px'),
              borderInlineStart: `3px solid ${token('color.border', '#ccc')}`,
              whiteSpace: 'pre-wrap',
            }}
          >
            {ticket.words}
          </blockquote>
        </Stack>
        {ticket.attachments.length > 0 ? (
          <Stack space="space.050">
            <Text weight="medium">{i18n.t('ticket.attachments')}</Text>
            <ul style={{ margin: 0 }} data-testid="rt-ticket-attachments">
              {ticket.attachments.map((file) => (
                <li key={file.filename}>{file.filename}</li>
              ))}
            </ul>
          </Stack>
        ) : null}
        <Text size="small">
          {i18n.t('ticket.language', { language: i18n.t(`ticket.language.${ticket.language}`) })}{' '}
          {ticket.serviceRequest ? '' : i18n.t('ticket.plainIssue')}
        </Text>
        {ticketView.linkedRequirements.length > 0 ? (
          <Text testId="rt-ticket-linked">
            {i18n.t('ticket.linked', { keys: ticketView.linkedRequirements.map((requirement) => requirement.key).join(', ') })}
          </Text>
        ) : null}

        <Stack space="space.100">
          <Heading size="small" as="h2">
            {i18n.t('ticket.customers')}
          </Heading>
          {ticketView.matches.map((match) => (
            <label key={match.number} style={{ display: 'flex', gap: token('space.100', '8px'), alignItems: 'center' }}>
              <input
                type="checkbox"
                data-testid={`rt-ticket-customer-${match.number}`}
                checked={chosen.includes(match.number)}
                onChange={(event) =>
                  setChosen((current) =>
                    event.target.checked ? [...current, match.number] : current.filter((number) => number !== match.number),
                  )
                }
              />
              <span>
                {match.name} ({match.number}) · {i18n.t(`ticket.match.${match.reason}`)}
              </span>
            </label>
          ))}
          {ticketView.newCustomer ? (
            <Stack space="space.100">
              <Text>{i18n.t('ticket.noMatch')}</Text>
              <label style={{ display: 'flex', gap: token('space.100', '8px'), alignItems: 'center' }}>
                <input
                  type="checkbox"
                  data-testid="rt-ticket-new-customer"
                  checked={form.wanted}
                  onChange={(event) => setForm({ ...form, wanted: event.target.checked })}
                />
                <span>{i18n.t('ticket.newCustomer', { name: ticketView.newCustomer.name })}</span>
              </label>
              {form.wanted ? (
                <Stack space="space.100">
                  <Inline space="space.100" shouldWrap>
                    <Select
                      testId="rt-ticket-industry"
                      label={i18n.t('customers.field.industry')}
                      value={form.industry}
                      onChange={(industry) => setForm({ ...form, industry })}
                      options={INDUSTRY_SECTIONS.map((section) => ({
                        value: section.code,
                        label: `${section.code} ${i18n.language === 'zh-CN' ? section.zh : section.en}`,
                      }))}
                    />
                    <Select
                      testId="rt-ticket-type"
                      label={i18n.t('customers.field.type')}
                      value={form.type}
                      onChange={(type) => setForm({ ...form, type })}
                      options={CUSTOMER_TYPES.map((type) => ({ value: type, label: i18n.t(`customerType.${type}`) }))}
                    />
                    <Select
                      testId="rt-ticket-staff"
                      label={i18n.t('customers.field.staffBand')}
                      value={form.staffBand}
                      onChange={(staffBand) => setForm({ ...form, staffBand })}
                      options={STAFF_BANDS.map((band) => ({ value: band, label: i18n.t(`customers.staff.${band}`) }))}
                    />
                    <Select
                      testId="rt-ticket-revenue"
                      label={i18n.t('customers.field.revenueBand')}
                      value={form.revenueBand}
                      onChange={(revenueBand) => setForm({ ...form, revenueBand })}
                      options={REVENUE_BANDS.map((band) => ({ value: band, label: i18n.t(`customers.revenue.${band}`) }))}
                    />
                  </Inline>
                  <Labelled label={i18n.t('customers.field.region')}>
                    <Textfield
                      aria-label={i18n.t('customers.field.region')}
                      value={form.region}
                      onChange={(event) => setForm({ ...form, region: (event.target as HTMLInputElement).value })}
                      testId="rt-ticket-region"
                    />
                  </Labelled>
                  {ticketView.newCustomer.contact.email ? (
                    <label style={{ display: 'flex', gap: token('space.100', '8px'), alignItems: 'center' }}>
                      <input
                        type="checkbox"
                        data-testid="rt-ticket-consent"
                        checked={form.consent}
                        onChange={(event) => setForm({ ...form, consent: event.target.checked })}
                      />
                      <span>
                        {i18n.t('ticket.consent', {
                          name: ticketView.newCustomer.contact.name,
                          email: ticketView.newCustomer.contact.email,
                        })}
                      </span>
                    </label>
                  ) : null}
                  {form.consent ? (
                    <Labelled label={i18n.t('ticket.consentOn')}>
                      <Textfield
                        aria-label={i18n.t('ticket.consentOn')}
                        type="date"
                        value={form.consentOn}
                        onChange={(event) => setForm({ ...form, consentOn: (event.target as HTMLInputElement).value })}
                        testId="rt-ticket-consent-on"
                      />
                    </Labelled>
                  ) : (
                    <Text size="small" color="color.text.subtle">
                      {i18n.t('ticket.noConsent')}
                    </Text>
                  )}
                </Stack>
              ) : null}
            </Stack>
          ) : null}
        </Stack>

        {ticketView.projects.length === 0 ? (
          <SectionMessage appearance="warning" title={i18n.t('ticket.noProjects')}>
            <span />
          </SectionMessage>
        ) : (
          <Stack space="space.150">
            <Select
              testId="rt-ticket-project"
              label={i18n.t('ticket.project')}
              value={project}
              onChange={setProject}
              options={ticketView.projects.map((key) => ({ value: key, label: key }))}
            />
            <Stack space="space.050" testId="rt-ticket-similar">
              <Text weight="medium">{i18n.t('ticket.similar', { project })}</Text>
              {similar.loading ? <Loading /> : null}
              {similar.error ? <ErrorState error={similar.error} onRetry={similar.reload} /> : null}
              {similar.data && similar.data.length === 0 ? (
                <Text size="small">{i18n.t('ticket.similarNone', { project })}</Text>
              ) : null}
              {similar.data?.map((hit) => (
                <Inline key={hit.key} space="space.100" alignBlock="center">
                  <Text>
                    {hit.key} {hit.summary} · {hit.status} · {i18n.percent(hit.similarity * 100)}
                  </Text>
                  <Button
                    appearance="subtle"
                    testId={`rt-ticket-pick-${hit.key}`}
                    onClick={() => {
                      setMode('add');
                      setTarget(hit.key);
                    }}
                  >
                    {i18n.t('ticket.addHere', { key: hit.key })}
                  </Button>
                </Inline>
              ))}
            </Stack>
            <Inline space="space.200" role="radiogroup">
              {(['create', 'add'] as const).map((choice) => (
                <label key={choice} style={{ display: 'flex', gap: token('space.050', '4px'), alignItems: 'center' }}>
                  <input
                    type="radio"
                    name="mode"
                    data-testid={`rt-ticket-mode-${choice}`}
                    checked={mode === choice}
                    onChange={() => setMode(choice)}
                  />
                  {i18n.t(`ticket.mode.${choice}`)}
                </label>
              ))}
            </Inline>
            {mode === 'create' ? (
              <Labelled label={i18n.t('ticket.summary')}>
                <Textfield
                  aria-label={i18n.t('ticket.summary')}
                  value={summary}
                  onChange={(event) => setSummary((event.target as HTMLInputElement).value)}
                  testId="rt-ticket-summary"
                />
              </Labelled>
            ) : (
              <Labelled label={i18n.t('ticket.requirementKey')}>
                <Textfield
                  aria-label={i18n.t('ticket.requirementKey')}
                  placeholder="REQ-12"
                  value={target}
                  onChange={(event) => setTarget((event.target as HTMLInputElement).value)}
                  testId="rt-ticket-target"
                />
              </Labelled>
            )}
            <Inline space="space.100">
              <Button
                appearance="primary"
                isDisabled={busy || (mode === 'add' && target.trim() === '')}
                onClick={() => void submit()}
                testId="rt-ticket-submit"
              >
                {i18n.t(mode === 'create' ? 'ticket.create' : 'ticket.add')}
              </Button>
              <Button appearance="subtle" onClick={() => void view.close().catch(() => undefined)}>
                {i18n.t('ticket.close')}
              </Button>
            </Inline>
          </Stack>
        )}
        {error ? <ErrorState error={error} /> : null}
        {done ? (
          <div role="status" data-testid="rt-ticket-done">
            <SectionMessage
              appearance="success"
              title={i18n.t('ticket.created', { key: done })}
              actions={[
                <SectionMessageAction key="open" onClick={() => openIssue(done)}>
                  {i18n.t('ticket.open', { key: done })}
                </SectionMessageAction>,
              ]}
            >
              <span />
            </SectionMessage>
          </div>
        ) : null}
      </Stack>
    </Box>
  );
}

function TicketSurface() {
  const state = useResolver('ticket.get', {});
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  return <TicketAction initial={state.data} />;
}

mountSurface(loadMessages, () => <TicketSurface />);
