import type { ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { GadgetConfig } from '../../../src/domain/gadget-config';
import type { GradeDistribution, RequirementRow } from '../../shared/api';
import {
  EmptyState,
  ErrorState,
  GradeLozenge,
  IssueLink,
  Loading,
  NotFeasibleMarker,
  VisuallyHidden,
} from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n, type MessageKey } from '../../shared/i18n';
import { openSearch } from '../../shared/navigation';
import { GradeBars, MoscowBars, QuadrantCounts } from './charts';

export const KIND_TITLE: Record<GadgetConfig['kind'], MessageKey> = {
  grades: 'gadget.kind.grades',
  top: 'gadget.kind.top',
  quadrants: 'gadget.kind.quadrants',
  moscow: 'gadget.kind.moscow',
  overdue: 'gadget.kind.overdue',
  'on-time': 'gadget.kind.onTime',
  notice: 'gadget.kind.notice',
  satisfaction: 'gadget.kind.satisfaction',
};

function RequirementList({ rows, detail }: { rows: RequirementRow[]; detail(row: RequirementRow): string }) {
  return (
    <ol style={{ margin: 0, paddingInlineStart: token('space.300', '24px'), display: 'grid', gap: token('space.075', '6px') }}>
      {rows.map((row) => (
        <li key={row.id}>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <IssueLink row={row} />
            <span style={{ overflowWrap: 'anywhere' }}>
              <Text>{row.summary}</Text>
            </span>
            <GradeLozenge grade={row.computed.priorityGrade} />
            <NotFeasibleMarker row={row} />
            <Text size="small" color="color.text.subtle">
              {detail(row)}
            </Text>
          </Inline>
        </li>
      ))}
    </ol>
  );
}

const daysBetween = (fromDay: string, toDay: string): number =>
  Math.round((Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000);

function KindBody({ config, data }: { config: GadgetConfig; data: GradeDistribution }) {
  const i18n = useI18n();
  switch (config.kind) {
    case 'grades':
      return (
        <Stack space="space.150">
          <GradeBars distribution={data} />
          <Inline space="space.100" alignBlock="center">
            <Text>{i18n.t('gadget.unscored')}</Text>
            <Text weight="semibold">{i18n.number(data.unscored)}</Text>
          </Inline>
          {data.notFeasible > 0 ? (
            <button
              type="button"
              className="rt-count-button"
              data-testid="rt-gadget-not-feasible"
              onClick={() => openSearch(data.drillDown.notFeasible)}
            >
              <Inline space="space.100" alignBlock="center">
                <Text>{i18n.t('gadget.notFeasible')}</Text>
                <Text weight="semibold" color="color.text.danger">
                  {i18n.number(data.notFeasible)}
                </Text>
                <VisuallyHidden>{i18n.t('gadget.openInSearch')}</VisuallyHidden>
              </Inline>
            </button>
          ) : (
            <Inline space="space.100" alignBlock="center" testId="rt-gadget-not-feasible">
              <Text>{i18n.t('gadget.notFeasible')}</Text>
              <Text weight="semibold">{i18n.number(data.notFeasible)}</Text>
            </Inline>
          )}
          {data.closedDuplicates > 0 ? (
            <Text size="small" color="color.text.subtle" testId="rt-gadget-closed-duplicates">
              {i18n.plural('gadget.closedDuplicates', data.closedDuplicates)}
            </Text>
          ) : null}
        </Stack>
      );
    case 'quadrants':
      return <QuadrantCounts distribution={data} />;
    case 'moscow':
      return <MoscowBars distribution={data} />;
    case 'top':
      return data.top.length === 0 ? (
        <EmptyState title={i18n.t('gadget.noneScored')} />
      ) : (
        <RequirementList
          rows={data.top}
          detail={(row) => i18n.t('gadget.topDetail', { score: i18n.score(row.computed.weightedScore ?? 0) })}
        />
      );
    // Drawn by ReportGadget (from the delivery records, not this search).
    case 'on-time':
    case 'notice':
    case 'satisfaction':
      return null;
    case 'overdue': {
      const today = new Date().toISOString().slice(0, 10);
      return data.overdue.total === 0 ? (
        <EmptyState title={i18n.t('gadget.noneOverdue')} />
      ) : (
        <Stack space="space.100">
          <Text weight="semibold">{i18n.plural('gadget.overdueCount', data.overdue.total)}</Text>
          <RequirementList
            rows={data.overdue.rows}
            detail={(row) =>
              i18n.t('gadget.overdueDetail', {
                date: i18n.day(row.dueDate ?? ''),
                days: i18n.plural('common.days', daysBetween(row.dueDate ?? today, today)),
              })
            }
          />
          {data.overdue.total > data.overdue.rows.length ? (
            <Text size="small" color="color.text.subtle">
              {i18n.t('gadget.overdueMore', { count: data.overdue.total - data.overdue.rows.length })}
            </Text>
          ) : null}
        </Stack>
      );
    }
  }
}

export function GadgetView({ config }: { config: GadgetConfig }) {
  const i18n = useI18n();
  const { source } = config;
  const topN = config.topN;
  const byProject = useResolver(
    'requirements.distribution',
    { projectKey: source.type === 'project' ? source.projectKey : undefined, topN },
    { enabled: source.type === 'project' },
  );
  const byFilter = useResolver(
    'filters.distribution',
    { filterId: source.type === 'filter' ? source.filterId : '', topN },
    { enabled: source.type === 'filter' },
  );
  const result = source.type === 'project' ? byProject : byFilter;
  const sourceName = source.type === 'project' ? source.projectKey : source.filterName;
  const data = result.data;

  let body;
  if (result.error) body = <ErrorState error={result.error} onRetry={result.reload} />;
  else if (!data) body = <Loading />;
  else if (data.total === 0)
    body = <EmptyState title={i18n.t('gadget.empty', { project: sourceName })} description={i18n.t('gadget.emptyHint')} />;
  else
    body = (
      <Stack space="space.150">
        <Text color="color.text.subtle">{i18n.plural('common.requirements', data.total)}</Text>
        <section aria-labelledby="rt-gadget-title" data-testid={`rt-gadget-${config.kind}`}>
          <KindBody config={config} data={data} />
        </section>
      </Stack>
    );
  return (
    // What it shows and from where: two gadgets on one dashboard never carry the same title.
    <GadgetFrame
      title={i18n.t(source.type === 'project' ? 'gadget.title' : 'gadget.titleFilter', {
        kind: i18n.t(KIND_TITLE[config.kind], { count: topN }),
        source: sourceName,
      })}
      reload={result.reload}
      reloading={result.loading && data !== null}
    >
      {body}
    </GadgetFrame>
  );
}

/** Every gadget's frame: its title (the `rt-gadget-title` its sections are labelled by) and a Refresh button above what it shows. */
export function GadgetFrame({
  title,
  reload,
  reloading,
  children,
}: {
  title: string;
  reload: () => void;
  reloading: boolean;
  children: ReactNode;
}) {
  const i18n = useI18n();
  return (
    <Stack space="space.200">
      <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
        <Heading size="small" as="h1" id="rt-gadget-title">
          {title}
        </Heading>
        <Button onClick={reload} isLoading={reloading} spacing="compact">
          {i18n.t('common.refresh')}
        </Button>
      </Inline>
      {children}
    </Stack>
  );
}
