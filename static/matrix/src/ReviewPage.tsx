import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { call, type ResolverError, type ReviewPage as ReviewPageData, type ReviewRow } from '../../shared/api';
import { EmptyState, ErrorState, GradeLozenge, Loading, ProjectPage } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';

const cell = { padding: `${token('space.050', '4px')} ${token('space.100', '8px')}`, verticalAlign: 'middle' } as const;
const COLUMNS = ['key', 'summary', 'grade', 'score', 'lastReviewed', 'assignee', 'actions'] as const;

/**
 * The project page's review subpage: open requirements nobody re-scored for the project's review
 * period, oldest review first, each confirmed with one click or opened to be re-scored.
 */
export default function ReviewPage({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const first = useResolver('review.list', { projectKey });
  const [rows, setRows] = useState<ReviewRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ResolverError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!first.data) return;
    setRows(first.data.rows);
    setNext(first.data.nextPageToken);
    setTotal(first.data.total);
  }, [first.data]);

  async function loadMore() {
    if (!next) return;
    setLoadingMore(true);
    const result = await call('review.list', { projectKey, nextPageToken: next });
    setLoadingMore(false);
    if (!result.ok) return setError(result.error);
    setRows((previous) => [...previous, ...result.data.rows.filter((row) => !previous.some((known) => known.key === row.key))]);
    setNext(result.data.nextPageToken);
  }

  async function confirm(row: ReviewRow) {
    setBusyKey(row.key);
    setError(null);
    setNotice(null);
    const result = await call('review.confirm', { issueKey: row.key });
    setBusyKey(null);
    if (!result.ok) return setError(result.error);
    const { row: updated, rescored } = result.data;
    setRows((previous) => previous.filter((candidate) => candidate.key !== row.key));
    setTotal((previous) => (previous === null ? null : Math.max(0, previous - 1)));
    setNotice(
      rescored.length > 0
        ? i18n.t('review.confirmedRescored', { key: updated.key, grade: updated.grade ? i18n.grade(updated.grade) : '–' })
        : i18n.t('review.confirmed', { key: updated.key, date: updated.lastReviewedOn ? i18n.day(updated.lastReviewedOn) : '' }),
    );
  }

  const data: ReviewPageData | null = first.data;
  const period = data ? i18n.plural('common.days', data.reviewAfterDays) : '';
  let content;
  if (first.error && !data) content = <ErrorState error={first.error} onRetry={first.reload} />;
  else if (!data) content = <Loading />;
  else if (rows.length === 0)
    content = <EmptyState title={i18n.t('review.empty')} description={i18n.t('review.emptyHint', { days: period })} />;
  else
    content = (
      <div style={{ overflowX: 'auto' }}>
        <table
          style={{ borderCollapse: 'collapse', width: '100%' }}
          aria-busy={first.loading || loadingMore}
          data-testid="rt-review-table"
        >
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column}
                  style={{
                    ...cell,
                    textAlign: 'start',
                    whiteSpace: 'nowrap',
                    borderBottom: `2px solid ${token('color.border', '#DCDFE4')}`,
                  }}
                >
                  {i18n.t(`review.column.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.key}
                data-testid={`rt-review-row-${row.key}`}
                style={{ borderBottom: `1px solid ${token('color.border', '#DCDFE4')}` }}
              >
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{row.key}</td>
                <td style={cell}>{row.summary}</td>
                <td style={cell}>
                  <GradeLozenge grade={row.grade} />
                </td>
                <td style={{ ...cell, textAlign: 'end' }}>{row.weightedScore === null ? '–' : i18n.score(row.weightedScore)}</td>
                <td style={cell}>
                  {row.lastReviewedOn ? (
                    i18n.day(row.lastReviewedOn)
                  ) : (
                    <Text color="color.text.subtle">{i18n.t('review.never', { date: i18n.day(row.createdOn) })}</Text>
                  )}
                </td>
                <td style={cell}>{row.assignee ?? <Text color="color.text.subtlest">{i18n.t('delivery.unassigned')}</Text>}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                  <Inline space="space.100">
                    {data.canEdit ? (
                      <Button
                        appearance="primary"
                        spacing="compact"
                        isLoading={busyKey === row.key}
                        isDisabled={busyKey !== null && busyKey !== row.key}
                        onClick={() => void confirm(row)}
                        aria-label={i18n.t('review.confirmLabel', { key: row.key })}
                      >
                        {i18n.t('review.confirm')}
                      </Button>
                    ) : null}
                    <Button
                      spacing="compact"
                      onClick={() => openIssue(row.key)}
                      aria-label={i18n.t('review.openLabel', { key: row.key })}
                    >
                      {i18n.t('review.open')}
                    </Button>
                  </Inline>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <ProjectPage
      title={i18n.t('review.heading')}
      projectKey={projectKey}
      actions={
        <Button onClick={first.reload} isLoading={first.loading}>
          {i18n.t('common.refresh')}
        </Button>
      }
    >
      {data ? (
        <Stack space="space.100">
          <Heading size="small" as="h2" id="rt-review-count">
            {i18n.plural('review.count', total ?? rows.length)}
          </Heading>
          <Text as="p" color="color.text.subtle">
            {i18n.t('review.intro', { days: period })}
          </Text>
          {!data.canEdit ? (
            <Text as="p" size="small" color="color.text.subtle">
              {i18n.t('review.readOnly')}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      {notice ? (
        <div aria-live="polite">
          <SectionMessage appearance="success">
            <Text as="p">{notice}</Text>
          </SectionMessage>
        </div>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      {content}
      {next ? (
        <div>
          <Button onClick={() => void loadMore()} isLoading={loadingMore}>
            {i18n.t('review.loadMore')}
          </Button>
        </div>
      ) : null}
    </ProjectPage>
  );
}
