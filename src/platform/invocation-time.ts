import { getAppContext } from '@forge/api';

/**
 * Milliseconds this invocation may still run before Forge stops it (getAppContext's
 * invocationRemainingTimeInMillis; developer.atlassian.com/platform/forge/runtime-reference/app-context-api/).
 * Long background work checks it and hands the rest to a queue event before the limit.
 */
export function remainingInvocationMs(): number {
  try {
    return getAppContext().invocationRemainingTimeInMillis();
  } catch {
    // Not available (e.g. an old tunnel): assume the shortest limit, 25 s, is all there is.
    return 25_000;
  }
}
