import { SCREEN_FIELDS, type ComputedFieldName, type InputFieldName, type RecordFieldName } from '../domain/fields';
import { currentAppEnvironment, moduleAri, type AppEnvironment } from '../jira/app-identity';
import type { JiraClient } from '../jira/client';
import { AppFieldsMissingError } from './errors';

export type AppFieldName = InputFieldName | ComputedFieldName | RecordFieldName;
export type AppFieldIds = Record<AppFieldName, string>;

/**
 * Jira gives each app field its own customfield_N id per site. A field is one of ours when its
 * schema.custom is exactly our module's id in this environment: another environment of the app on
 * the same site has fields of the same module keys, which this one must never read or write.
 */
export function matchAppFields(fields: { id: string; schema?: { custom?: string } }[], environment: AppEnvironment): AppFieldIds {
  const ids: Partial<Record<AppFieldName, string>> = {};
  for (const definition of SCREEN_FIELDS) {
    const type = moduleAri(environment, definition.moduleKey);
    const field = fields.find((candidate) => candidate.schema?.custom === type);
    if (field) ids[definition.name as AppFieldName] = field.id;
  }
  const missing = SCREEN_FIELDS.filter((definition) => !ids[definition.name as AppFieldName]).map(
    (definition) => definition.moduleKey,
  );
  if (missing.length > 0) throw new AppFieldsMissingError(missing);
  return ids as AppFieldIds;
}

const CACHE_MS = 5 * 60 * 1000;
/** By environment id: Forge keeps each environment's functions apart, the sandbox may host two. */
const cached = new Map<string, { at: number; ids: AppFieldIds }>();

/** Field ids change only on install, so one lookup serves many invocations of a warm function. */
export async function resolveAppFieldIds(jira: JiraClient, now: number = Date.now()): Promise<AppFieldIds> {
  const environment = currentAppEnvironment();
  const hit = cached.get(environment.environmentId);
  if (hit && now - hit.at < CACHE_MS) return hit.ids;
  const ids = matchAppFields(await jira.getFields(), environment);
  cached.set(environment.environmentId, { at: now, ids });
  return ids;
}

export function forgetAppFieldIds(): void {
  cached.clear();
}

/** Field ids of every app field by module key, for placing them on screens. */
export async function resolveScreenFieldIds(jira: JiraClient): Promise<Record<string, string>> {
  const ids = await resolveAppFieldIds(jira);
  return Object.fromEntries(SCREEN_FIELDS.map((definition) => [definition.moduleKey, ids[definition.name as AppFieldName]]));
}
