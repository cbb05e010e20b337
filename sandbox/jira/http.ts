/** Request and response shapes shared by the emulator, the HTTP server and the Forge shim. */

export interface EmulatorRequest {
  method: string;
  /** Path without query string, e.g. /rest/api/3/issue/REQ-1 */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
}

export interface EmulatorResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The app environment a call comes from: a Forge app's calls, as itself or as a user, name it. */
export interface AppEnvironmentRef {
  appId: string;
  environmentId: string;
}

/**
 * Who is calling: a signed-in account (`via` an app environment when a Forge function acts for the
 * user), the app itself (asApp), or nobody.
 */
export type Principal =
  | { kind: 'user'; accountId: string; via?: AppEnvironmentRef }
  | ({ kind: 'app' } & Partial<AppEnvironmentRef>)
  | { kind: 'anonymous' };

/** One REST resource's handler, given the path's captured parts. */
export type RouteHandler = (request: EmulatorRequest, principal: Principal, params: string[]) => EmulatorResponse;
/** How a resource group registers its handlers with the emulator. */
export type Route = (method: string, path: string, handler: RouteHandler) => void;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[],
    readonly errors: Record<string, string> = {},
  ) {
    super(errorMessages.join('; ') || Object.values(errors).join('; '));
  }
}

export const badRequest = (errors: Record<string, string>, errorMessages: string[] = []): HttpError =>
  new HttpError(400, errorMessages, errors);
export const notFound = (message: string): HttpError => new HttpError(404, [message]);
export const forbidden = (message: string): HttpError => new HttpError(403, [message]);

export function queryValue(query: Record<string, string | string[]>, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Jira's timestamp format: 2024-05-01T10:00:00.000+0000 */
export function jiraTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** One page of Jira's paged list shape (PageBean): `pageUrl` builds the link to the page starting at an index. */
export function pageBean<T>(
  all: readonly T[],
  startAt: number,
  maxResults: number,
  pageUrl: (startAt: number) => string,
  toBean: (item: T) => unknown = (item) => item,
): EmulatorResponse {
  const values = all.slice(startAt, startAt + maxResults).map(toBean);
  const isLast = startAt + values.length >= all.length;
  return {
    status: 200,
    body: {
      self: pageUrl(startAt),
      ...(isLast ? {} : { nextPage: pageUrl(startAt + maxResults) }),
      maxResults,
      startAt,
      total: all.length,
      isLast,
      values,
    },
  };
}
