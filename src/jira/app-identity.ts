import { getAppContext, webTrigger } from '@forge/api';

/**
 * Which app environment this code runs in. A site can have several environments of the app
 * installed (development, staging, production), each with its own fields, validator and storage;
 * Jira names a module of one environment `ari:cloud:ecosystem::extension/{app-id}/{environment-id}/static/{module-key}`
 * (https://developer.atlassian.com/platform/forge/manifest-reference/modules/jira-custom-field/#field-lifecycle),
 * so the app matches its modules on that whole id, never on the module key alone.
 */

export interface AppEnvironment {
  appId: string;
  environmentId: string;
  /** DEVELOPMENT, STAGING or PRODUCTION. */
  environmentType: string;
}

/** From the Forge runtime (getAppContext, https://developer.atlassian.com/platform/forge/runtime-reference/app-context-api/). */
export function currentAppEnvironment(): AppEnvironment {
  const context = getAppContext();
  return {
    appId: context.appAri.appId,
    environmentId: context.environmentAri.environmentId,
    environmentType: context.environmentType,
  };
}

/** The id Jira gives this environment's module: a custom field's schema.custom, a workflow rule's id. */
export function moduleAri(environment: AppEnvironment, moduleKey: string): string {
  return `ari:cloud:ecosystem::extension/${environment.appId}/${environment.environmentId}/static/${moduleKey}`;
}

/**
 * The URL of one of the app's web triggers in this installation (stable per module, app, site and
 * environment: https://developer.atlassian.com/platform/forge/runtime-reference/web-trigger-api/).
 */
export const webTriggerUrl = (moduleKey: string): Promise<string> => webTrigger.getUrl(moduleKey);
