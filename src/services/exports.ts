import { linkedCustomerOf, type LinkedCustomer } from '../domain/customer-links';
import { parseFeasibilityField } from '../domain/delivery';
import type { ExportRow } from '../domain/exports';
import { RECORD_FIELDS } from '../domain/fields';
import { tagLabel, type KindTagLists } from '../domain/kind-tags';
import type { FrameworkVersion, WeightedFactor } from '../domain/framework';
import type { IssueBean } from '../jira/client';
import { getFrameworkVersion } from '../storage/framework-store';
import type { AppFieldIds } from './app-fields';
import { readRequirement, requirementFieldList } from './requirement';

/** What the exports read on top of the matrix's fields: the record and who raised it when. */
export function exportFieldList(ids: AppFieldIds): string[] {
  const listed = requirementFieldList(ids);
  return [...listed, 'reporter', ...RECORD_FIELDS.map((field) => ids[field.name]).filter((id) => !listed.includes(id))];
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const displayName = (value: unknown): string | null => textOrNull((value as { displayName?: unknown } | null | undefined)?.displayName);

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

/** One issue as an export row; null when it is not a Requirement. `customers` describes the linked customers of the page (describeLinkedCustomers). */
export async function readExportRow(
  issue: IssueBean,
  ids: AppFieldIds,
  framework: FrameworkVersion,
  requirementTypeId: string | undefined,
  weightsOf: ReturnType<typeof weightsLookup>,
  customers: ReadonlyMap<string, LinkedCustomer>,
  tagLists: KindTagLists,
): Promise<ExportRow | null> {
  const requirement = readRequirement(issue, ids, framework, requirementTypeId);
  if (!requirement.isRequirement) return null;
  const record = (name: (typeof RECORD_FIELDS)[number]['name']) => textOrNull(issue.fields[ids[name]]);
  const kindTag = record('kindTag');
  return {
    key: requirement.key,
    summary: requirement.summary,
    status: requirement.status,
    owner: requirement.assignee,
    recorder: displayName(issue.fields.reporter),
    created: textOrNull(issue.fields.created)?.slice(0, 10) ?? null,
    dueDate: requirement.dueDate,
    record: {
      background: record('background'),
      expectedGoal: record('expectedGoal'),
      beneficiary: record('beneficiary'),
      sourceChannel: record('sourceChannel'),
      customerWords: record('customerWords'),
      needType: record('needType'),
      nature: record('nature'),
      kind: record('kind'),
      kindTag: record('kindTag'),
      responsibleDepartment: record('responsibleDepartment'),
      closureRecord: record('closureRecord'),
      duplicateCount: requirement.duplicateCount,
    },
    kindTagLabel: kindTag === null ? null : { en: tagLabel(tagLists, kindTag, 'en'), zh: tagLabel(tagLists, kindTag, 'zh') },
    customers: requirement.linkedCustomers.map((number) => customers.get(number) ?? linkedCustomerOf(number, undefined)),
    inputs: requirement.inputs,
    computed: requirement.computed,
    weights: await weightsOf(requirement.computed.frameworkVersion),
    feasibility: parseFeasibilityField(issue.fields[ids.feasibilityMarks]),
  };
}
