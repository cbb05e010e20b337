/**
 * The matrix runs a person's JQL inside the app's own query (project and issue type first), so
 * Jira's `(line L, character C)` counts from the start of the combined query. These helpers put
 * the person's JQL into that query and move the positions in Jira's messages back onto it.
 */

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
