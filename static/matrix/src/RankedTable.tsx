import { useMemo, useState, type ReactNode } from 'react';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { RowType, SortOrderType } from '@atlaskit/dynamic-table/types';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Lozenge from '@atlaskit/lozenge';
import {
  DEFAULT_MILESTONES,
  milestoneStatuses,
  nextMilestone,
  parseKeyDatesField,
  type MilestoneSetting,
  type MilestoneStatus,
} from '../../../src/domain/key-dates';
import type { RequirementRow } from '../../shared/api';
import { BandLozenge, GradeLozenge, IssueLink, NotFeasibleMarker, QuadrantLozenge, SideScroll } from '../../shared/components';
import { useI18n } from '../../shared/i18n';
import { byPriority, GRADE_RANK } from './data';

type SortKey = 'weighted' | 'threeFactor' | 'grade' | 'value' | 'cost' | 'demand' | 'due' | 'milestone';
/** The next open milestone as of the site's day (as the reminders and the exports count it); none until that day is known. */
export const nextOf = (
  row: RequirementRow,
  milestones: readonly MilestoneSetting[],
  today: string | null,
): MilestoneStatus | null =>
  today === null || row.statusCategory === 'done' || !row.keyDates
    ? null
    : nextMilestone(milestoneStatuses(parseKeyDatesField(row.keyDates), milestones, today));
const SORTERS: Record<SortKey, (row: RequirementRow) => number | null> = {
  weighted: (row) => row.computed.weightedScore,
  threeFactor: (row) => row.computed.threeFactorScore,
  grade: (row) => (row.computed.priorityGrade ? GRADE_RANK[row.computed.priorityGrade] : null),
  value: (row) => row.inputs.businessValue,
  cost: (row) => row.inputs.implementationCost,
  // Each linked customer once (the field holds each number once).
  demand: (row) => row.linkedCustomers.length,
  due: (row) => (row.dueDate ? Date.parse(row.dueDate) : null),
  milestone: () => null,
};
/** Deadlines read soonest first; every score column starts with the highest. */
const FIRST_ORDER: Record<SortKey, SortOrderType> = {
  weighted: 'DESC',
  threeFactor: 'DESC',
  grade: 'DESC',
  value: 'DESC',
  cost: 'DESC',
  demand: 'DESC',
  due: 'ASC',
  milestone: 'ASC',
};
const isSortKey = (key: unknown): key is SortKey => typeof key === 'string' && key in SORTERS;
const ROWS_PER_PAGE = 25;

const dash = <Text color="color.text.subtlest">–</Text>;
/** Numbers and dates keep to one line: "11" broken over two lines reads as 1 and 1. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;
/**
 * Headers wrap between words only: English at its spaces, Chinese not at all (keep-all),
 * so "客户数" is not set one character a line.
 */
const WHOLE_WORDS = { wordBreak: 'keep-all', overflowWrap: 'normal' } as const;
const header = (text: ReactNode) => <span style={WHOLE_WORDS}>{text}</span>;

/** Narrower than this, the summary column shows no second-level tag: the table already scrolls sideways. */
const TAG_SHOWN_FROM = '(min-width: 600px)';

/**
 * `milestones`: the project's (delivery rules); the defaults until they have loaded. `today`: the site's day requirements.list gave.
 * `tagNameOf` names a second-level tag in the reader's language.
 */
export function RankedTable({
  rows,
  milestones = DEFAULT_MILESTONES,
  today,
  tagNameOf,
}: {
  rows: RequirementRow[];
  milestones?: readonly MilestoneSetting[];
  today: string | null;
  tagNameOf?: (code: string) => string;
}) {
  const i18n = useI18n();
  const [showTags] = useState(() => typeof window === 'undefined' || window.matchMedia(TAG_SHOWN_FROM).matches);
  const nextById = useMemo(() => new Map(rows.map((row) => [row.id, nextOf(row, milestones, today)])), [rows, milestones, today]);
  const [sortKey, setSortKey] = useState<SortKey>('weighted');
  const [sortOrder, setSortOrder] = useState<SortOrderType>('DESC');
  const [requestedPage, setPage] = useState(1);
  // Filters can shrink the list under the page the user was on.
  const page = Math.min(requestedPage, Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE)));

  /** Priority rank by weighted score; it does not change with the column the table is sorted by. */
  const ranks = useMemo(() => {
    const ranked = [...rows].filter((row) => row.computed.weightedScore !== null).sort(byPriority);
    return new Map(ranked.map((row, index) => [row.id, index + 1]));
  }, [rows]);

  const tableRows = useMemo((): RowType[] => {
    // Blanks always go last; the table's own sort then keeps this order for equal keys.
    const blank = sortOrder === 'ASC' ? Infinity : -Infinity;
    const sortValue = (row: RequirementRow) =>
      (sortKey === 'milestone'
        ? nextById.get(row.id)?.planned
          ? Date.parse(nextById.get(row.id)!.planned!)
          : null
        : SORTERS[sortKey](row)) ?? blank;
    const direction = sortOrder === 'ASC' ? 1 : -1;
    // Sorted here and cut to the page, so only the shown rows are built (thousands of requirements stay fast).
    const ordered = [...rows].sort((a, b) => direction * (sortValue(a) - sortValue(b)) || byPriority(a, b));
    const shown = ordered.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
    return shown.map((row) => {
      const { computed, inputs } = row;
      const numberCell = (value: number | null, format: (n: number) => string = i18n.number) =>
        value === null ? (
          dash
        ) : (
          <span style={NO_WRAP}>
            <Text>{format(value)}</Text>
          </span>
        );
      return {
        key: row.id,
        cells: [
          {
            key: ranks.get(row.id) ?? Infinity,
            content: ranks.has(row.id) ? <Text>{i18n.number(ranks.get(row.id) as number)}</Text> : dash,
          },
          {
            key: row.key,
            // The status under the key: a column of its own would push the list past a laptop's width.
            content: (
              <Stack space="space.025">
                <IssueLink row={row} />
                <span style={WHOLE_WORDS}>
                  <Text size="small" color="color.text.subtle">
                    {row.status}
                  </Text>
                </span>
              </Stack>
            ),
          },
          {
            key: row.summary,
            content: (
              <Stack space="space.025">
                <Inline space="space.050" alignBlock="center" shouldWrap>
                  <span style={{ overflowWrap: 'anywhere' }}>{row.summary}</span>
                  <NotFeasibleMarker row={row} />
                </Inline>
                {/* Under the summary, in small type that wraps: a lozenge would widen the column past the table's width. */}
                {showTags && tagNameOf && row.kindTag ? (
                  <span data-testid="rt-ranked-tag" style={{ overflowWrap: 'anywhere' }}>
                    <Text size="small" color="color.text.subtle">
                      {tagNameOf(row.kindTag)}
                    </Text>
                  </span>
                ) : null}
              </Stack>
            ),
          },
          { key: sortKey === 'grade' ? sortValue(row) : 0, content: <GradeLozenge grade={computed.priorityGrade} /> },
          { key: sortKey === 'weighted' ? sortValue(row) : 0, content: numberCell(computed.weightedScore, i18n.score) },
          {
            key: sortKey === 'threeFactor' ? sortValue(row) : 0,
            content:
              computed.threeFactorScore === null ? (
                dash
              ) : (
                <Inline space="space.050" alignBlock="center" shouldWrap={false}>
                  <span style={NO_WRAP}>
                    <Text>{i18n.number(computed.threeFactorScore)}</Text>
                  </span>
                  <BandLozenge band={computed.threeFactorPriority} />
                </Inline>
              ),
          },
          { key: sortKey === 'value' ? sortValue(row) : 0, content: numberCell(inputs.businessValue) },
          { key: sortKey === 'cost' ? sortValue(row) : 0, content: numberCell(inputs.implementationCost) },
          {
            key: computed.valueCostQuadrant ?? '',
            content: computed.valueCostQuadrant ? <QuadrantLozenge quadrant={computed.valueCostQuadrant} /> : dash,
          },
          { key: sortKey === 'demand' ? sortValue(row) : 0, content: <Text>{i18n.number(row.linkedCustomers.length)}</Text> },
          {
            key: sortKey === 'due' ? sortValue(row) : 0,
            content: row.dueDate ? (
              <span style={WHOLE_WORDS}>
                <Text>{i18n.day(row.dueDate)}</Text>
              </span>
            ) : (
              dash
            ),
          },
          {
            key: sortKey === 'milestone' ? sortValue(row) : 0,
            content: <NextMilestoneCell next={nextById.get(row.id) ?? null} milestones={milestones} />,
          },
        ],
      };
    });
  }, [rows, ranks, sortKey, sortOrder, page, i18n, nextById, milestones, showTags, tagNameOf]);

  const head = {
    cells: [
      { key: 'rank', content: header(i18n.t('matrix.rank')), width: 4 },
      { key: 'key', content: header(i18n.t('matrix.key')), width: 8 },
      { key: 'summary', content: header(i18n.t('matrix.summary')), width: 17 },
      { key: 'grade', content: header(i18n.field('priorityGrade')), isSortable: true, width: 7 },
      { key: 'weighted', content: header(i18n.field('weightedScore')), isSortable: true, width: 8 },
      { key: 'threeFactor', content: header(i18n.field('threeFactorScore')), isSortable: true, width: 12 },
      { key: 'value', content: header(i18n.t('matrix.value')), isSortable: true, width: 5 },
      { key: 'cost', content: header(i18n.t('matrix.cost')), isSortable: true, width: 5 },
      { key: 'quadrant', content: header(i18n.field('valueCostQuadrant')), width: 10 },
      {
        key: 'demand',
        content: header(<span title={i18n.t('matrix.demandHint')}>{i18n.t('matrix.demand')}</span>),
        isSortable: true,
        width: 6,
      },
      { key: 'due', content: header(i18n.t('matrix.due')), isSortable: true, width: 9 },
      { key: 'milestone', content: header(i18n.t('matrix.nextMilestone')), isSortable: true, width: 9 },
    ],
  };

  return (
    <SideScroll label={i18n.t('matrix.ranked')} testId="rt-ranked-scroll">
      {/* Column widths are percentages of this: they add up to 100. */}
      <div style={{ minWidth: 940 }}>
        <DynamicTableStateless
          label={i18n.t('matrix.ranked')}
          head={head}
          rows={tableRows}
          sortKey={sortKey}
          sortOrder={sortOrder}
          onSort={(data: { key?: unknown; sortOrder?: SortOrderType }) => {
            if (!isSortKey(data.key)) return;
            setSortOrder(data.key !== sortKey ? FIRST_ORDER[data.key] : (data.sortOrder ?? FIRST_ORDER[data.key]));
            setSortKey(data.key);
            setPage(1);
          }}
          rowsPerPage={ROWS_PER_PAGE}
          totalRows={rows.length}
          page={page}
          onSetPage={setPage}
          paginationi18n={{
            prev: i18n.t('matrix.previousPage'),
            next: i18n.t('matrix.nextPage'),
            label: i18n.t('matrix.pagination'),
            pageLabel: i18n.t('matrix.page'),
          }}
        />
      </div>
    </SideScroll>
  );
}

/** The next open milestone and its planned day; a late one in red with how late. */
function NextMilestoneCell({ next, milestones }: { next: MilestoneStatus | null; milestones: readonly MilestoneSetting[] }) {
  const i18n = useI18n();
  if (!next) return dash;
  const milestone = milestones.find((candidate) => candidate.code === next.code);
  const name = milestone ? milestone.label[i18n.language === 'zh-CN' ? 'zh' : 'en'] : next.code;
  return (
    <span data-testid="rt-next-milestone" data-state={next.state} style={{ display: 'grid', gap: 2 }}>
      <span style={WHOLE_WORDS}>
        <Text>{name}</Text>
      </span>
      <span style={NO_WRAP}>
        {next.state === 'late' ? (
          <Lozenge appearance="removed">
            {i18n.t('keyDates.state.late', { days: i18n.plural('common.days', next.daysLate) })}
          </Lozenge>
        ) : (
          <Text size="small" color="color.text.subtle">
            {i18n.day(next.planned!)}
          </Text>
        )}
      </span>
    </span>
  );
}
