/**
 * The matrix runs a person's JQL inside the app's own query (project and issue type first), so
 * Jira's `(line L, character C)` counts from the start of the combined query. These helpers put
 * the person's JQL into that query and move the positions in Jira's messages back onto it.
 */

import { jqlField } from './gadget-drill-down';

export interface NarrowedJql {
  jql: string;
  /** Where the person's JQL starts in `jql` (0-based, on line 1). */
  offset: number;
}

/** `jql` split before its ORDER BY clause (an empty order when it has none). */
function splitOrderBy(jql: string): { head: string; order: string } {
  const cut = jql.search(/ ORDER BY /i);
  return cut === -1 ? { head: jql, order: '' } : { head: jql.slice(0, cut), order: jql.slice(cut) };
}

/** `jql` without its ORDER BY clause: a count needs no order. */
export const withoutOrderBy = (jql: string): string => splitOrderBy(jql).head;

/** `base` with `narrowing` ANDed in before its ORDER BY (or at its end); `narrowing` is trimmed. */
export function narrowJql(base: string, narrowing: string): NarrowedJql {
  const { head, order: tail } = splitOrderBy(base);
  const prefix = `${head} AND (`;
  return { jql: `${prefix}${narrowing.trim()})${tail}`, offset: prefix.length };
}

const POSITION = /\(line (\d+), character (\d+)\)/g;

/**
 * Jira's message with each position on line 1 counted from the start of the person's JQL
 * (`length` characters long); a position outside it is put at the nearest end of their JQL.
 */
export function positionsInUserJql(message: string, offset: number, length: number): string {
  return message.replace(POSITION, (whole, line: string, character: string) => {
    if (line !== '1') return whole;
    const inUserJql = Math.min(Math.max(Number(character) - offset, 1), length + 1);
    return `(line 1, character ${inUserJql})`;
  });
}

/** The matrix's kind filter: kinds and second-level tags (codes) to keep; an empty list keeps any. */
export interface KindFilter {
  kinds: readonly string[];
  kindTags: readonly string[];
}

export const NO_KIND_FILTER: KindFilter = { kinds: [], kindTags: [] };

export const hasKindFilter = (filter: KindFilter): boolean => filter.kinds.length > 0 || filter.kindTags.length > 0;

/** Whether a row's kind and tag pass the filter: what `kindFilterJql` asks Jira, applied to the project's copy. */
export const matchesKindFilter = (row: { kind?: string | null; kindTag?: string | null }, filter: KindFilter): boolean =>
  (filter.kinds.length === 0 || (row.kind != null && filter.kinds.includes(row.kind))) &&
  (filter.kindTags.length === 0 || (row.kindTag != null && filter.kindTags.includes(row.kindTag)));

const quoted = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;

/**
 * The kind filter as JQL on the app's `string` fields, named `cf[N]` (exact comparison; `in` for
 * several values, each dimension ANDed): '' for no filter. `fields` are the fields' ids.
 */
export function kindFilterJql(fields: { kind: string; kindTag: string }, filter: KindFilter): string {
  const clause = (fieldId: string, values: readonly string[]) => `${jqlField(fieldId)} in (${values.map(quoted).join(', ')})`;
  return [
    ...(filter.kinds.length > 0 ? [clause(fields.kind, filter.kinds)] : []),
    ...(filter.kindTags.length > 0 ? [clause(fields.kindTag, filter.kindTags)] : []),
  ].join(' AND ');
}
