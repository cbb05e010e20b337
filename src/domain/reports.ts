/**
 * The managers' reports (issue 19): on-time delivery by grade, the 24-hour notice rate, average
 * satisfaction, open requirements by age and status, demand by industry and region, requirements
 * per channel. Pure: the caller passes each requirement with its delivery rounds and linked
 * customers, the period and today's site day; every figure is counted here. Also requirements by kind
 * and second-level tag (issue 19 item 4).
 */
import type { CustomerType, Grade } from './framework';
import { GRADES } from './framework';
import { NOTICE_WITHIN_HOURS } from './delivery/closure';
import { KINDS } from './kind-tags';

/** One delivery round as the reports need it (the current round or an earlier one). */
export interface ReportRound {
  completedAt: string | null;
  noticeAt: string | null;
  followUpAt: string | null;
  answers: { customer: string; satisfaction: number }[];
}

export interface ReportCustomer {
  number: string;
  name: string | null;
  type: CustomerType | null;
  industry: string | null;
  region: string | null;
}

export interface ReportRequirement {
  key: string;
  grade: Grade | null;
  status: string;
  open: boolean;
  /** yyyy-mm-dd, the site day it was created. */
  createdOn: string | null;
  department: string | null;
  sourceChannel: string | null;
  /** The kind and second-level tag (codes); null when not recorded. */
  kind: string | null;
  kindTag: string | null;
  weightedScore: number | null;
  /** Closed as a duplicate by a merge: its need is counted on the requirement it was merged into. */
  closedDuplicate: boolean;
  /** The deadline the requirement was accepted with (its grade's), else Jira's due date; yyyy-mm-dd. */
  deadline: string | null;
  customers: ReportCustomer[];
  /** Oldest first. */
  rounds: ReportRound[];
}

/** Whole months, both ends included: `yyyy-mm`. */
export interface ReportPeriod {
  from: string;
  to: string;
}

export interface ReportOptions {
  period: ReportPeriod;
  /** The site's day, yyyy-mm-dd. */
  today: string;
  /** An instant's site day (the site's time zone), yyyy-mm-dd. */
  dayOf(instant: string): string;
}

export interface OnTimeRow {
  grade: Grade | 'none';
  delivered: number;
  onTime: number;
  late: number;
  /** Delivered without a deadline: neither on time nor late. */
  noDeadline: number;
  /** onTime / (onTime + late), in whole percent; null when nothing had a deadline. */
  rate: number | null;
}

export interface NoticeFigures {
  /** Completions in the period whose 24 hours have passed. */
  due: number;
  withinDay: number;
  /** Told, but after 24 hours. */
  late: number;
  /** Not told, and the 24 hours have passed. */
  notTold: number;
  rate: number | null;
}

export interface AverageRow {
  group: string;
  answers: number;
  /** Mean satisfaction, one decimal (half up); null without answers. */
  average: number | null;
}

export interface AgeStatusTable {
  buckets: readonly AgeBucket[];
  rows: { status: string; counts: number[]; total: number }[];
  totals: number[];
}

export interface CountRow {
  group: string;
  requirements: number;
  /** Distinct customers (demand tables only). */
  customers?: number;
}

/** Requirements of one kind and tag (or one kind, all its tags). */
export interface KindTagFigures {
  open: number;
  /** Done or Closed (delivered), closed duplicates left out. */
  delivered: number;
  total: number;
  /** How many have each grade, and no grade (`none`). */
  grades: Record<Grade | 'none', number>;
  /** Mean weighted score of those scored, one decimal (half up); null when none is. */
  averageScore: number | null;
}

export interface KindTagGroup extends KindTagFigures {
  /** A kind's code, or NOT_RECORDED. */
  kind: string;
  /** Its tags (codes, or NOT_RECORDED for none), larger totals first. */
  tags: (KindTagFigures & { tag: string })[];
}

export interface Reports {
  period: ReportPeriod;
  onTimeByGrade: OnTimeRow[];
  notice: NoticeFigures;
  satisfaction: { byCustomerType: AverageRow[]; byDepartment: AverageRow[]; byGrade: AverageRow[]; byMonth: AverageRow[] };
  openByAge: AgeStatusTable;
  demandByIndustry: CountRow[];
  demandByRegion: CountRow[];
  byChannel: CountRow[];
  /** Requirements created in the period by kind (in the kinds' order, not recorded last), then by second-level tag. */
  byKindTag: KindTagGroup[];
}

/** Age bands of an open requirement, in days since it was created: up to 7, 30, 90, 180, and older. */
export const AGE_BUCKETS = ['0-7', '8-30', '31-90', '91-180', '181+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
const AGE_LIMITS = [7, 30, 90, 180];

/** A group with no value recorded (no department, no channel, an unknown customer type). */
export const NOT_RECORDED = 'none';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_MS = 86_400_000;

/** The period's problems, naming the field and the rule; empty when it is usable. */
export function periodViolations(period: ReportPeriod): { field: 'from' | 'to'; message: string }[] {
  const problems: { field: 'from' | 'to'; message: string }[] = [];
  if (!MONTH.test(period.from)) problems.push({ field: 'from', message: 'From must be a month such as 2026-01.' });
  if (!MONTH.test(period.to)) problems.push({ field: 'to', message: 'To must be a month such as 2026-06.' });
  if (problems.length === 0 && period.from > period.to) problems.push({ field: 'to', message: 'To cannot be before From.' });
  if (problems.length === 0 && monthsBetween(period.from, period.to) > MAX_PERIOD_MONTHS)
    problems.push({ field: 'from', message: `A period spans at most ${MAX_PERIOD_MONTHS} months.` });
  return problems;
}

export const MAX_PERIOD_MONTHS = 36;

const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthsBetween = (from: string, to: string): number => monthIndex(to) - monthIndex(from) + 1;

/** Every month of the period, oldest first. */
export function periodMonths(period: ReportPeriod): string[] {
  const first = monthIndex(period.from);
  return Array.from({ length: monthsBetween(period.from, period.to) }, (_, offset) => {
    const index = first + offset;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** The default period: the six months up to and including today's. */
export function defaultPeriod(today: string): ReportPeriod {
  const to = today.slice(0, 7);
  const index = monthIndex(to) - 5;
  return { from: `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`, to };
}

const inPeriod = (day: string | null, period: ReportPeriod): boolean =>
  day !== null && day.slice(0, 7) >= period.from && day.slice(0, 7) <= period.to;

/** Whole percent, half up; null for nothing counted. */
export const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part * 100) / whole));

/** Mean to one decimal, half up, computed in tenths so 3.45 rounds to 3.5. */
export const average = (values: readonly number[]): number | null =>
  values.length === 0 ? null : Math.round((values.reduce((sum, value) => sum + value, 0) * 10) / values.length) / 10;

/** Larger counts first; on a tie, a recorded group before "not recorded", then in code point order (groups are distinct). */
const byCountThenGroup = (left: { group: string; count: number }, right: { group: string; count: number }): number =>
  right.count - left.count ||
  Number(left.group === NOT_RECORDED) - Number(right.group === NOT_RECORDED) ||
  (left.group < right.group ? -1 : 1);

/** The round that delivered it last: the newest with a completion. */
const lastCompleted = (requirement: ReportRequirement): ReportRound | undefined =>
  [...requirement.rounds].reverse().find((round) => round.completedAt !== null);

export function onTimeByGrade(requirements: readonly ReportRequirement[], options: ReportOptions): OnTimeRow[] {
  const rows = new Map<Grade | 'none', OnTimeRow>(
    [...GRADES, 'none' as const].map((grade) => [grade, { grade, delivered: 0, onTime: 0, late: 0, noDeadline: 0, rate: null }]),
  );
  for (const requirement of requirements) {
    const round = lastCompleted(requirement);
    if (!round) continue;
    const day = options.dayOf(round.completedAt!);
    if (!inPeriod(day, options.period)) continue;
    const row = rows.get(requirement.grade ?? 'none')!;
    row.delivered += 1;
    if (requirement.deadline === null) row.noDeadline += 1;
    else if (day <= requirement.deadline) row.onTime += 1;
    else row.late += 1;
  }
  return [...rows.values()]
    .filter((row) => row.grade !== 'none' || row.delivered > 0)
    .map((row) => ({ ...row, rate: percent(row.onTime, row.onTime + row.late) }));
}

export function noticeFigures(requirements: readonly ReportRequirement[], options: ReportOptions & { now: Date }): NoticeFigures {
  const figures = { due: 0, withinDay: 0, late: 0, notTold: 0 };
  const windowMs = NOTICE_WITHIN_HOURS * 3_600_000;
  for (const round of requirements.flatMap((requirement) => requirement.rounds)) {
    if (round.completedAt === null || !inPeriod(options.dayOf(round.completedAt), options.period)) continue;
    const deadline = Date.parse(round.completedAt) + windowMs;
    if (round.noticeAt !== null) {
      figures.due += 1;
      if (Date.parse(round.noticeAt) <= deadline) figures.withinDay += 1;
      else figures.late += 1;
    } else if (options.now.getTime() > deadline) {
      figures.due += 1;
      figures.notTold += 1;
    }
  }
  return { ...figures, rate: percent(figures.withinDay, figures.due) };
}

/** The type of the customer who answered: matched by number, else by name, among the requirement's linked customers. */
const answerType = (requirement: ReportRequirement, customer: string): string => {
  const found =
    requirement.customers.find((candidate) => candidate.number === customer) ??
    requirement.customers.find((candidate) => candidate.name !== null && candidate.name === customer);
  return found?.type ?? NOT_RECORDED;
};

function averages(entries: { group: string; satisfaction: number }[], order?: readonly string[]): AverageRow[] {
  const groups = new Map<string, number[]>((order ?? []).map((group) => [group, []]));
  for (const entry of entries) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry.satisfaction]);
  const rows = [...groups.entries()].map(([group, values]) => ({ group, answers: values.length, average: average(values) }));
  return order
    ? rows
    : rows.sort((left, right) =>
        byCountThenGroup({ group: left.group, count: left.answers }, { group: right.group, count: right.answers }),
      );
}

export function satisfaction(requirements: readonly ReportRequirement[], options: ReportOptions): Reports['satisfaction'] {
  const answers = requirements.flatMap((requirement) =>
    requirement.rounds
      .filter((round) => round.followUpAt !== null && inPeriod(options.dayOf(round.followUpAt), options.period))
      .flatMap((round) =>
        round.answers.map((answer) => ({ requirement, answer, month: options.dayOf(round.followUpAt!).slice(0, 7) })),
      ),
  );
  const of = (group: (entry: (typeof answers)[number]) => string) =>
    answers.map((entry) => ({ group: group(entry), satisfaction: entry.answer.satisfaction }));
  return {
    byCustomerType: averages(of((entry) => answerType(entry.requirement, entry.answer.customer))),
    byDepartment: averages(of((entry) => entry.requirement.department ?? NOT_RECORDED)),
    byGrade: averages(of((entry) => entry.requirement.grade ?? NOT_RECORDED)).sort(
      (left, right) => gradeOrder(left.group) - gradeOrder(right.group),
    ),
    byMonth: averages(
      of((entry) => entry.month),
      periodMonths(options.period),
    ),
  };
}

const gradeOrder = (group: string): number => {
  const index = (GRADES as readonly string[]).indexOf(group);
  return index === -1 ? GRADES.length : index;
};

const ageBucket = (createdOn: string, today: string): AgeBucket => {
  const days = Math.max(0, Math.round((Date.parse(today) - Date.parse(createdOn)) / DAY_MS));
  const index = AGE_LIMITS.findIndex((limit) => days <= limit);
  return AGE_BUCKETS[index === -1 ? AGE_BUCKETS.length - 1 : index]!;
};

/** Open requirements today, by status and by age; the period does not apply (it is a picture of now). */
export function openByAge(requirements: readonly ReportRequirement[], options: Pick<ReportOptions, 'today'>): AgeStatusTable {
  const rows = new Map<string, number[]>();
  for (const requirement of requirements) {
    if (!requirement.open || requirement.createdOn === null) continue;
    const counts = rows.get(requirement.status) ?? AGE_BUCKETS.map(() => 0);
    counts[AGE_BUCKETS.indexOf(ageBucket(requirement.createdOn, options.today))]! += 1;
    rows.set(requirement.status, counts);
  }
  const table = [...rows.entries()]
    .map(([status, counts]) => ({ status, counts, total: counts.reduce((sum, count) => sum + count, 0) }))
    .sort((left, right) =>
      byCountThenGroup({ group: left.status, count: left.total }, { group: right.status, count: right.total }),
    );
  return {
    buckets: AGE_BUCKETS,
    rows: table,
    totals: AGE_BUCKETS.map((_, index) => table.reduce((sum, row) => sum + row.counts[index]!, 0)),
  };
}

/** Requirements created in the period, counted per group; a requirement counts once per group it falls in. */
function countBy(
  requirements: readonly ReportRequirement[],
  groupsOf: (requirement: ReportRequirement) => { group: string; customer?: string }[],
): CountRow[] {
  const groups = new Map<string, { requirements: Set<string>; customers: Set<string> }>();
  for (const requirement of requirements) {
    for (const { group, customer } of groupsOf(requirement)) {
      const entry = groups.get(group) ?? { requirements: new Set<string>(), customers: new Set<string>() };
      entry.requirements.add(requirement.key);
      if (customer) entry.customers.add(customer);
      groups.set(group, entry);
    }
  }
  return [...groups.entries()]
    .map(([group, entry]) => ({ group, requirements: entry.requirements.size, customers: entry.customers.size }))
    .sort((left, right) =>
      byCountThenGroup({ group: left.group, count: left.requirements }, { group: right.group, count: right.requirements }),
    );
}

const customerGroups = (requirement: ReportRequirement, attribute: 'industry' | 'region') =>
  requirement.customers.length === 0
    ? [{ group: NOT_RECORDED }]
    : requirement.customers.map((customer) => ({ group: customer[attribute] ?? NOT_RECORDED, customer: customer.number }));

function kindTagFigures(requirements: readonly ReportRequirement[]): KindTagFigures {
  const grades = Object.fromEntries([...GRADES, 'none'].map((grade) => [grade, 0])) as Record<Grade | 'none', number>;
  for (const requirement of requirements) grades[requirement.grade ?? 'none'] += 1;
  const open = requirements.filter((requirement) => requirement.open).length;
  const scores = requirements.flatMap((requirement) => (requirement.weightedScore === null ? [] : [requirement.weightedScore]));
  return { open, delivered: requirements.length - open, total: requirements.length, grades, averageScore: average(scores) };
}

const groupOf = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/** Requirements created in the period by kind and second-level tag, open and delivered, with their grades and mean weighted score. */
export function byKindTag(requirements: readonly ReportRequirement[], options: Pick<ReportOptions, 'period'>): KindTagGroup[] {
  const counted = requirements.filter(
    (requirement) => !requirement.closedDuplicate && inPeriod(requirement.createdOn, options.period),
  );
  const kindOrder = (kind: string): number => {
    const index = (KINDS as readonly string[]).indexOf(kind);
    return index === -1 ? (kind === NOT_RECORDED ? KINDS.length + 1 : KINDS.length) : index;
  };
  return [...groupOf(counted, (requirement) => requirement.kind ?? NOT_RECORDED)]
    .sort(([left], [right]) => kindOrder(left) - kindOrder(right) || (left < right ? -1 : 1))
    .map(([kind, members]) => ({
      kind,
      ...kindTagFigures(members),
      tags: [...groupOf(members, (requirement) => requirement.kindTag ?? NOT_RECORDED)]
        .map(([tag, tagged]) => ({ tag, ...kindTagFigures(tagged) }))
        .sort((left, right) =>
          byCountThenGroup({ group: left.tag, count: left.total }, { group: right.tag, count: right.total }),
        ),
    }));
}

export function computeReports(requirements: readonly ReportRequirement[], options: ReportOptions & { now: Date }): Reports {
  const created = requirements.filter((requirement) => inPeriod(requirement.createdOn, options.period));
  return {
    period: options.period,
    onTimeByGrade: onTimeByGrade(requirements, options),
    notice: noticeFigures(requirements, options),
    satisfaction: satisfaction(requirements, options),
    openByAge: openByAge(requirements, options),
    demandByIndustry: countBy(created, (requirement) => customerGroups(requirement, 'industry')),
    demandByRegion: countBy(created, (requirement) => customerGroups(requirement, 'region')),
    byChannel: countBy(created, (requirement) => [{ group: requirement.sourceChannel ?? NOT_RECORDED }]).map(
      ({ group, requirements: count }) => ({ group, requirements: count }),
    ),
    byKindTag: byKindTag(requirements, options),
  };
}
