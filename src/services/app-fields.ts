import { SCREEN_FIELDS, type ComputedFieldName, type InputFieldName, type RecordFieldName } from '../domain/fields';
import type { JiraClient } from '../jira/client';

export type AppFieldName = InputFieldName | ComputedFieldName | RecordFieldName;
export type AppFieldIds = Record<AppFieldName, string>;

export class AppFieldsMissingError extends Error {
  constructor(readonly missing: string[]) {
    super(`The app's fields are not installed in Jira: ${missing.join(', ')}.`);
    this.name = 'AppFieldsMissingError';
  }
}

/**
 * Jira gives each app field its own customfield_N id per site. A field belongs to one of our
 * modules when its schema.custom ends with `/static/<moduleKey>` (the Forge extension key form).
 */
export function matchAppFields(fields: { id: string; schema?: { custom?: string } }[]): AppFieldIds {
  const ids: Partial<Record<AppFieldName, string>> = {};
  for (const definition of SCREEN_FIELDS) {
    const field = fields.find((candidate) => candidate.schema?.custom?.endsWith(`/static/${definition.moduleKey}`));
    if (field) ids[definition.name as AppFieldName] = field.id;
  }
  const missing = SCREEN_FIELDS.filter((definition) => !ids[definition.name as AppFieldName]).map((definition) => definition.moduleKey);
  if (missing.length > 0) throw new AppFieldsMissingError(missing);
  return ids as AppFieldIds;
}

const CACHE_MS = 5 * 60 * 1000;
let cached: { at: number; ids: AppFieldIds } | undefined;

/** Field ids change only on install, so one lookup serves many invocations of a warm function. */
export async function resolveAppFieldIds(jira: JiraClient, now: number = Date.now()): Promise<AppFieldIds> {
  if (cached && now - cached.at < CACHE_MS) return cached.ids;
  const ids = matchAppFields(await jira.getFields());
  cached = { at: now, ids };
  return ids;
}

export function forgetAppFieldIds(): void {
  cached = undefined;
}

/** Field ids of every app field by module key, for placing them on screens. */
export async function resolveScreenFieldIds(jira: JiraClient): Promise<Record<string, string>> {
  const ids = await resolveAppFieldIds(jira);
  return Object.fromEntries(SCREEN_FIELDS.map((definition) => [definition.moduleKey, ids[definition.name as AppFieldName]]));
}
