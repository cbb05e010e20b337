import type { Message } from './messages';

/**
 * Every rule the domain enforces reports what is wrong as a Violation: the field it concerns
 * (a dotted path such as `weights.urgency`), a stable rule code the UI can translate, and an
 * English sentence that names both.
 */
export interface Violation {
  field: string;
  rule: ViolationRule;
  message: string;
  params?: Record<string, string | number>;
}

export type ViolationRule =
  | 'required'
  | 'type'
  | 'integer'
  | 'range'
  | 'one-decimal'
  | 'enum'
  | 'sum'
  | 'order'
  | 'length'
  | 'syntax'
  /** Personal data given without the person's recorded consent. */
  | 'consent'
  /** The same thing twice where one is allowed. */
  | 'unique'
  /** A value that belongs to another choice than the one it goes with (a tag of another kind). */
  | 'mismatch';

export type Result<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(violations: Violation[]): Result<T> => ({ ok: false, violations });

/** Thrown only where a caller promised valid input and broke the promise; carries the violations. */
export class ValidationError extends Error {
  constructor(readonly violations: Violation[]) {
    super(violations.map((violation) => violation.message).join(' '));
    this.name = 'ValidationError';
  }
}

/** Someone else changed what the caller was editing; nothing of the caller's change was applied. The sentence says what changed. */
export class ConflictError extends Error {
  constructor(readonly sentence: Message) {
    super(sentence.key);
    this.name = 'ConflictError';
  }
}
