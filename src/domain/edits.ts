import { ConflictError } from './result';
import { INPUT_LABELS, type RequirementInputs } from './scoring';

/**
 * Optimistic concurrency for score edits: the editor sends the values it saw for the fields it
 * changes. A field whose stored value moved since then is a conflict, so one person's edit never
 * silently replaces another's. Fields the editor did not change are never compared.
 */
export interface InputConflict {
  field: keyof RequirementInputs;
  expected: unknown;
  stored: unknown;
}

const same = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null);

export function findInputConflicts(
  stored: RequirementInputs,
  changes: Partial<Record<keyof RequirementInputs, unknown>>,
  expected: Partial<Record<keyof RequirementInputs, unknown>>,
): InputConflict[] {
  const conflicts: InputConflict[] = [];
  for (const field of Object.keys(changes) as (keyof RequirementInputs)[]) {
    if (!(field in expected)) continue;
    if (!same(expected[field], stored[field])) conflicts.push({ field, expected: expected[field], stored: stored[field] });
  }
  return conflicts;
}

const shown = (value: unknown): string => (value === null || value === undefined || value === '' ? 'blank' : String(value));

/** Throws a ConflictError naming every field someone else changed, with its value now. */
export function assertNoInputConflicts(issueKey: string, conflicts: InputConflict[]): void {
  if (conflicts.length === 0) return;
  const changes = conflicts.map((conflict) => `${INPUT_LABELS[conflict.field]} is now ${shown(conflict.stored)} (you saw ${shown(conflict.expected)})`);
  throw new ConflictError(`Someone else changed ${issueKey} while you were editing: ${changes.join('; ')}. Nothing was saved; reload to see the current values.`);
}
