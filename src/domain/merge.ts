import { fitText } from './checks';
import { mergedLinkedCustomers } from './customer-links';
import { APP_STRING_MAX_LENGTH, fieldLabels } from './fields';
import { fail, ok, type Result } from './result';

/**
 * Merging duplicate requirements ("repeated needs are merged, the most complete description is
 * kept, and the duplicate count is recorded"): what the kept requirement holds afterwards, and
 * whether an undo can still put it back.
 */

/** The parts of a requirement a merge changes on the kept one. */
export interface MergedFields {
  /** The Jira description (an ADF document) or null. */
  description: unknown;
  customerWords: string | null;
  sourceChannel: string | null;
  duplicateCount: number | null;
  /** Numbers of the customers linked to the requirement, in link order. */
  linkedCustomers: string[];
}

export interface MergeSide extends MergedFields {
  key: string;
}

/** Which requirement's description the kept one ends with. */
export type DescriptionSource = 'kept' | 'duplicate';

/** The merge's result: what the kept requirement holds, and what of the customer's words did not fit. */
export interface MergeOutcome {
  fields: MergedFields;
  /** The merged words before they were cut to the field's length (null when nothing was cut), for the merge record. */
  customerWordsInFull: string | null;
  /** How many characters of the merged words the field could not hold (0 when all fit). */
  customerWordsLeftOut: number;
}

/**
 * The kept requirement after absorbing the duplicate. The source channel field holds one value, so
 * the duplicate's channel goes into the appended words line (and fills the field only when empty);
 * the count adds the duplicate itself and whatever it had absorbed before; the duplicate's linked
 * customers join the kept one's. The words field holds APP_STRING_MAX_LENGTH characters: the
 * appended words are cut to fit (the outcome says how much was left out, and keeps the full text);
 * more linked customers than the list field holds refuse the merge.
 */
export function mergedFields(kept: MergeSide, duplicate: MergeSide, descriptionFrom: DescriptionSource): Result<MergeOutcome> {
  const words = duplicate.customerWords?.trim() ?? '';
  const origin = duplicate.sourceChannel ? `${duplicate.key} (${duplicate.sourceChannel})` : duplicate.key;
  const appended = words === '' && !duplicate.sourceChannel ? null : `${origin}: ${words}`.trim();
  const keptWords = kept.customerWords?.trim() ?? '';
  const customerWords = appended === null ? kept.customerWords : keptWords === '' ? appended : `${keptWords}\n\n${appended}`;
  const linkedCustomers = mergedLinkedCustomers(kept.linkedCustomers, duplicate.linkedCustomers);
  if (!linkedCustomers.ok) return fail(linkedCustomers.violations);
  // The duplicate's words come last, so a cut takes them first and the kept one's own words stay.
  const fitted = customerWords === null ? { text: null, leftOut: 0 } : fitText(customerWords, APP_STRING_MAX_LENGTH);
  return ok({
    fields: {
      description: descriptionFrom === 'duplicate' ? duplicate.description : kept.description,
      customerWords: fitted.text,
      sourceChannel: kept.sourceChannel ?? duplicate.sourceChannel,
      duplicateCount: (kept.duplicateCount ?? 0) + 1 + (duplicate.duplicateCount ?? 0),
      linkedCustomers: linkedCustomers.value,
    },
    customerWordsInFull: fitted.leftOut > 0 ? customerWords : null,
    customerWordsLeftOut: fitted.leftOut,
  });
}

/** The names of the fields a merge writes, as a refusal shows them. */
export function mergeFieldLabels(language: 'en' | 'zh'): Record<keyof MergedFields, string> {
  const labels = fieldLabels(language);
  return {
    description: language === 'en' ? 'Description' : '描述',
    customerWords: labels.customerWords,
    sourceChannel: labels.sourceChannel,
    duplicateCount: labels.duplicateCount,
    linkedCustomers: labels.linkedCustomers,
  };
}

/** Fields someone changed since the merge wrote them: an undo would overwrite their edit, so it stops. */
export function changedSinceMerge(written: MergedFields, current: MergedFields): (keyof MergedFields)[] {
  const names: (keyof MergedFields)[] = ['description', 'customerWords', 'sourceChannel', 'duplicateCount', 'linkedCustomers'];
  // A merge recorded before customers were linked has no list: the same as an empty one.
  const normal = (value: unknown) => JSON.stringify(Array.isArray(value) && value.length === 0 ? null : (value ?? null));
  return names.filter((name) => normal(written[name]) !== normal(current[name]));
}

/** What a merge would lose on the side it closes: the person choosing sees it for both sides. */
export interface MergeCandidateFacts {
  key: string;
  /** When the requirement was created (ISO), null when Jira did not say. */
  created: string | null;
  weightedScore: number | null;
  linkedCustomers: number;
  /** Dimensions with a feasibility mark. */
  feasibilityMarks: number;
  duplicateCount: number;
}

const richness = (facts: MergeCandidateFacts): number =>
  (facts.weightedScore === null ? 0 : 1) + facts.linkedCustomers + facts.feasibilityMarks + facts.duplicateCount;

/**
 * Which requirement a merge should keep open by default (issue 18): the one with more recorded work
 * (a score, linked customers, feasibility marks, duplicates already absorbed), then the older, so a
 * single click never closes the requirement people already worked on.
 */
export function suggestedKeep(thisSide: MergeCandidateFacts, other: MergeCandidateFacts): 'this' | 'other' {
  const [mine, theirs] = [richness(thisSide), richness(other)];
  if (mine !== theirs) return mine > theirs ? 'this' : 'other';
  if (thisSide.created !== null && other.created !== null && thisSide.created !== other.created)
    return Date.parse(other.created) < Date.parse(thisSide.created) ? 'other' : 'this';
  return 'this';
}
