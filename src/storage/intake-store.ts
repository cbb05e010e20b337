import { kvs } from '@forge/kvs';
import { storageKeys } from './keys';

/** A project's web intake secret; only its hash would not do, as the HMAC needs the secret itself. */
export interface IntakeSecretRecord {
  secret: string;
  createdAt: string;
  createdBy: string;
}

/** What one delivery answered, so a repeat gets the same answer; `pending` while the first one runs. */
export interface IntakeDeliveryRecord {
  state: 'pending' | 'done';
  bodyHash: string;
  statusCode?: number;
  response?: unknown;
}

/** Long enough for a platform's retries (they retry for hours at most), short enough not to pile up. */
const DELIVERY_TTL = { unit: 'HOURS', value: 24 } as const;
const RATE_TTL = { unit: 'MINUTES', value: 2 } as const;

export const getIntakeSecret = (projectKey: string): Promise<IntakeSecretRecord | undefined> =>
  kvs.getSecret<IntakeSecretRecord>(storageKeys.intakeSecret(projectKey));
export const saveIntakeSecret = (projectKey: string, record: IntakeSecretRecord): Promise<void> =>
  kvs.setSecret(storageKeys.intakeSecret(projectKey), record);

/** Claims a delivery key; false when another delivery holds it (the first one's record is then read back). */
export async function claimIntakeDelivery(projectKey: string, keyHash: string, bodyHash: string): Promise<boolean> {
  try {
    await kvs.set<IntakeDeliveryRecord>(
      storageKeys.intakeDelivery(projectKey, keyHash),
      { state: 'pending', bodyHash },
      { ttl: DELIVERY_TTL, keyPolicy: 'FAIL_IF_EXISTS' },
    );
    return true;
  } catch (error) {
    if (isKeyExists(error)) return false;
    throw error;
  }
}

export const getIntakeDelivery = (projectKey: string, keyHash: string): Promise<IntakeDeliveryRecord | undefined> =>
  kvs.get<IntakeDeliveryRecord>(storageKeys.intakeDelivery(projectKey, keyHash));
export const finishIntakeDelivery = (projectKey: string, keyHash: string, record: IntakeDeliveryRecord): Promise<void> =>
  kvs.set(storageKeys.intakeDelivery(projectKey, keyHash), record, { ttl: DELIVERY_TTL });
/** A delivery that failed before creating anything gives its key back, so the sender's retry can succeed. */
export const releaseIntakeDelivery = (projectKey: string, keyHash: string): Promise<void> =>
  kvs.delete(storageKeys.intakeDelivery(projectKey, keyHash));

/**
 * Counts one request in the project's current minute and returns the count. KVS has no atomic
 * increment, so two requests at the same instant may count once: the limit is approximate by a few.
 */
export async function countIntakeRequest(projectKey: string, minute: number): Promise<number> {
  const key = storageKeys.intakeRate(projectKey, minute);
  const count = ((await kvs.get<number>(key)) ?? 0) + 1;
  await kvs.set(key, count, { ttl: RATE_TTL });
  return count;
}

function isKeyExists(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? '')}` : String(error);
  return /KEY_ALREADY_EXISTS|already exists/i.test(text);
}
