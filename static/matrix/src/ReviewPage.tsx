import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import type { ReviewPage as ReviewPageData, ReviewRow } from '../../shared/api';
import { EmptyState, ErrorState, GradeLozenge, Loading, ProjectPage } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction, useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';

type ReviewColumn = 'key' | 'summary' | 'grade' | 'score' | 'lastReviewed' | 'assignee' | 'actions';

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
  const confirmation = useAction<'review.confirm'>();
  const nextPage = useAction<'review.list'>();
  const busyKey = confirmation.busy ? (confirmation.payload?.issueKey ?? null) : null;
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!first.data) return;
    setRows(first.data.rows);
    setNext(first.data.nextPageToken);
    setTotal(first.data.total);
  }, [first.data]);

  async function loadMore() {
    if (!next) return;
    const result = await nextPage.run('review.list', { projectKey, nextPageToken: next });
    if (!result.ok) return;
    setRows((previous) => [...previous, ...result.data.rows.filter((row) => !previous.some((known) => known.key === row.key))]);
    setNext(result.data.nextPageToken);
  }

  async function confirm(row: ReviewRow) {
    setNotice(null);
    const result = await confirmation.run('review.confirm', { issueKey: row.key });
    if (!result.ok) return;
    const { row: updated, rescored } = result.data;
    setRows((previous) => previous.filter((candidate) => candidate.key !== row.key));
    setTotal((previous) => (previous === null ? null : Math.max(0, previous - 1)));
    setNotice(
      rescored.length > 0
        ? i18n.t('review.confirmedRescored', { key: updated.key, grade: updated.grade ? i18n.grade(updated.grade) : '–' })
        : i18n.t('review.confirmed', { key: updated.key, date: updated.lastReviewedOn ? i18n.day(updated.lastReviewedOn) : '' }),
    );
  }

  const column = (name: ReviewColumn) => i18n.t(`review.column.${name}`);
  const data: ReviewPageData | null = first.data;
  const period = data ? i18n.plural('common.days', data.reviewAfterDays) : '';
  let content;
  if (first.error && !data) content = <ErrorState error={first.error} onRetry={first.reload} />;
  else if (!data) content = <Loading />;
  else if (rows.length === 0)
    content = <EmptyState title={i18n.t('review.empty')} description={i18n.t('review.emptyHint', { days: period })} />;
  else
    content = (
      <DataTable
        columns={[
          { key: 'key', header: column('key'), noWrap: true, cell: (row) => row.key },
          { key: 'summary', header: column('summary'), cell: (row) => row.summary },
          { key: 'grade', header: column('grade'), cell: (row) => <GradeLozenge grade={row.grade} /> },
          {
            key: 'score',
            header: column('score'),
            numeric: true,
            cell: (row) => (row.weightedScore === null ? '–' : i18n.score(row.weightedScore)),
          },
          {
            key: 'lastReviewed',
            header: column('lastReviewed'),
            cell: (row) =>
              row.lastReviewedOn ? (
                i18n.day(row.lastReviewedOn)
              ) : (
                <Text color="color.text.subtle">{i18n.t('review.never', { date: i18n.day(row.createdOn) })}</Text>
              ),
          },
          {
            key: 'assignee',
            header: column('assignee'),
            cell: (row) => row.assignee ?? <Text color="color.text.subtlest">{i18n.t('delivery.unassigned')}</Text>,
          },
          {
            key: 'actions',
            header: column('actions'),
            noWrap: true,
            cell: (row) => (
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
            ),
          },
        ]}
        rows={rows}
        rowKey={(row) => row.key}
        caption={i18n.t('review.table')}
        busy={first.loading || nextPage.busy}
        rowAttributes={(row) => ({ 'data-testid': `rt-review-row-${row.key}` })}
        testId="rt-review-table"
      />
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
      {confirmation.error ? <ErrorState error={confirmation.error} /> : null}
      {nextPage.error ? <ErrorState error={nextPage.error} onRetry={() => void loadMore()} /> : null}
      {content}
      {next ? (
        <div>
          <Button onClick={() => void loadMore()} isLoading={nextPage.busy}>
            {i18n.t('review.loadMore')}
          </Button>
        </div>
      ) : null}
    </ProjectPage>
  );
}
