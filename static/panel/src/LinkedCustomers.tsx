import { useId } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { AsyncSelect } from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import { searchCustomers } from '../../shared/api';
import type { LinkedCustomer, LinkedCustomersView, ResolverError } from '../../shared/api';
import { CustomerTypeLozenge, ErrorState, Loading, Section } from '../../shared/components';
import { useAction } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';

interface CustomerOption {
  value: string;
  label: string;
}

function LinkedCustomerItem({
  customer,
  canEdit,
  busy,
  onRemove,
}: {
  customer: LinkedCustomer;
  canEdit: boolean;
  busy: boolean;
  onRemove: () => void;
}) {
  const i18n = useI18n();
  return (
    <li
      data-testid="rt-linked-customer"
      data-number={customer.number}
      style={{ paddingBlock: token('space.050', '4px'), borderBottom: `1px solid ${token('color.border', '#DCDFE4')}` }}
    >
      <Inline space="space.100" alignBlock="center" shouldWrap spread="space-between">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="semibold">{customer.number}</Text>
          {customer.erased ? (
            <Lozenge>{i18n.t('customers.erasedLozenge')}</Lozenge>
          ) : (
            <span style={{ overflowWrap: 'anywhere' }}>
              {customer.name ?? <Text color="color.text.subtlest">{i18n.t('links.unknownName')}</Text>}
            </span>
          )}
          {customer.type ? <CustomerTypeLozenge type={customer.type} /> : null}
        </Inline>
        {canEdit ? (
          <Button
            appearance="subtle"
            spacing="compact"
            isDisabled={busy}
            aria-label={i18n.t('links.remove', { number: customer.number })}
            onClick={onRemove}
          >
            {i18n.t('links.unlink')}
          </Button>
        ) : null}
      </Inline>
    </li>
  );
}

/**
 * The customers who raised the requirement: who they are, how many, and a search of the archive
 * to link another. Each change sends the list it started from, so a change made meanwhile by
 * someone else is refused and shown rather than overwritten.
 */
export function LinkedCustomers({
  projectKey,
  view,
  error,
  onView,
  onReload,
  readOnlyReason,
}: {
  projectKey: string;
  view: LinkedCustomersView | null;
  error: ResolverError | null;
  onView: (view: LinkedCustomersView) => void;
  onReload: () => void;
  /** Why nothing may be linked here when it is not the permission (a closed duplicate). */
  readOnlyReason?: string;
}) {
  const i18n = useI18n();
  const selectId = useId();
  const linking = useAction<'customers.link'>();
  const { busy, error: changeError } = linking;

  const change = async (payload: { add?: string[]; remove?: string[] }) => {
    if (!view) return;
    const result = await linking.run('customers.link', {
      ...payload,
      expected: view.customers.map((customer) => customer.number),
    });
    if (result.ok) onView(result.data);
  };

  const search = async (query: string): Promise<CustomerOption[]> => {
    const found = await searchCustomers(projectKey, query);
    const linked = new Set(view?.customers.map((customer) => customer.number));
    return found
      .filter((customer) => !linked.has(customer.number) && customer.erasedAt === null)
      .map((customer) => ({ value: customer.number, label: `${customer.number} ${customer.name}` }));
  };

  let body;
  if (error && !view) body = <ErrorState error={error} onRetry={onReload} />;
  else if (!view) body = <Loading />;
  else
    body = (
      <Stack space="space.150">
        <Text weight="semibold" testId="rt-demand-count">
          {i18n.plural('links.demand', view.demandCount)}
        </Text>
        {view.customers.length === 0 ? (
          <Text color="color.text.subtle">{i18n.t('links.none')}</Text>
        ) : (
          <ul aria-labelledby="rt-links-heading" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {view.customers.map((customer) => (
              <LinkedCustomerItem
                key={customer.number}
                customer={customer}
                canEdit={view.canEdit}
                busy={busy}
                onRemove={() => void change({ remove: [customer.number] })}
              />
            ))}
          </ul>
        )}
        {changeError ? (
          <div role="alert">
            <SectionMessage
              appearance={changeError.kind === 'conflict' ? 'warning' : 'error'}
              title={i18n.t('links.changeFailed')}
              actions={
                changeError.kind === 'conflict'
                  ? [
                      <SectionMessageAction
                        key="load"
                        onClick={() => {
                          linking.clear();
                          onReload();
                        }}
                      >
                        {i18n.t('panel.loadCurrent')}
                      </SectionMessageAction>,
                    ]
                  : []
              }
            >
              <Text as="p">
                {changeError.violations?.map((violation) => i18n.violation(violation)).join(' ') || changeError.message}
              </Text>
            </SectionMessage>
          </div>
        ) : null}
        {view.canEdit ? (
          <div style={{ maxWidth: 420 }}>
            <Stack space="space.050">
              <Label htmlFor={selectId}>{i18n.t('links.add')}</Label>
              <AsyncSelect<CustomerOption, false>
                inputId={selectId}
                spacing="compact"
                // A fresh search for every text: the archive changes, and linked customers drop out of the options.
                cacheOptions={false}
                defaultOptions
                key={view.customers.map((customer) => customer.number).join(',')}
                loadOptions={search}
                value={null}
                isDisabled={busy}
                placeholder={i18n.t('links.search')}
                loadingMessage={() => i18n.t('links.searching')}
                noOptionsMessage={() => i18n.t('links.noMatches')}
                onChange={(option) => option && void change({ add: [option.value] })}
              />
            </Stack>
          </div>
        ) : (
          <Text size="small" color="color.text.subtle">
            {readOnlyReason ?? i18n.t('links.readOnly')}
          </Text>
        )}
      </Stack>
    );

  return (
    <Section title={i18n.t('links.title')} id="rt-links" testId="rt-linked-customers">
      {body}
    </Section>
  );
}
