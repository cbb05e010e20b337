import { COMPUTED_FIELDS, INPUT_FIELDS } from '../domain/fields';
import { scoreHistory, type ScoreFieldName, type ScoreHistoryEntry } from '../domain/score-history';
import { jiraAsApp, jiraAsUser } from '../jira/client';
import { resolveAppFieldIds } from './app-fields';

/** How many changes the panel lists, newest first. */
export const SCORE_HISTORY_LIMIT = 50;
const CHANGELOG_PAGE = 100;

/**
 * Who changed a requirement's inputs and scores, when, under which framework version: read from
 * Jira's changelog as the user (Jira checks Browse projects), newest page only, so the newest
 * changes come in at most two calls whatever the issue's age.
 */
export async function requirementScoreHistory(issueId: string): Promise<{ entries: ScoreHistoryEntry[]; truncated: boolean }> {
  const app = jiraAsApp();
  const ids = await resolveAppFieldIds(app);
  const user = jiraAsUser();
  const [first, issue] = await Promise.all([user.getChangelogPage(issueId, 0), app.getIssue(issueId, [ids.frameworkVersion])]);
  const page =
    first.total > first.values.length ? await user.getChangelogPage(issueId, Math.max(0, first.total - CHANGELOG_PAGE)) : first;
  const fieldNames: Record<string, ScoreFieldName> = Object.fromEntries(
    [...INPUT_FIELDS, ...COMPUTED_FIELDS].map((field) => [ids[field.name], field.name]),
  );
  const version = issue.fields[ids.frameworkVersion];
  const entries = scoreHistory(
    page.values.map((entry) => ({ created: entry.created, by: entry.author?.displayName ?? null, items: entry.items })),
    fieldNames,
    typeof version === 'number' ? version : null,
    SCORE_HISTORY_LIMIT,
  );
  return { entries, truncated: first.total > page.values.length || entries.length === SCORE_HISTORY_LIMIT };
}
