import { checkTagChoice, type Kind, type KindTagLists } from '../domain/kind-tags';
import { ValidationError } from '../domain/result';
import { createHash } from 'node:crypto';
import {
  classificationValues,
  decideClassification,
  suggestClassification,
  trainSuggestionModel,
  trainTagModel,
  type ClassificationDecision,
  type ClassificationDimension,
  type LabelledText,
  type SuggestionModel,
} from '../domain/text';
import { jiraAsApp, jiraAsUser, type IssueBean } from '../jira/client';
import type { ClassificationView, KindTagEntry } from '../shared/api';
import { getKindTags } from '../storage/kind-tag-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { projectKeyOf } from './duplicates';
import { exampleTextOf, projectExamples } from './classification-examples';

/**
 * Nature, kind and second-level tag suggestions for the panel, from models trained on the seed
 * examples plus the project's requirements people have already classified. A suggestion is never
 * written by itself: the person confirms or changes it (classification.save), and a value already
 * chosen stays. The tags offered are the project's list for the requirement's kind.
 */

const DIMENSIONS: readonly ClassificationDimension[] = ['nature', 'kind'];

interface ConfirmedExamples extends Record<ClassificationDimension, LabelledText[]> {
  /** Tagged requirements with the kind they carry. */
  kindTag: (LabelledText & { kind: string })[];
}

const valueOf = (issue: IssueBean, fieldId: string): string | null => {
  const value = issue.fields[fieldId];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** Models by what they were trained on: a warm function serves the next view of the same project without training again. */
const MODEL_CACHE_SIZE = 8;
const modelCache = new Map<string, SuggestionModel>();

function suggestionModel(dimension: ClassificationDimension, confirmed: readonly LabelledText[]): SuggestionModel {
  const hash = createHash('sha256').update(dimension);
  for (const example of confirmed) hash.update(`\u0000${example.label}\u0001${example.text}`);
  const key = hash.digest('base64');
  const cached = modelCache.get(key);
  if (cached) return cached;
  const model = trainSuggestionModel(dimension, confirmed);
  if (modelCache.size >= MODEL_CACHE_SIZE) modelCache.delete(modelCache.keys().next().value!);
  modelCache.set(key, model);
  return model;
}

/** The project's classified requirements but this one, from their copy in KVS (classification-examples.ts). */
async function confirmedExamples(projectKey: string, exceptIssueId: string, ids: AppFieldIds): Promise<ConfirmedExamples> {
  const examples: ConfirmedExamples = { nature: [], kind: [], kindTag: [] };
  for (const example of await projectExamples(projectKey, ids)) {
    if (example.id === String(exceptIssueId)) continue;
    for (const dimension of DIMENSIONS) {
      const label = example[dimension];
      if (label) examples[dimension].push({ text: example.text, label });
    }
    if (example.kind && example.kindTag)
      examples.kindTag.push({ text: example.text, label: example.kindTag, kind: example.kind });
  }
  return examples;
}

/** The tag entry: the tags of the chosen kind (else of the suggested one) and a suggestion among them. */
function kindTagEntry(
  current: string | null,
  chosenKind: string | null,
  kindDecision: ClassificationDecision,
  lists: KindTagLists,
  text: string,
  examples: ConfirmedExamples['kindTag'],
): KindTagEntry {
  const kind = chosenKind ?? (kindDecision.kind === 'suggest' ? kindDecision.value : null);
  const tags = kind !== null && kind in lists ? lists[kind as Kind] : [];
  const values = tags.map((tag) => tag.code);
  const storedOutsideList = current !== null && checkTagChoice(lists, chosenKind, current) !== undefined;
  let decision: ClassificationDecision;
  if (kind === null)
    decision = current !== null ? { kind: 'keep-user-choice', value: current } : { kind: 'no-suggestion', reason: 'no-kind' };
  else {
    const model = trainTagModel(
      kind,
      values,
      examples.filter((example) => example.kind === kind),
    );
    decision = decideClassification(current, model ? suggestClassification(model, text) : { reason: 'low-confidence' });
  }
  return { current, decision, values, kind, tags, storedOutsideList };
}

/** What the panel shows for one requirement: each dimension's value and the model's suggestion. */
export async function classificationView(issueId: string): Promise<ClassificationView> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const issue = await jira.getIssue(issueId, ['summary', 'description', 'project', ids.nature, ids.kind, ids.kindTag]);
  const projectKey = projectKeyOf(issue);
  const [examples, lists] = await Promise.all([confirmedExamples(projectKey, issue.id, ids), getKindTags(projectKey)]);
  const text = exampleTextOf(issue);
  const entries = DIMENSIONS.map((dimension) => {
    const current = valueOf(issue, ids[dimension]);
    const decision = decideClassification(current, suggestClassification(suggestionModel(dimension, examples[dimension]), text));
    return [dimension, { current, decision, values: [...classificationValues(dimension)] }] as const;
  });
  const view = Object.fromEntries(entries) as Omit<ClassificationView, 'kindTag'>;
  return {
    ...view,
    kindTag: kindTagEntry(valueOf(issue, ids.kindTag), view.kind.current, view.kind.decision, lists.tags, text, examples.kindTag),
  };
}

/**
 * Sets the values a person chose (null clears one), as that person: Jira records who classified it.
 * A tag must be one of the project's tags of the requirement's kind (the kind sent with it, else the
 * stored one); when the kind changes, a stored tag of the old kind is cleared with it.
 */
export async function saveClassification(
  issueId: string,
  values: Partial<Record<ClassificationDimension | 'kindTag', string | null>>,
): Promise<ClassificationView> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const edits: Record<string, string | null> = Object.fromEntries(
    DIMENSIONS.filter((dimension) => dimension in values).map((dimension) => [ids[dimension], values[dimension] ?? null]),
  );
  if ('kindTag' in values || 'kind' in values) {
    const issue = await jira.getIssue(issueId, ['project', ids.kind, ids.kindTag]);
    const { tags: lists } = await getKindTags(projectKeyOf(issue));
    const kind = 'kind' in values ? (values.kind ?? null) : valueOf(issue, ids.kind);
    if ('kindTag' in values) {
      const refusal = checkTagChoice(lists, kind, values.kindTag ?? null);
      if (refusal) throw new ValidationError([refusal]);
      edits[ids.kindTag] = values.kindTag ?? null;
    } else {
      const stored = valueOf(issue, ids.kindTag);
      if (stored !== null && checkTagChoice(lists, kind, stored) !== undefined) edits[ids.kindTag] = null;
    }
  }
  if (Object.keys(edits).length > 0) await jiraAsUser().editIssue(issueId, edits);
  return classificationView(issueId);
}
