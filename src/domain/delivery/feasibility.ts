import { isPlainObject } from '../checks';
import { fail, ok, type Result, type Violation } from '../result';
import { includes, MAX_NOTE_LENGTH } from './input-checks';

/** Feasibility marks: a verdict per dimension (technical, business, compliance), newest first. Pure. */

export const FEASIBILITY_DIMENSIONS = ['technical', 'business', 'compliance'] as const;
export type FeasibilityDimension = (typeof FEASIBILITY_DIMENSIONS)[number];
export const FEASIBILITY_VERDICTS = ['feasible', 'conditional', 'not-feasible'] as const;
export type FeasibilityVerdict = (typeof FEASIBILITY_VERDICTS)[number];

export interface FeasibilityMark {
  dimension: FeasibilityDimension;
  verdict: FeasibilityVerdict;
  note: string;
  by: { accountId: string; displayName: string };
  at: string;
}

/** A mark as a person enters it: a verdict, and a note whenever the verdict is not a plain yes. */
export function validateFeasibilityInput(
  raw: unknown,
): Result<{ dimension: FeasibilityDimension; verdict: FeasibilityVerdict; note: string }> {
  const value = isPlainObject(raw) ? raw : {};
  const violations: Violation[] = [];
  if (!includes(FEASIBILITY_DIMENSIONS, value.dimension)) {
    violations.push({
      field: 'dimension',
      rule: 'enum',
      message: 'Feasibility: the mark must be technical, business or compliance.',
    });
  }
  if (!includes(FEASIBILITY_VERDICTS, value.verdict)) {
    violations.push({
      field: 'verdict',
      rule: 'enum',
      message: 'Verdict must be feasible, feasible with conditions, or not feasible.',
    });
  }
  const note = typeof value.note === 'string' ? value.note.trim() : '';
  if (value.note !== undefined && typeof value.note !== 'string')
    violations.push({ field: 'note', rule: 'type', message: 'Note must be text.' });
  else if (note.length > MAX_NOTE_LENGTH)
    violations.push({
      field: 'note',
      rule: 'length',
      message: `Note must be at most ${MAX_NOTE_LENGTH} characters.`,
      params: { max: MAX_NOTE_LENGTH },
    });
  else if (!note && (value.verdict === 'conditional' || value.verdict === 'not-feasible')) {
    violations.push({
      field: 'note',
      rule: 'required',
      message: 'Note is required when the verdict is not a plain "feasible": say which conditions, or why not.',
    });
  }
  if (violations.length > 0) return fail(violations);
  return ok({ dimension: value.dimension as FeasibilityDimension, verdict: value.verdict as FeasibilityVerdict, note });
}

export interface FeasibilitySummary {
  /** Dimensions nobody has marked yet. */
  missing: FeasibilityDimension[];
  /** Any dimension marked not feasible. */
  notFeasible: FeasibilityDimension[];
}

/** The newest mark per dimension decides; older ones are history. */
export function latestMarks(history: readonly FeasibilityMark[]): Partial<Record<FeasibilityDimension, FeasibilityMark>> {
  const latest: Partial<Record<FeasibilityDimension, FeasibilityMark>> = {};
  for (const mark of history) {
    const current = latest[mark.dimension];
    if (!current || Date.parse(mark.at) >= Date.parse(current.at)) latest[mark.dimension] = mark;
  }
  return latest;
}

function summaryOf(verdicts: Partial<Record<FeasibilityDimension, FeasibilityVerdict>>): FeasibilitySummary {
  return {
    missing: FEASIBILITY_DIMENSIONS.filter((dimension) => !verdicts[dimension]),
    notFeasible: FEASIBILITY_DIMENSIONS.filter((dimension) => verdicts[dimension] === 'not-feasible'),
  };
}

export function summariseFeasibility(history: readonly FeasibilityMark[]): FeasibilitySummary {
  const latest = latestMarks(history);
  return summaryOf(Object.fromEntries(Object.entries(latest).map(([dimension, mark]) => [dimension, mark.verdict])));
}

/** How a verdict reads in the "Feasibility marks" field: plain words, so JQL text search finds "not feasible". */
const VERDICT_WORDS: Record<FeasibilityVerdict, string> = {
  feasible: 'feasible',
  conditional: 'conditional',
  'not-feasible': 'not feasible',
};

/**
 * The read-only "Feasibility marks" field: the newest verdict per marked dimension, in dimension
 * order, e.g. "technical: feasible; business: conditional; compliance: not feasible". Null when
 * nothing is marked, so JQL's `is EMPTY` finds unmarked requirements.
 */
export function formatFeasibilityField(history: readonly FeasibilityMark[]): string | null {
  const latest = latestMarks(history);
  const parts = FEASIBILITY_DIMENSIONS.flatMap((dimension) => {
    const mark = latest[dimension];
    return mark ? [`${dimension}: ${VERDICT_WORDS[mark.verdict]}`] : [];
  });
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Reads the field back; anything it does not recognise counts as unmarked. */
export function parseFeasibilityField(text: unknown): Partial<Record<FeasibilityDimension, FeasibilityVerdict>> {
  const verdicts: Partial<Record<FeasibilityDimension, FeasibilityVerdict>> = {};
  if (typeof text !== 'string') return verdicts;
  for (const part of text.split(';')) {
    const [name, words] = part.split(':').map((piece) => piece.trim().toLowerCase());
    const verdict = FEASIBILITY_VERDICTS.find((candidate) => VERDICT_WORDS[candidate] === words);
    if (includes(FEASIBILITY_DIMENSIONS, name) && verdict) verdicts[name] = verdict;
  }
  return verdicts;
}

/** The lists, the matrix and the gadgets read the summary from the field in search results. */
export const summariseFeasibilityField = (text: unknown): FeasibilitySummary => summaryOf(parseFeasibilityField(text));

/**
 * Adds a mark to the history, newest last. Re-sending the newest mark of a dimension unchanged (same
 * person, verdict and note: a double click, a retry after a lost answer) adds nothing and returns
 * null. Beyond `max` marks the oldest are dropped, but never the newest of a dimension.
 */
export function appendMark(history: readonly FeasibilityMark[], mark: FeasibilityMark, max: number): FeasibilityMark[] | null {
  const current = latestMarks(history)[mark.dimension];
  if (current && current.verdict === mark.verdict && current.note === mark.note && current.by.accountId === mark.by.accountId)
    return null;
  const next = [...history, mark];
  const kept = new Set(Object.values(latestMarks(next)));
  let excess = next.length - max;
  return next.filter((entry) => {
    if (excess <= 0 || kept.has(entry)) return true;
    excess -= 1;
    return false;
  });
}
