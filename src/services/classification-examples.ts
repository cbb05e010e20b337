import { adfText } from '../domain/text/adf';
import { jiraAsApp, type IssueBean, type JiraClient, type Paged } from '../jira/client';
import {
  EXAMPLE_TEXT_CHARS,
  loadExampleCopy,
  saveExampleCopy,
  type ExampleCopyHeader,
  type StoredExample,
} from '../storage/classification-example-store';
import type { AppFieldIds } from './app-fields';

/**
 * The project's classified requirements for the suggestion models, from their copy in KVS
 * (src/storage/classification-example-store.ts) instead of ten search pages on every panel open.
 * Each read asks Jira for the project's most recently updated requirements (a page of DELTA_PAGE,
 * more pages only while they hold changes the copy lacks) and merges them in: a classification set
 * or changed anywhere (this panel, Jira's edit screen, an import) is in the next open's models. The
 * copy is rebuilt from the newest TRAINING_PAGES pages by key when it is missing, a day old, or
 * further behind than DELTA_PAGES_MAX pages. A deleted requirement stays an example until then:
 * suggestions are advice a person confirms, so this costs little.
 */

/** A rebuild reads at most this many pages of 100: enough for the project's language to dominate the seeds. */
const TRAINING_PAGES = 10;
const DELTA_PAGE = 10;
const DELTA_PAGES_MAX = 10;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Search results may lag recent updates, so changes this close to the watermark are looked at again (as the row copy does). */
const WATERMARK_MARGIN_MS = 10 * 60 * 1000;

const requirementsJql = (projectKey: string): string => `project = "${projectKey}" AND issuetype = "Requirement"`;
const fieldsOf = (ids: AppFieldIds): string[] => ['summary', 'description', 'updated', ids.nature, ids.kind, ids.kindTag];

const valueOf = (issue: IssueBean, fieldId: string): string | undefined => {
  const value = issue.fields[fieldId];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const updatedOf = (issue: IssueBean): string =>
  typeof issue.fields.updated === 'string' ? issue.fields.updated : new Date(0).toISOString();
const later = (left: string, right: string): string => (Date.parse(right) > Date.parse(left) ? right : left);

/** The text the models learn from: summary and description. */
export const exampleTextOf = (issue: IssueBean): string =>
  [typeof issue.fields.summary === 'string' ? issue.fields.summary : '', adfText(issue.fields.description)].join('\n').trim();

/** The issue as an example, or null when nobody classified it (nothing to learn from). */
function exampleOf(issue: IssueBean, ids: AppFieldIds): StoredExample | null {
  const labels = { nature: valueOf(issue, ids.nature), kind: valueOf(issue, ids.kind), kindTag: valueOf(issue, ids.kindTag) };
  if (!labels.nature && !labels.kind && !labels.kindTag) return null;
  const example: StoredExample = {
    id: String(issue.id),
    text: exampleTextOf(issue).slice(0, EXAMPLE_TEXT_CHARS),
    updated: updatedOf(issue),
  };
  for (const [name, value] of Object.entries(labels)) if (value) example[name as keyof typeof labels] = value;
  return example;
}

async function rebuild(jira: JiraClient, projectKey: string, ids: AppFieldIds): Promise<StoredExample[]> {
  const examples: StoredExample[] = [];
  const unclassified: Record<string, string> = {};
  let watermark = new Date(0).toISOString();
  let nextPageToken: string | null = null;
  for (let page = 0; page < TRAINING_PAGES; page += 1) {
    const found: Paged<IssueBean> = await jira.searchPage({
      jql: `${requirementsJql(projectKey)} ORDER BY key DESC`,
      fields: fieldsOf(ids),
      nextPageToken,
    });
    for (const issue of found.items) {
      watermark = later(watermark, updatedOf(issue));
      const example = exampleOf(issue, ids);
      if (example) examples.push(example);
      else unclassified[String(issue.id)] = updatedOf(issue);
    }
    nextPageToken = found.nextPageToken;
    if (!nextPageToken) break;
  }
  // Issues read near the watermark are known, so the next read does not take them for changes.
  const floor = Date.parse(watermark) - WATERMARK_MARGIN_MS;
  const recent = Object.fromEntries(Object.entries(unclassified).filter(([, updated]) => Date.parse(updated) >= floor));
  await saveExampleCopy(projectKey, examples, { watermark, builtAt: new Date().toISOString(), recent });
  return examples;
}

/** The copy with the newest changes merged in; null when it is too far behind (a rebuild is cheaper). */
async function merged(
  jira: JiraClient,
  projectKey: string,
  ids: AppFieldIds,
  header: ExampleCopyHeader,
  stored: StoredExample[],
): Promise<StoredExample[] | null> {
  const byId = new Map(stored.map((example) => [example.id, example]));
  const since = Date.parse(header.watermark) - WATERMARK_MARGIN_MS;
  const recent = { ...header.recent };
  let watermark = header.watermark;
  let changed = false;
  let nextPageToken: string | null = null;
  for (let page = 0; ; page += 1) {
    if (page >= DELTA_PAGES_MAX) return null;
    const found: Paged<IssueBean> = await jira.searchPage({
      jql: `${requirementsJql(projectKey)} ORDER BY updated DESC`,
      fields: fieldsOf(ids),
      nextPageToken,
      maxResults: DELTA_PAGE,
    });
    const near = found.items.filter((issue) => Date.parse(updatedOf(issue)) >= since);
    const fresh = near.filter((issue) => (byId.get(String(issue.id))?.updated ?? recent[String(issue.id)]) !== updatedOf(issue));
    for (const issue of fresh) {
      const id = String(issue.id);
      const example = exampleOf(issue, ids);
      if (example) byId.set(id, example);
      else byId.delete(id);
      if (!example) recent[id] = updatedOf(issue);
      watermark = later(watermark, updatedOf(issue));
      changed = true;
    }
    nextPageToken = found.nextPageToken;
    // A page of only issues already copied (or older than the copy) ends the look back.
    if (fresh.length === 0 || near.length < found.items.length || !nextPageToken) break;
  }
  if (changed) {
    const floor = Date.parse(watermark) - WATERMARK_MARGIN_MS;
    const kept = Object.fromEntries(Object.entries(recent).filter(([, updated]) => Date.parse(updated) >= floor));
    await saveExampleCopy(projectKey, [...byId.values()], { watermark, builtAt: header.builtAt, recent: kept });
  }
  return [...byId.values()];
}

/** Every classified requirement of the project the models learn from, current as of this read, newest first (as a rebuild reads them). */
export async function projectExamples(projectKey: string, ids: AppFieldIds): Promise<StoredExample[]> {
  const jira = jiraAsApp();
  const copy = await loadExampleCopy(projectKey);
  const fresh =
    copy && Date.now() - Date.parse(copy.header.builtAt) < MAX_AGE_MS
      ? await merged(jira, projectKey, ids, copy.header, copy.examples)
      : null;
  return (fresh ?? (await rebuild(jira, projectKey, ids))).sort((left, right) => Number(right.id) - Number(left.id));
}
