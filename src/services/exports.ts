import { linkedCustomerOf, type LinkedCustomer } from '../domain/customer-links';
import { parseFeasibilityField } from '../domain/delivery/feasibility';
import type { ExportKeyDate, ExportRow, RegisterDetails, RegisterTextField } from '../domain/exports';
import { milestoneStatuses, nextKeyDate, parseKeyDatesField, type MilestoneSetting } from '../domain/key-dates';

/** The register's text columns that no matrix row carries (registerDetailsOf); kind and second-level tag are on the row. */
const REGISTER_TEXT_FIELDS: readonly Exclude<RegisterTextField, 'kind' | 'kindTag'>[] = [
  'background',
  'expectedGoal',
  'beneficiary',
  'customerWords',
  'needType',
  'nature',
  'closureRecord',
];
import { tagLabel, type KindTagLists } from '../domain/kind-tags';
import type { FrameworkVersion, WeightedFactor } from '../domain/framework';
import type { IssueBean } from '../jira/client';
import { getFrameworkVersion } from '../storage/framework-store';
import type { AppFieldIds } from './app-fields';
import type { RequirementRow } from '../shared/api';
import { readRequirement, requirementFieldList, toRow } from './requirement';

/** What the exports read on top of the matrix's fields: the register's details (registerDetailsOf). */
export function exportFieldList(ids: AppFieldIds): string[] {
  const listed = requirementFieldList(ids);
  return [...listed, ...['reporter', ...REGISTER_TEXT_FIELDS.map((name) => ids[name])].filter((id) => !listed.includes(id))];
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const displayName = (value: unknown): string | null =>
  textOrNull((value as { displayName?: unknown } | null | undefined)?.displayName);

/**
 * Weights of the framework version each score names, looked up once per version for a whole
 * export: a score computed before the weights changed keeps the weights it was computed with.
 */
export function weightsLookup(): (version: number | null) => Promise<Record<WeightedFactor, number> | null> {
  const versions = new Map<number, Promise<FrameworkVersion | undefined>>();
  return async (version) => {
    if (version === null) return null;
    if (!versions.has(version)) versions.set(version, getFrameworkVersion(version));
    return (await versions.get(version))?.settings.weights ?? null;
  };
}

/** What the register reads of an issue on top of its matrix row. */
export function registerDetailsOf(issue: IssueBean, ids: AppFieldIds): RegisterDetails {
  const details: RegisterDetails = {};
  for (const name of REGISTER_TEXT_FIELDS) {
    const value = textOrNull(issue.fields[ids[name]]);
    if (value !== null) details[name] = value;
  }
  const recorder = displayName(issue.fields.reporter);
  if (recorder !== null) details.recorder = recorder;
  const feasibility = parseFeasibilityField(issue.fields[ids.feasibilityMarks]);
  if (Object.keys(feasibility).length > 0) details.feasibility = feasibility;
  return details;
}

/**
 * The stored key dates of the project's milestones, in plan order and named as its delivery rules
 * name them; dates of a dropped milestone are left out. An open milestone of an open requirement
 * past its planned day on `today` (the site's day, as the reminders count it) says how late it is.
 */
function exportKeyDates(
  row: RequirementRow,
  milestones: readonly MilestoneSetting[],
  today: string,
): { keyDates: ExportKeyDate[]; nextKeyDate: string | null } {
  const dates = parseKeyDatesField(row.keyDates);
  const lateDays = new Map(
    row.statusCategory === 'done'
      ? []
      : milestoneStatuses(dates, milestones, today).flatMap((status) =>
          status.state === 'late' ? [[status.code, status.daysLate] as const] : [],
        ),
  );
  const keyDates = milestones.flatMap(({ code, label }) => {
    const date = dates.find((candidate) => candidate.code === code);
    const daysLate = lateDays.get(code);
    return date
      ? [
          {
            label: { en: label.en || code, zh: label.zh || code },
            planned: date.planned,
            actual: date.actual,
            ...(daysLate ? { daysLate } : {}),
          },
        ]
      : [];
  });
  return { keyDates, nextKeyDate: nextKeyDate(dates, milestones) };
}

/**
 * One export row from a matrix row and its register details, whether both were read from Jira just
 * now or from the project's copy. `customers` describes the linked customers of the page (describeLinkedCustomers);
 * `milestones` are the project's (delivery rules), `today` the site's day (siteClock). The next key
 * date is worked out from the key dates, which both the copy and a search carry, so both give the same cells.
 */
export async function exportRowOf(
  row: RequirementRow,
  details: RegisterDetails,
  weightsOf: ReturnType<typeof weightsLookup>,
  customers: ReadonlyMap<string, LinkedCustomer>,
  tagLists: KindTagLists,
  milestones: readonly MilestoneSetting[],
  today: string,
): Promise<ExportRow> {
  const text = (name: RegisterTextField) => details[name] ?? null;
  const kindTag = row.kindTag ?? null;
  return {
    key: row.key,
    summary: row.summary,
    status: row.status,
    owner: row.assignee,
    recorder: details.recorder ?? null,
    created: row.created?.slice(0, 10) ?? null,
    dueDate: row.dueDate,
    record: {
      background: text('background'),
      expectedGoal: text('expectedGoal'),
      beneficiary: text('beneficiary'),
      sourceChannel: row.sourceChannel ?? null,
      customerWords: text('customerWords'),
      needType: text('needType'),
      nature: text('nature'),
      kind: row.kind ?? null,
      kindTag,
      responsibleDepartment: row.department ?? null,
      closureRecord: text('closureRecord'),
      duplicateCount: row.duplicateCount,
    },
    kindTagLabel: kindTag === null ? null : { en: tagLabel(tagLists, kindTag, 'en'), zh: tagLabel(tagLists, kindTag, 'zh') },
    customers: row.linkedCustomers.map((number) => customers.get(number) ?? linkedCustomerOf(number, undefined)),
    inputs: row.inputs,
    computed: row.computed,
    weights: await weightsOf(row.computed.frameworkVersion),
    feasibility: details.feasibility ?? {},
    ...exportKeyDates(row, milestones, today),
  };
}

/** One issue as an export row; null when it is not a Requirement. */
export async function readExportRow(
  issue: IssueBean,
  ids: AppFieldIds,
  framework: FrameworkVersion,
  requirementTypeId: string | undefined,
  weightsOf: ReturnType<typeof weightsLookup>,
  customers: ReadonlyMap<string, LinkedCustomer>,
  tagLists: KindTagLists,
  milestones: readonly MilestoneSetting[],
  today: string,
): Promise<ExportRow | null> {
  const requirement = readRequirement(issue, ids, framework, requirementTypeId);
  if (!requirement.isRequirement) return null;
  return exportRowOf(toRow(requirement), registerDetailsOf(issue, ids), weightsOf, customers, tagLists, milestones, today);
}
