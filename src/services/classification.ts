import { classificationValues, decideClassification, suggestClassification, trainSuggestionModel, type ClassificationDimension, type LabelledText } from '../domain/text';
import { adfText } from '../domain/text/adf';
import { jiraAsApp, jiraAsUser, type IssueBean } from '../jira/client';
import type { ClassificationView } from '../shared/api';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { projectKeyOf } from './duplicates';

/**
 * Nature and kind suggestions for the panel, from a model trained on the seed examples plus the
 * project's requirements people have already classified. A suggestion is never written by itself:
 * the person confirms or changes it (classification.save), and a value already chosen stays.
 */

const DIMENSIONS: readonly ClassificationDimension[] = ['nature', 'kind'];
/** Training reads at most this many pages of 100: enough for the project's language to dominate the seeds. */
const TRAINING_PAGES = 10;

const textOf = (issue: IssueBean): string => [typeof issue.fields.summary === 'string' ? issue.fields.summary : '', adfText(issue.fields.description)].join('\n').trim();
const valueOf = (issue: IssueBean, fieldId: string): string | null => {
  const value = issue.fields[fieldId];
  return typeof value === 'string' && value !== '' ? value : null;
};

async function confirmedExamples(projectKey: string, exceptIssueId: string, ids: AppFieldIds): Promise<Record<ClassificationDimension, LabelledText[]>> {
  const examples: Record<ClassificationDimension, LabelledText[]> = { nature: [], kind: [] };
  const jira = jiraAsApp();
  let nextPageToken: string | null = null;
  for (let page = 0; page < TRAINING_PAGES; page += 1) {
    const found = await jira.searchPage({ jql: `project = "${projectKey}" AND issuetype = "Requirement" ORDER BY key DESC`, fields: ['summary', 'description', ids.nature, ids.kind], nextPageToken });
    for (const issue of found.items) {
      if (issue.id === exceptIssueId) continue;
      for (const dimension of DIMENSIONS) {
        const label = valueOf(issue, ids[dimension]);
        if (label) examples[dimension].push({ text: textOf(issue), label });
      }
    }
    nextPageToken = found.nextPageToken;
    if (!nextPageToken) break;
  }
  return examples;
}

/** What the panel shows for one requirement: each dimension's value and the model's suggestion. */
export async function classificationView(issueId: string): Promise<ClassificationView> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const issue = await jira.getIssue(issueId, ['summary', 'description', 'project', ids.nature, ids.kind]);
  const examples = await confirmedExamples(projectKeyOf(issue), issue.id, ids);
  const text = textOf(issue);
  const entries = DIMENSIONS.map((dimension) => {
    const current = valueOf(issue, ids[dimension]);
    const decision = decideClassification(current, suggestClassification(trainSuggestionModel(dimension, examples[dimension]), text));
    return [dimension, { current, decision, values: [...classificationValues(dimension)] }] as const;
  });
  return Object.fromEntries(entries) as ClassificationView;
}

/** Sets the values a person chose (null clears one), as that person: Jira records who classified it. */
export async function saveClassification(issueId: string, values: Partial<Record<ClassificationDimension, string | null>>): Promise<ClassificationView> {
  const ids = await resolveAppFieldIds(jiraAsApp());
  const edits = Object.fromEntries(DIMENSIONS.filter((dimension) => dimension in values).map((dimension) => [ids[dimension], values[dimension] ?? null]));
  if (Object.keys(edits).length > 0) await jiraAsUser().editIssue(issueId, edits);
  return classificationView(issueId);
}
