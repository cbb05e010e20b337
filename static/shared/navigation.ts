import { router } from '@forge/bridge';

/** Opens an issue in Jira (the host decides how: same tab, or the issue view). */
export function openIssue(key: string): void {
  router.navigate(`/browse/${encodeURIComponent(key)}`).catch((error: unknown) => {
    console.warn(`Requirement Triage: could not open ${key}.`, error instanceof Error ? error.message : error);
  });
}

/** Opens Jira's issue search with this JQL (the issue navigator, `/issues/?jql=`), as the list behind a count. */
export function openSearch(jql: string): void {
  router.navigate(`/issues/?jql=${encodeURIComponent(jql)}`).catch((error: unknown) => {
    console.warn('Requirement Triage: could not open the issue search.', error instanceof Error ? error.message : error);
  });
}
