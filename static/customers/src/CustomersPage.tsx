import { useEffect, useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import type { Customer } from '../../../src/domain/customers';
import { CUSTOMER_TYPES, type CustomerType } from '../../../src/domain/framework';
import type { CustomerSummary } from '../../shared/api';
import { CustomerTypeLozenge, EmptyState, ErrorState, Loading, ProjectPage, Section } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction, useDebounced, useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { CustomerEditor, industryName } from './CustomerEditor';
import { ImportPanel } from './ImportPanel';
import { ArchiveExport } from './ArchiveExport';
import { QuarterlyReview } from './QuarterlyReview';

type CustomerColumn = 'number' | 'name' | 'industry' | 'type' | 'region' | 'contacts';

/** Typing pauses this long before the list is searched again. */
const SEARCH_DELAY_MS = 300;

type View = { kind: 'list' } | { kind: 'new' } | { kind: 'import' } | { kind: 'edit'; customer: Customer };

/** The customer archive of one project page: search, pages of 50, and the editor or import in place of the list. */
export default function CustomersPage({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const ids = useId();
  const [view, setView] = useState<View>({ kind: 'list' });
  const [query, setQuery] = useState('');
  const [type, setType] = useState<CustomerType | ''>('');
  const [notice, setNotice] = useState<string | null>(null);
  const [more, setMore] = useState<{ rows: CustomerSummary[]; cursor: string | null } | null>(null);
  const opening = useAction<'customers.get'>();
  const nextPage = useAction<'customers.list'>();
  /** Bumped when a save returns to the list, so the review list forgets what an edit confirmed. */
  const [saves, setSaves] = useState(0);
  const search = useDebounced(query.trim(), SEARCH_DELAY_MS);
  const list = useResolver('customers.list', { projectKey, ...(search ? { query: search } : {}), ...(type ? { type } : {}) });
  useEffect(() => setMore(null), [list.data]);

  const rows = [...(list.data?.customers ?? []), ...(more?.rows ?? [])];
  const cursor = more ? more.cursor : (list.data?.cursor ?? null);
  const canWrite = list.data?.canWrite ?? false;
  const canAdminister = list.data?.canAdminister ?? false;
  const column = (name: CustomerColumn) => i18n.t(`customers.column.${name}`);
  const typeOptions = [
    { value: '', label: i18n.t('customers.allTypes') },
    ...CUSTOMER_TYPES.map((value) => ({ value, label: i18n.t(`customerType.${value}`) })),
  ];

  const loadMore = async () => {
    if (!cursor) return;
    const result = await nextPage.run('customers.list', {
      projectKey,
      ...(search ? { query: search } : {}),
      ...(type ? { type } : {}),
      cursor,
    });
    if (result.ok) setMore({ rows: [...(more?.rows ?? []), ...result.data.customers], cursor: result.data.cursor });
  };
  const open = async (number: string) => {
    const result = await opening.run('customers.get', { projectKey, number });
    if (result.ok) setView({ kind: 'edit', customer: result.data });
  };
  const backToList = (message: string | null) => {
    setNotice(message);
    if (message) setSaves((count) => count + 1);
    setView({ kind: 'list' });
    list.reload();
  };

  let content;
  if (view.kind === 'new' || view.kind === 'edit') {
    const existing = view.kind === 'edit' ? view.customer : null;
    content = (
      <CustomerEditor
        key={existing ? `${existing.number}-${existing.version}` : 'new'}
        projectKey={projectKey}
        existing={existing}
        canWrite={canWrite}
        canAdminister={canAdminister}
        onSaved={(customer) =>
          customer.erasedAt
            ? setView({ kind: 'edit', customer })
            : backToList(i18n.t('customers.saved', { number: customer.number }))
        }
        onClose={() => backToList(null)}
      />
    );
  } else if (view.kind === 'import') {
    content = (
      <Stack space="space.200">
        <div>
          <Button onClick={() => backToList(null)}>{i18n.t('customers.back')}</Button>
        </div>
        <ImportPanel projectKey={projectKey} onImported={() => list.reload()} />
      </Stack>
    );
  } else if (list.error && !list.data) {
    content = <ErrorState error={list.error} onRetry={list.reload} />;
  } else if (!list.data) {
    content = <Loading />;
  } else {
    content = (
      <Stack space="space.200">
        <Inline space="space.200" shouldWrap alignBlock="end">
          <Stack space="space.050">
            <Label htmlFor={`${ids}-search`}>{i18n.t('customers.search')}</Label>
            <div style={{ width: 'min(280px, 80vw)' }}>
              <TextField id={`${ids}-search`} value={query} onChange={(event) => setQuery(event.currentTarget.value)} />
            </div>
          </Stack>
          <Stack space="space.050">
            <Label htmlFor={`${ids}-type`}>{i18n.t('customers.typeFilter')}</Label>
            <div style={{ width: 200 }}>
              <Select
                inputId={`${ids}-type`}
                options={typeOptions}
                value={typeOptions.find((option) => option.value === type)}
                onChange={(option) => setType((option?.value ?? '') as CustomerType | '')}
              />
            </div>
          </Stack>
        </Inline>
        {!canWrite ? (
          <Text as="p" size="small" color="color.text.subtle">
            {i18n.t('customers.readOnly')}
          </Text>
        ) : null}
        {opening.error ? <ErrorState error={opening.error} /> : null}
        {rows.length === 0 ? (
          search || type ? (
            <EmptyState title={i18n.t('customers.noMatches')} description={i18n.t('customers.noMatchesHint')} />
          ) : (
            <EmptyState title={i18n.t('customers.empty')} description={i18n.t('customers.emptyHint')} />
          )
        ) : (
          <DataTable
            columns={[
              {
                key: 'number',
                header: column('number'),
                cell: (row) => (
                  <Button
                    appearance="subtle"
                    spacing="compact"
                    isLoading={opening.busy && opening.payload?.number === row.number}
                    onClick={() => void open(row.number)}
                    aria-label={i18n.t('customers.open', { number: row.number })}
                  >
                    {row.number}
                  </Button>
                ),
              },
              {
                key: 'name',
                header: column('name'),
                minWidth: '10em',
                cell: (row) => (
                  <span style={{ overflowWrap: 'anywhere' }}>
                    {row.name} {row.erasedAt ? <Lozenge>{i18n.t('customers.erasedLozenge')}</Lozenge> : null}
                  </span>
                ),
              },
              { key: 'industry', header: column('industry'), minWidth: '11em', cell: (row) => industryName(i18n, row.industry) },
              { key: 'type', header: column('type'), cell: (row) => <CustomerTypeLozenge type={row.type} /> },
              { key: 'region', header: column('region'), cell: (row) => row.region },
              { key: 'contacts', header: column('contacts'), numeric: true, cell: (row) => i18n.number(row.contactCount) },
            ]}
            rows={rows}
            rowKey={(row) => row.number}
            caption={i18n.t('customers.table')}
            busy={list.loading}
            // Names and industries need room to read; at 375 px the table scrolls sideways instead (with a cue).
            minWidth={640}
            scrollTestId="rt-customers-scroll"
          />
        )}
        {nextPage.error ? <ErrorState error={nextPage.error} onRetry={() => void loadMore()} /> : null}
        {cursor ? (
          <div>
            <Button onClick={() => void loadMore()} isLoading={nextPage.busy}>
              {i18n.t('customers.loadMore')}
            </Button>
          </div>
        ) : null}
        <Section title={i18n.t('review.customer.title')} id="rt-customer-review-section">
          <QuarterlyReview projectKey={projectKey} onEdit={(number) => void open(number)} refresh={saves} />
        </Section>
        <Section title={i18n.t('archive.title')} id="rt-archive">
          <ArchiveExport projectKey={projectKey} canAdminister={canAdminister} />
        </Section>
      </Stack>
    );
  }

  return (
    <ProjectPage
      title={i18n.t('customers.title')}
      projectKey={projectKey}
      actions={
        view.kind === 'list' && canWrite ? (
          <Inline space="space.100">
            <Button appearance="primary" onClick={() => setView({ kind: 'new' })}>
              {i18n.t('customers.new')}
            </Button>
            <Button onClick={() => setView({ kind: 'import' })}>{i18n.t('customers.import')}</Button>
          </Inline>
        ) : null
      }
    >
      {notice && view.kind === 'list' ? (
        <SectionMessage appearance="success">
          <Text as="p">{notice}</Text>
        </SectionMessage>
      ) : null}
      {content}
    </ProjectPage>
  );
}
