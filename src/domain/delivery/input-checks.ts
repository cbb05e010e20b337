/** What the checks of feasibility marks and closure steps share. */

/** The longest note a person may write on a feasibility mark or a closure step. */
export const MAX_NOTE_LENGTH = 2000;

export const includes = <T extends string>(values: readonly T[], value: unknown): value is T =>
  (values as readonly unknown[]).includes(value);
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
