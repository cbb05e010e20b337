import { fieldLabels } from './fields';
import { message, MESSAGE_LOCALES, type MessageLocale } from './messages';
import { ConflictError } from './result';
import type { RequirementInputs } from './scoring';

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

const BLANK: Record<MessageLocale, string> = { 'en-US': 'blank', 'zh-CN': '空' };
const shown = (value: unknown, locale: MessageLocale): string =>
  value === null || value === undefined || value === '' ? BLANK[locale] : String(value);
const CHANGE: Record<MessageLocale, { line: (label: string, now: string, saw: string) => string; gap: string }> = {
  'en-US': { line: (label, now, saw) => `${label} is now ${now} (you saw ${saw})`, gap: '; ' },
  'zh-CN': { line: (label, now, saw) => `${label}现在是 ${now}（你看到的是 ${saw}）`, gap: '；' },
};
const LABELS: Record<MessageLocale, Record<string, string>> = { 'en-US': fieldLabels('en'), 'zh-CN': fieldLabels('zh') };

/** Throws a ConflictError naming every field someone else changed, with its value now. */
export function assertNoInputConflicts(issueKey: string, conflicts: InputConflict[]): void {
  if (conflicts.length === 0) return;
  const changes = Object.fromEntries(
    MESSAGE_LOCALES.map((locale) => [
      locale,
      conflicts
        .map((conflict) =>
          CHANGE[locale].line(LABELS[locale][conflict.field]!, shown(conflict.stored, locale), shown(conflict.expected, locale)),
        )
        .join(CHANGE[locale].gap),
    ]),
  ) as Record<MessageLocale, string>;
  throw new ConflictError(message('server.conflict.inputs_changed', { issue: issueKey, changes }));
}
