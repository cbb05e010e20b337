import { tagLabel } from '../domain/kind-tags';
import {
  computeReports,
  noticeFigures,
  NOT_RECORDED,
  onTimeByGrade,
  satisfaction,
  type ReportCustomer,
  type ReportPeriod,
  type ReportRequirement,
  type ReportRound,
} from '../domain/reports';
import { jiraAsApp, jiraAsUser } from '../jira/client';
import type { ProjectReports, ReportGadgetData, ReportsCopyNeeded, RequirementRow } from '../shared/api';
import { GRADES } from '../domain/framework';
import { gadgetReportPeriod, type GadgetPeriod } from '../domain/gadget-config';
import { jqlField } from '../domain/gadget-drill-down';
import { REQUIREMENT_WORKFLOW_STATUSES } from '../domain/workflow';
import { getCustomer } from '../storage/customer-store';
import { getDeliveryRecords, type DeliveryRecord } from '../storage/delivery-store';
import { isCopyBuild, mapConcurrently, openProjectRows, rowFieldsOf, saveCopyFrom } from './requirement-rows';
import { projectRequirementsJql, readRequirement } from './requirement';
import { resolveAppFieldIds } from './app-fields';
import { frameworkFor } from './framework';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { siteClock } from './site-clock';
import { isClosedDuplicate } from '../domain/summary';
import { getKindTags } from '../storage/kind-tag-store';

/**
 * Without a copy, a project up to this size is read by search in the report's own call (20 pages of
 * 100, about 5 s at Jira Cloud's 250 ms a call); a larger one is read through the matrix's paged
 * list first, which builds the copy (a single call reading 10,000 took over 25 s: docs/BENCHMARKS.md).
 */
export const SEARCH_IN_REPORT_MAX = 2_000;

/** Customer reads in flight at once (one Custom Entity get each). */
const CUSTOMER_CONCURRENCY = 10;

/**
 * The project's requirement rows for the reports, from the project's copy in KVS (the matrix's read
 * model): no Jira points when the copy is usable. Without one, every row is read by search as the
 * user once and the copy is written from it, as the project gadget does.
 */
export async function projectRows(projectKey: string, accountId: string): Promise<RequirementRow[] | ReportsCopyNeeded> {
  const opened = await openProjectRows(projectKey, accountId, { all: true });
  if (!isCopyBuild(opened)) return opened.rows;
  // Only a caller who may build the copy is sent to build it; one who sees fewer issues than the app is served by search.
  if (opened.build) {
    const total = await jiraAsUser().countIssues(`project = "${projectKey}" AND issuetype = "Requirement"`);
    if (total > SEARCH_IN_REPORT_MAX) return { copyNeeded: true, total };
  }
  const issues = await jiraAsUser().searchAll({ jql: projectRequirementsJql(projectKey), fields: await rowFieldsOf(projectKey) });
  if (opened.build) await saveCopyFrom(projectKey, issues);
  const [ids, requirementTypeId, framework] = await Promise.all([
    resolveAppFieldIds(jiraAsApp()),
    getRequirementIssueTypeId(),
    frameworkFor(projectKey),
  ]);
  return issues
    .map((issue) => readRequirement(issue, ids, framework, requirementTypeId))
    .filter((requirement) => requirement.isRequirement);
}

const roundsOf = (record: DeliveryRecord): ReportRound[] =>
  [...(record.closure.history ?? []), record.closure].map((round) => ({
    completedAt: round.completedAt,
    noticeAt: round.notice?.at ?? null,
    followUpAt: round.followUp?.at ?? null,
    answers: round.followUp?.answers.map(({ customer, satisfaction }) => ({ customer, satisfaction })) ?? [],
  }));

async function describeCustomers(numbers: readonly string[]): Promise<Map<string, ReportCustomer>> {
  const distinct = [...new Set(numbers)];
  const found = await mapConcurrently(distinct, CUSTOMER_CONCURRENCY, async (number): Promise<ReportCustomer> => {
    const customer = await getCustomer(number);
    if (!customer) return { number, name: null, type: null, industry: null, region: null };
    // An erased customer keeps its classification (not personal data) but not its name.
    return {
      number,
      name: customer.erasedAt ? null : customer.name,
      type: customer.type,
      industry: customer.industry,
      region: customer.region.trim() || null,
    };
  });
  return new Map(found.map((customer) => [customer.number, customer]));
}

/**
 * An instant's site day, with one formatter for the whole report: building an Intl formatter per
 * instant (as dayInZone does) took 3.8 s for 10,000 requirements, one formatter 0.3 s.
 */
function siteDayOf(timeZone: string | null): (instant: string) => string {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone ?? 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    return (instant) => new Date(instant).toISOString().slice(0, 10);
  }
  const days = new Map<string, string>();
  return (instant) => {
    const known = days.get(instant);
    if (known) return known;
    const parts = formatter.formatToParts(new Date(instant));
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)!.value;
    const day = `${part('year')}-${part('month')}-${part('day')}`;
    days.set(instant, day);
    return day;
  };
}

/** What every report is computed from: the period's requirements as the domain reads them, on the site's clock. */
interface ReportInputs {
  requirements: ReportRequirement[];
  options: { period: ReportPeriod; today: string; now: Date; dayOf: (instant: string) => string };
  requirementCount: number;
}

/**
 * The report inputs of one project: rows from the project's copy, each requirement's delivery
 * record (KVS batch reads), and its linked customers' type, industry and region; `narrowing` keeps
 * the rows a JQL search found. `customersOf: 'answers'` (the gadget, which groups only answers by
 * customer type) reads the customers of requirements with follow-up answers only.
 */
async function reportInputs(
  projectKey: string,
  accountId: string,
  period: ReportPeriod | ((today: string) => ReportPeriod),
  narrowing: Promise<ReadonlySet<string> | undefined> | undefined,
  customersOf: 'linked' | 'answers',
): Promise<ReportInputs | ReportsCopyNeeded> {
  // One round trip to Jira: the copy's checks, the site clock and the JQL's matches side by side.
  const [allRows, clock, onlyIds] = await Promise.all([projectRows(projectKey, accountId), siteClock(jiraAsApp()), narrowing]);
  if (!Array.isArray(allRows)) return allRows;
  const rows = onlyIds ? allRows.filter((row) => onlyIds.has(row.id)) : allRows;
  const months = typeof period === 'function' ? period(clock.today) : period;
  const records = await getDeliveryRecords(rows.map((row) => row.id));
  const hasAnswers = (row: RequirementRow) => roundsOf(records.get(row.id)!).some((round) => round.answers.length > 0);
  const described = customersOf === 'linked' ? rows : rows.filter(hasAnswers);
  const customers = await describeCustomers(described.flatMap((row) => row.linkedCustomers));
  const dayOf = siteDayOf(clock.timeZone);
  const requirements: ReportRequirement[] = rows.map((row) => {
    const record = records.get(row.id)!;
    return {
      key: row.key,
      grade: row.computed.priorityGrade,
      status: row.status,
      open: row.statusCategory !== 'done',
      createdOn: row.created ? dayOf(row.created) : null,
      department: row.department ?? null,
      sourceChannel: row.sourceChannel ?? null,
      kind: row.kind ?? null,
      kindTag: row.kindTag ?? null,
      weightedScore: row.computed.weightedScore,
      closedDuplicate: isClosedDuplicate(row),
      deadline: record.accepted?.dueDate ?? row.dueDate,
      customers: row.linkedCustomers.flatMap((number) => customers.get(number) ?? []),
      rounds: roundsOf(record),
    };
  });
  return {
    requirements,
    options: { period: months, today: clock.today, now: clock.now, dayOf },
    requirementCount: rows.length,
  };
}

/** The reports of one project for a period (see reportInputs), with the kind tags' names in both languages. */
export async function projectReports(
  projectKey: string,
  accountId: string,
  period: ReportPeriod | ((today: string) => ReportPeriod),
  narrowing?: Promise<ReadonlySet<string> | undefined>,
): Promise<ProjectReports | ReportsCopyNeeded> {
  const [inputs, kindTags] = await Promise.all([
    reportInputs(projectKey, accountId, period, narrowing, 'linked'),
    getKindTags(projectKey),
  ]);
  if ('copyNeeded' in inputs) return inputs;
  const reports = computeReports(inputs.requirements, inputs.options);
  // The tags' names as the project lists them now, in both languages (the page shows the reader's).
  const codes = new Set(
    reports.byKindTag.flatMap((group) => group.tags.map((entry) => entry.tag)).filter((code) => code !== NOT_RECORDED),
  );
  const tagNames = Object.fromEntries(
    [...codes].map((code) => [code, { en: tagLabel(kindTags.tags, code, 'en'), zh: tagLabel(kindTags.tags, code, 'zh') }]),
  );
  return { ...reports, tagNames, requirementCount: inputs.requirementCount, today: inputs.options.today };
}

/**
 * A report gadget's figures: the project's months of its period up to the site's day, from the same
 * read as the Reports subpage (the copy, the delivery records, the customers), so opening one costs
 * the copy's freshness check and the site clock in Jira points, not a point per requirement; with a
 * JQL, also what its search finds (`narrowing`, as the subpage's).
 */
export async function reportGadgetData(
  projectKey: string,
  accountId: string,
  period: GadgetPeriod,
  narrowing?: Promise<ReadonlySet<string> | undefined>,
): Promise<ReportGadgetData | ReportsCopyNeeded> {
  // The period needs the site's day: it is taken from the clock the report reads anyway, not a clock of its own.
  const [inputs, ids] = await Promise.all([
    reportInputs(projectKey, accountId, (today) => gadgetReportPeriod(period, today), narrowing, 'answers'),
    resolveAppFieldIds(jiraAsApp()),
  ]);
  if ('copyNeeded' in inputs) return inputs;
  const { requirements, options } = inputs;
  const grade = jqlField(ids.priorityGrade);
  const finished = REQUIREMENT_WORKFLOW_STATUSES.filter((status) => status.category === 'DONE')
    .map((status) => `"${status.name}"`)
    .join(', ');
  const base = `project = "${projectKey}" AND issuetype = "Requirement" AND status IN (${finished})`;
  return {
    projectKey,
    period: options.period,
    // Only the three tables a report gadget shows are computed.
    onTimeByGrade: onTimeByGrade(requirements, options),
    notice: noticeFigures(requirements, options),
    satisfaction: satisfaction(requirements, options),
    requirementCount: inputs.requirementCount,
    today: options.today,
    drillDown: {
      deliveredByGrade: Object.fromEntries(
        GRADES.map((value) => [value, `${base} AND ${grade} = "${value}"`]),
      ) as ReportGadgetData['drillDown']['deliveredByGrade'],
    },
  };
}
