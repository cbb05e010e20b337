import { INDUSTRY_SECTIONS } from '../../../src/domain/customers';
import { VALUE_LABELS, type ExportCell } from '../../../src/domain/exports';
import { CUSTOMER_TYPES, GRADES, type CustomerType, type Grade } from '../../../src/domain/framework';
import { NOT_RECORDED, type AverageRow, type CountRow, type KindTagFigures } from '../../../src/domain/reports';
import type { ProjectReports } from '../../shared/api';
import type { I18n, MessageKey } from '../../shared/i18n';

/** How a column's cells read on screen; the export keeps the raw numbers. */
export type ColumnFormat = 'text' | 'count' | 'percent' | 'average';

export interface ReportBar {
  label: string;
  value: number | null;
  /** The bar's full length: the largest count, 100 %, or satisfaction 5. */
  max: number;
  format: Exclude<ColumnFormat, 'text'>;
}

/** One report as the page draws it (bars beside a table) and exports it (the table itself). */
export interface ReportTable {
  id: string;
  title: string;
  hint?: string;
  headers: string[];
  formats: ColumnFormat[];
  rows: ExportCell[][];
  bars: ReportBar[];
}

const SATISFACTION_MAX = 5;

function groupLabel(i18n: I18n, kind: 'type' | 'grade' | 'industry' | 'channel' | 'plain', group: string): string {
  if (group === NOT_RECORDED) return i18n.t('reports.none');
  if (kind === 'type' && (CUSTOMER_TYPES as readonly string[]).includes(group))
    return i18n.t(`customerType.${group as CustomerType}` as MessageKey);
  if (kind === 'grade') return i18n.grade(group as Grade);
  if (kind === 'industry') {
    const section = INDUSTRY_SECTIONS.find((candidate) => candidate.code === group);
    return section ? `${section.code} ${i18n.language === 'zh-CN' ? section.zh : section.en}` : group;
  }
  if (kind === 'channel') return VALUE_LABELS[group]?.[i18n.language === 'zh-CN' ? 'zh' : 'en'] ?? group;
  return group;
}

const maxOf = (values: (number | null)[]): number => Math.max(1, ...values.map((value) => value ?? 0));

function averageTable(
  i18n: I18n,
  id: string,
  titleKey: MessageKey,
  rows: AverageRow[],
  kind: 'type' | 'grade' | 'plain',
): ReportTable {
  const labelled = rows.map((row) => ({ ...row, label: groupLabel(i18n, kind, row.group) }));
  return {
    id,
    title: `${i18n.t('reports.satisfaction.title')} · ${i18n.t(titleKey)}`,
    headers: [
      i18n.t('reports.satisfaction.group'),
      i18n.t('reports.satisfaction.answers'),
      i18n.t('reports.satisfaction.average'),
    ],
    formats: ['text', 'count', 'average'],
    rows: labelled.map((row) => [row.label, row.answers, row.average]),
    bars: labelled.map((row) => ({ label: row.label, value: row.average, max: SATISFACTION_MAX, format: 'average' })),
  };
}

function countTable(
  i18n: I18n,
  id: string,
  title: string,
  hint: string,
  groupHeader: string,
  rows: CountRow[],
  kind: 'industry' | 'channel' | 'plain',
  withCustomers: boolean,
): ReportTable {
  const labelled = rows.map((row) => ({ ...row, label: groupLabel(i18n, kind, row.group) }));
  const max = maxOf(labelled.map((row) => row.requirements));
  return {
    id,
    title,
    hint,
    headers: [groupHeader, i18n.t('reports.demand.requirements'), ...(withCustomers ? [i18n.t('reports.demand.customers')] : [])],
    formats: ['text', 'count', ...(withCustomers ? (['count'] as const) : [])],
    rows: labelled.map((row) => [row.label, row.requirements, ...(withCustomers ? [row.customers ?? 0] : [])]),
    bars: labelled.map((row) => ({ label: row.label, value: row.requirements, max, format: 'count' })),
  };
}

/**
 * Requirements by kind and second-level tag: a row for each kind (all its tags) followed by a row
 * per tag; the chart has a bar per tag, its total.
 */
function kindTagTable(i18n: I18n, reports: ProjectReports): ReportTable {
  const language = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const kindName = (kind: string) =>
    kind === NOT_RECORDED ? i18n.t('reports.none') : i18n.t(`classification.value.${kind}` as MessageKey);
  const tagName = (tag: string) =>
    tag === NOT_RECORDED ? i18n.t('reports.kindTag.noTag') : (reports.tagNames[tag]?.[language] ?? tag);
  const figures = (entry: KindTagFigures) => [
    entry.open,
    entry.delivered,
    entry.total,
    ...GRADES.map((grade) => entry.grades[grade]),
    entry.grades.none,
    entry.averageScore,
  ];
  // A tag belongs to one kind, so its name alone labels its bar (kept short beside the chart); "No tag" names its kind.
  const tagRows = reports.byKindTag.flatMap((group) =>
    group.tags.map((entry) => ({
      label: entry.tag === NOT_RECORDED ? `${tagName(entry.tag)} · ${kindName(group.kind)}` : tagName(entry.tag),
      total: entry.total,
    })),
  );
  const max = maxOf(tagRows.map((row) => row.total));
  return {
    id: 'kind-tag',
    title: i18n.t('reports.kindTag.title'),
    hint: i18n.t('reports.kindTag.hint'),
    headers: [
      i18n.t('reports.kindTag.kind'),
      i18n.t('reports.kindTag.tag'),
      i18n.t('reports.kindTag.open'),
      i18n.t('reports.kindTag.delivered'),
      i18n.t('reports.open.total'),
      ...GRADES.map((grade) => i18n.t('grade.label', { grade })),
      i18n.t('reports.kindTag.noGrade'),
      i18n.t('reports.kindTag.averageScore'),
    ],
    formats: ['text', 'text', 'count', 'count', 'count', ...GRADES.map(() => 'count' as const), 'count', 'average'],
    rows: reports.byKindTag.flatMap((group) => [
      [kindName(group.kind), i18n.t('reports.kindTag.allTags'), ...figures(group)],
      ...group.tags.map((entry) => [kindName(group.kind), tagName(entry.tag), ...figures(entry)]),
    ]),
    bars: tagRows.map((row) => ({ label: row.label, value: row.total, max, format: 'count' })),
  };
}

/** Every report of the page, in its order; the satisfaction section holds four. */
export function reportTables(
  i18n: I18n,
  reports: ProjectReports,
): {
  onTime: ReportTable;
  notice: ReportTable;
  satisfaction: ReportTable[];
  open: ReportTable;
  industry: ReportTable;
  region: ReportTable;
  channel: ReportTable;
  kindTag: ReportTable;
} {
  const onTimeRows = reports.onTimeByGrade.map((row) => ({ ...row, label: groupLabel(i18n, 'grade', row.grade) }));
  const { notice } = reports;
  const buckets = reports.openByAge.buckets.map((range) => i18n.t('reports.open.days', { range }));
  return {
    onTime: {
      id: 'on-time',
      title: i18n.t('reports.onTime.title'),
      hint: i18n.t('reports.onTime.hint'),
      headers: [
        'reports.onTime.grade',
        'reports.onTime.delivered',
        'reports.onTime.onTime',
        'reports.onTime.late',
        'reports.onTime.noDeadline',
        'reports.rate',
      ].map((key) => i18n.t(key as MessageKey)),
      formats: ['text', 'count', 'count', 'count', 'count', 'percent'],
      rows: onTimeRows.map((row) => [row.label, row.delivered, row.onTime, row.late, row.noDeadline, row.rate]),
      bars: onTimeRows.map((row) => ({ label: row.label, value: row.rate, max: 100, format: 'percent' })),
    },
    notice: {
      id: 'notice',
      title: i18n.t('reports.notice.title'),
      hint: i18n.t('reports.notice.hint'),
      headers: [
        'reports.notice.due',
        'reports.notice.withinDay',
        'reports.notice.late',
        'reports.notice.notTold',
        'reports.rate',
      ].map((key) => i18n.t(key as MessageKey)),
      formats: ['count', 'count', 'count', 'count', 'percent'],
      rows: [[notice.due, notice.withinDay, notice.late, notice.notTold, notice.rate]],
      bars: (['withinDay', 'late', 'notTold'] as const).map((part) => ({
        label: i18n.t(`reports.notice.${part}`),
        value: notice[part],
        max: Math.max(1, notice.due),
        format: 'count',
      })),
    },
    satisfaction: [
      averageTable(i18n, 'satisfaction-type', 'reports.satisfaction.byCustomerType', reports.satisfaction.byCustomerType, 'type'),
      averageTable(
        i18n,
        'satisfaction-department',
        'reports.satisfaction.byDepartment',
        reports.satisfaction.byDepartment,
        'plain',
      ),
      averageTable(i18n, 'satisfaction-grade', 'reports.satisfaction.byGrade', reports.satisfaction.byGrade, 'grade'),
      averageTable(i18n, 'satisfaction-month', 'reports.satisfaction.byMonth', reports.satisfaction.byMonth, 'plain'),
    ],
    open: {
      id: 'open-by-age',
      title: i18n.t('reports.open.title'),
      hint: i18n.t('reports.open.hint'),
      headers: [i18n.t('reports.open.status'), ...buckets, i18n.t('reports.open.total')],
      formats: ['text', ...buckets.map(() => 'count' as const), 'count'],
      rows: [
        ...reports.openByAge.rows.map((row) => [row.status, ...row.counts, row.total]),
        [
          i18n.t('reports.open.total'),
          ...reports.openByAge.totals,
          reports.openByAge.totals.reduce((sum, count) => sum + count, 0),
        ],
      ],
      bars: buckets.map((label, index) => ({
        label,
        value: reports.openByAge.totals[index]!,
        max: maxOf(reports.openByAge.totals),
        format: 'count',
      })),
    },
    industry: countTable(
      i18n,
      'demand-industry',
      i18n.t('reports.demand.industry'),
      i18n.t('reports.demand.hint'),
      i18n.t('reports.demand.group.industry'),
      reports.demandByIndustry,
      'industry',
      true,
    ),
    region: countTable(
      i18n,
      'demand-region',
      i18n.t('reports.demand.region'),
      i18n.t('reports.demand.hint'),
      i18n.t('reports.demand.group.region'),
      reports.demandByRegion,
      'plain',
      true,
    ),
    channel: countTable(
      i18n,
      'channel',
      i18n.t('reports.channel.title'),
      i18n.t('reports.channel.hint'),
      i18n.t('reports.channel.group'),
      reports.byChannel,
      'channel',
      false,
    ),
    kindTag: kindTagTable(i18n, reports),
  };
}

/** e.g. `REQ-report-on-time-2026-06-2026-11.csv`. */
export const reportFileName = (
  projectKey: string,
  table: ReportTable,
  period: { from: string; to: string },
  extension: 'csv' | 'xlsx',
): string => `${projectKey}-report-${table.id}-${period.from}-${period.to}.${extension}`;
