import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import type { CustomerReviewEntry, LastReviewReminderView } from '../../shared/api';
import { CustomerTypeLozenge, ErrorState, Loading } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction, useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';
import { industryName } from './CustomerEditor';

/**
 * The quarterly customer review (每季度复核客户标签准确性): customers whose type, size, industry and
 * region nobody confirmed for a quarter. "Still right" confirms the record as shown; "Edit" opens it.
 * The reminder names the project's customer-contact duty, and says when the hourly run last
 * reminded them, whom, and in which issue.
 */
export function QuarterlyReview({
  projectKey,
  onEdit,
  refresh,
}: {
  projectKey: string;
  onEdit: (number: string) => void;
  refresh: number;
}) {
  const i18n = useI18n();
  const list = useResolver('customers.review.list', { projectKey });
  const [rows, setRows] = useState<CustomerReviewEntry[]>([]);
  const confirmation = useAction<'customers.review.confirm'>();
  const [notice, setNotice] = useState<string | null>(null);
  const { reload } = list;
  useEffect(() => setRows(list.data?.customers ?? []), [list.data]);
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);

  const confirm = async (entry: CustomerReviewEntry) => {
    setNotice(null);
    const result = await confirmation.run('customers.review.confirm', {
      projectKey,
      number: entry.number,
      expectedVersion: entry.version,
    });
    if (!result.ok) return;
    setRows((previous) => previous.filter((row) => row.number !== entry.number));
    setNotice(i18n.t('review.customer.confirmed', { number: entry.number }));
  };

  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const remaining = list.data.total - (list.data.customers.length - rows.length);
  const canWrite = list.data.canWrite;
  const confirming = confirmation.busy ? (confirmation.payload?.number ?? null) : null;
  const column = (name: 'number' | 'name' | 'industry' | 'type' | 'region' | 'confirmed' | 'actions') =>
    i18n.t(`review.customer.column.${name}`);
  const duty = list.data.contactDuty.length > 0 ? i18n.list(list.data.contactDuty) : i18n.t('review.customer.noDuty');
  return (
    <Stack space="space.150">
      <Text as="p" color="color.text.subtle">
        {i18n.t('review.customer.intro')}
      </Text>
      {remaining > 0 ? (
        <SectionMessage appearance="warning" title={i18n.t('review.customer.due', { count: i18n.number(remaining) })}>
          <Stack space="space.050">
            <Text as="p">{i18n.t('review.customer.remind', { duty })}</Text>
            <LastReminder reminder={list.data.lastReminder} />
          </Stack>
        </SectionMessage>
      ) : (
        <Stack space="space.050">
          <Text as="p">{i18n.t('review.customer.none')}</Text>
          {list.data.lastReminder ? <LastReminder reminder={list.data.lastReminder} /> : null}
        </Stack>
      )}
      {notice ? (
        <div aria-live="polite">
          <SectionMessage appearance="success">
            <Text as="p">{notice}</Text>
          </SectionMessage>
        </div>
      ) : null}
      {confirmation.error ? <ErrorState error={confirmation.error} onRetry={list.reload} /> : null}
      {rows.length > 0 ? (
        <DataTable
          columns={[
            { key: 'number', header: column('number'), noWrap: true, cell: (row) => row.number },
            { key: 'name', header: column('name'), cell: (row) => row.name },
            { key: 'industry', header: column('industry'), cell: (row) => industryName(i18n, row.industry) },
            { key: 'type', header: column('type'), cell: (row) => <CustomerTypeLozenge type={row.type} /> },
            { key: 'region', header: column('region'), cell: (row) => row.region },
            {
              key: 'confirmed',
              header: column('confirmed'),
              cell: (row) =>
                i18n.t('review.customer.since', { date: i18n.day(row.confirmedOn), days: i18n.plural('common.days', row.days) }),
            },
            {
              key: 'actions',
              header: column('actions'),
              noWrap: true,
              cell: (row) => (
                <Inline space="space.100">
                  {canWrite ? (
                    <Button
                      appearance="primary"
                      spacing="compact"
                      isLoading={confirming === row.number}
                      isDisabled={confirming !== null && confirming !== row.number}
                      onClick={() => void confirm(row)}
                      aria-label={i18n.t('review.customer.confirmLabel', { number: row.number })}
                    >
                      {i18n.t('review.customer.confirm')}
                    </Button>
                  ) : null}
                  <Button
                    spacing="compact"
                    onClick={() => onEdit(row.number)}
                    aria-label={i18n.t('review.customer.editLabel', { number: row.number })}
                  >
                    {i18n.t(canWrite ? 'review.customer.edit' : 'review.customer.view')}
                  </Button>
                </Inline>
              ),
            },
          ]}
          rows={rows}
          rowKey={(row) => row.number}
          caption={i18n.t('review.customer.table')}
          rowAttributes={(row) => ({ 'data-testid': `rt-customer-review-${row.number}` })}
          testId="rt-customer-review"
        />
      ) : null}
    </Stack>
  );
}

/** When the hourly run last reminded the duty, whom, and the quarter's issue (opens it). */
function LastReminder({ reminder }: { reminder: LastReviewReminderView | null }) {
  const i18n = useI18n();
  if (!reminder) {
    return (
      <Text as="p" color="color.text.subtle" testId="rt-review-last-reminder">
        {i18n.t('review.customer.noReminderYet')}
      </Text>
    );
  }
  const named = reminder.recipients.length > 0 ? i18n.list(reminder.recipients) : i18n.t('review.customer.lastReminder.nobody');
  const people =
    reminder.moreRecipients > 0
      ? i18n.t('review.customer.lastReminder.more', { people: named, count: i18n.number(reminder.moreRecipients) })
      : named;
  const [before, after] = i18n
    .t('review.customer.lastReminder', {
      date: i18n.date(reminder.sentAt),
      people,
      issue: '\u0000',
      count: i18n.number(reminder.dueCount),
    })
    .split('\u0000');
  return (
    <Text as="p" testId="rt-review-last-reminder">
      {before}
      <a
        href={`/browse/${encodeURIComponent(reminder.issueKey)}`}
        onClick={(event) => {
          event.preventDefault();
          openIssue(reminder.issueKey);
        }}
      >
        {reminder.issueKey}
      </a>
      {after}
    </Text>
  );
}
