/**
 * The only place the Custom UI calls resolvers. Every answer is the contract's envelope: a
 * resolver's own error comes back as `{ok: false, error}`, and a failure of the bridge itself
 * (no network, host refused, rate limit) is turned into the same shape with kind `unavailable`,
 * so screens handle one kind of result.
 */
import { invoke } from '@forge/bridge';
import {
  READER_LOCALE_FIELD,
  type CustomerPage,
  type DataOf,
  type PayloadOf,
  type ResolverKey,
  type ResolverResult,
} from '../../src/shared/api';
import { loadContext } from './context';

export type * from '../../src/shared/api';
export { SETUP_STEP_KEYS } from '../../src/shared/api';

function isEnvelope(value: unknown): value is ResolverResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; data?: unknown; error?: { kind?: unknown; message?: unknown } };
  if (candidate.ok === true) return 'data' in candidate;
  return candidate.ok === false && typeof candidate.error?.kind === 'string' && typeof candidate.error.message === 'string';
}

export async function call<K extends ResolverKey>(key: K, payload: PayloadOf<K>): Promise<ResolverResult<DataOf<K>>> {
  let answer: unknown;
  try {
    // Functions are told no locale; the page says which language server sentences should be in.
    const locale = await loadContext().then(
      (context) => context.locale,
      () => undefined,
    );
    answer = await invoke(key, { ...(payload as Record<string, unknown>), ...(locale ? { [READER_LOCALE_FIELD]: locale } : {}) });
  } catch (error) {
    const message =
      error instanceof Error && error.message.trim() ? error.message.trim() : String(error || 'The Jira bridge did not answer.');
    return { ok: false, error: { kind: 'unavailable', message } };
  }
  if (!isEnvelope(answer)) {
    return { ok: false, error: { kind: 'internal', message: `The app answered ${key} in an unexpected shape.` } };
  }
  return answer as ResolverResult<DataOf<K>>;
}

/**
 * Customers of the archive whose number or name matches what someone typed, for the pickers that
 * link, notify or filter by customer; none when the search fails (the picker just shows no options).
 */
export async function searchCustomers(projectKey: string, query: string): Promise<CustomerPage['customers']> {
  const result = await call('customers.list', { projectKey, query: query.trim() });
  return result.ok ? result.data.customers : [];
}
