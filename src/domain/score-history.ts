import type { ComputedFieldName, InputFieldName } from './fields';

/**
 * The history of a requirement's scores, read from Jira's changelog: who changed which input or
 * score, when, and under which framework version the scores stood after that change (issue 18).
 * People's inputs are changed as the person; the scores as the app, so `by` is null for those.
 */

export type ScoreFieldName = InputFieldName | ComputedFieldName;

/** One changelog entry as Jira gives it (oldest first across the issue). */
export interface ChangelogEntry {
  created: string;
  /** The author's display name; null when Jira names none (the app). */
  by: string | null;
  /** Jira's change items (fieldId, fromString, toString); read by name, as `toString` would otherwise be Object's method. */
  items: readonly Readonly<Record<string, unknown>>[];
}

export interface ScoreChange {
  field: ScoreFieldName;
  from: string | null;
  to: string | null;
}

export interface ScoreHistoryEntry {
  at: string;
  by: string | null;
  changes: ScoreChange[];
  /** The framework version the scores stood under after this change; null when unknown. */
  frameworkVersion: number | null;
}

/** Jira leaves out a missing side; `toString` must be the item's own text, never Object.prototype's method. */
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const versionOf = (text: string | null | undefined): number | null => {
  const version = Number(text);
  return text !== null && text !== undefined && text !== '' && Number.isInteger(version) ? version : null;
};

/**
 * The entries that changed a score field, newest first, at most `limit`. `fieldNames` names the
 * app's fields by Jira field id; `currentVersion` is the version the scores stand under now, from
 * which each earlier entry's version follows by walking back over the version field's changes.
 */
export function scoreHistory(
  entries: readonly ChangelogEntry[],
  fieldNames: Readonly<Record<string, ScoreFieldName>>,
  currentVersion: number | null,
  limit: number,
): ScoreHistoryEntry[] {
  const history: ScoreHistoryEntry[] = [];
  let version = currentVersion;
  for (const entry of [...entries].reverse()) {
    const changes = entry.items.flatMap((item): ScoreChange[] => {
      const fieldId = text(item.fieldId);
      const field = fieldId === null ? undefined : fieldNames[fieldId];
      return field ? [{ field, from: text(item.fromString), to: text(item.toString) }] : [];
    });
    if (changes.length === 0) continue;
    history.push({ at: entry.created, by: entry.by, changes, frameworkVersion: version });
    const versionChange = changes.find((change) => change.field === 'frameworkVersion');
    if (versionChange) version = versionOf(versionChange.from);
  }
  return history.slice(0, limit);
}
