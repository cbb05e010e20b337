import { useId, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { archiveFileName, archiveTable, type ArchiveCustomer } from '../../../src/domain/customer-archive';
import { toCsv } from '../../../src/domain/exports';
import { call, type CustomerArchivePage, type ResolverError } from '../../shared/api';
import { readEveryPage } from '../../shared/paging';
import { useI18n } from '../../shared/i18n';
import { download } from '../../matrix/src/Export';

type State =
  | { status: 'idle' }
  | { status: 'loading'; done: number }
  | { status: 'done'; fileName: string; count: number }
  | { status: 'failed'; error: ResolverError };

/**
 * Exports the whole customer archive (客户信息档案表) as CSV or XLSX in the register's conventions.
 * A manager's view has no contact data; a Jira admin may include it, and the server records each
 * customer so exported in its audit trail.
 */
export function ArchiveExport({ projectKey, canAdminister }: { projectKey: string; canAdminister: boolean }) {
  const i18n = useI18n();
  const id = useId();
  const [withContacts, setWithContacts] = useState(false);
  const [state, setState] = useState<State>({ status: 'idle' });
  const running = useRef(false);
  const language = i18n.language === 'zh-CN' ? 'zh' : 'en';

  const run = async (format: 'csv' | 'xlsx') => {
    if (running.current) return;
    running.current = true;
    try {
      const customers: ArchiveCustomer[] = [];
      setState({ status: 'loading', done: 0 });
      const outcome = await readEveryPage<CustomerArchivePage>({
        read: (cursor) => call('customers.archive', { projectKey, cursor, ...(withContacts ? { withContacts: true } : {}) }),
        next: (page) => page.cursor,
        onPage: (page) => {
          customers.push(...page.customers);
          setState({ status: 'loading', done: customers.length });
        },
      });
      if (outcome.status === 'failed') return setState({ status: 'failed', error: outcome.error });
      const table = archiveTable(customers, language, { withContacts });
      const fileName = archiveFileName(new Date().toISOString().slice(0, 10), format, withContacts);
      const blob =
        format === 'csv'
          ? new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' })
          : await (await import('../../matrix/src/xlsx')).xlsxBlob(table);
      download(blob, fileName);
      setState({ status: 'done', fileName, count: customers.length });
    } catch (error) {
      setState({
        status: 'failed',
        error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      running.current = false;
    }
  };

  const busy = state.status === 'loading';
  return (
    <Stack space="space.150">
      <Text as="p" color="color.text.subtle">
        {i18n.t(withContacts ? 'archive.scopeContacts' : 'archive.scope')}
      </Text>
      {canAdminister ? (
        <Inline space="space.075" alignBlock="center">
          <input
            id={id}
            type="checkbox"
            checked={withContacts}
            disabled={busy}
            onChange={(event) => setWithContacts(event.currentTarget.checked)}
            data-testid="rt-archive-contacts"
          />
          <label htmlFor={id}>{i18n.t('archive.withContacts')}</label>
        </Inline>
      ) : null}
      <Inline space="space.100" shouldWrap>
        <Button appearance="primary" isDisabled={busy} onClick={() => void run('xlsx')} testId="rt-archive-xlsx">
          {i18n.t('archive.exportXlsx')}
        </Button>
        <Button isDisabled={busy} onClick={() => void run('csv')} testId="rt-archive-csv">
          {i18n.t('archive.exportCsv')}
        </Button>
      </Inline>
      <div aria-live="polite">
        {state.status === 'loading' ? (
          <Text size="small">{i18n.t('archive.progress', { count: i18n.number(state.done) })}</Text>
        ) : null}
        {state.status === 'done' ? (
          <SectionMessage appearance="success">
            {i18n.t('archive.done', { file: state.fileName, count: i18n.number(state.count) })}
          </SectionMessage>
        ) : null}
        {state.status === 'failed' ? (
          <SectionMessage appearance="error" title={i18n.t('archive.failed')}>
            <Text as="p">{state.error.message}</Text>
          </SectionMessage>
        ) : null}
      </div>
    </Stack>
  );
}
