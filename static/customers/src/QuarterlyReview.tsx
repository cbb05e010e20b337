import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { call, type CustomerReviewEntry, type LastReviewReminderView, type ResolverError } from '../../shared/api';
import { CustomerTypeLozenge, ErrorState, Loading } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';
import { industryName } from './CustomerEditor';

const cell = { padding: `${token('space.050', '4px')} ${token('space.100', '8px')}`, verticalAlign: 'middle' } as const;

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
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ResolverError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { reload } = list;
  useEffect(() => setRows(list.data?.customers ?? []), [list.data]);
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);

  const confirm = async (entry: CustomerReviewEntry) => {
    setBusy(entry.number);
    setError(null);
    setNotice(null);
    const result = await call('customers.review.confirm', { projectKey, number: entry.number, expectedVersion: entry.version });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setRows((previous) => previous.filter((row) => row.number !== entry.number));
    setNotice(i18n.t('review.customer.confirmed', { number: entry.number }));
  };

  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const remaining = list.data.total - (list.data.customers.length - rows.length);
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
      {error ? <ErrorState error={error} onRetry={list.reload} /> : null}
      {rows.length > 0 ? (
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={i18n.t('review.customer.title')}>
          <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid="rt-customer-review">
            <thead>
              <tr>
                {(['number', 'name', 'industry', 'type', 'region', 'confirmed', 'actions'] as const).map((column) => (
                  <th
                    key={column}
                    scope="col"
                    style={{
                      ...cell,
                      textAlign: 'start',
                      whiteSpace: 'nowrap',
                      borderBottom: `2px solid ${token('color.border', '#DCDFE4')}`,
                    }}
                  >
                    {i18n.t(`review.customer.column.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.number}
                  data-testid={`rt-customer-review-${row.number}`}
                  style={{ borderBottom: `1px solid ${token('color.border', '#DCDFE4')}` }}
                >
                  <td style={{ ...cell, whiteSpace: 'nowrap' }}>{row.number}</td>
                  <td style={cell}>{row.name}</td>
                  <td style={cell}>{industryName(i18n, row.industry)}</td>
                  <td style={cell}>
                    <CustomerTypeLozenge type={row.type} />
                  </td>
                  <td style={cell}>{row.region}</td>
                  <td style={cell}>
                    {i18n.t('review.customer.since', {
                      date: i18n.day(row.confirmedOn),
                      days: i18n.plural('common.days', row.days),
                    })}
                  </td>
                  <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                    <Inline space="space.100">
                      {list.data!.canWrite ? (
                        <Button
                          appearance="primary"
                          spacing="compact"
                          isLoading={busy === row.number}
                          isDisabled={busy !== null && busy !== row.number}
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
                        {i18n.t(list.data!.canWrite ? 'review.customer.edit' : 'review.customer.view')}
                      </Button>
                    </Inline>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
