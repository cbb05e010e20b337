import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';

/**
 * A short-lived lock in plain KVS. Forge deletes expired keys lazily ("deletion may take up to 48
 * hours; read operations may still return expired results"), so a lock whose holder died is still
 * there long after its TTL: it counts as free only when the expiry stored in its value has passed,
 * never because the key is gone. Plain KVS has no compare-and-set, so an expired holding is taken
 * over through a one-time ticket named after that holding (written with FAIL_IF_EXISTS): of all who
 * found the same expired holding, exactly one wins the ticket and overwrites the lock.
 */
interface LeaseValue {
  /** Unique per holding: release deletes only its own, and takeover tickets are named after it. */
  owner: string;
  since: string;
  /** Epoch milliseconds; the holding is over from then on, whether or not the key still exists. */
  expiresAt: number;
}

/** Tickets outlive any contender that could still hold the expired value it names. */
const TICKET_TTL_MINUTES = 60;

/** A lock written before expiresAt was stored ({since} only) lasted this long. */
const LEGACY_LEASE_MS = 30_000;

const isKeyTaken = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'KEY_ALREADY_EXISTS';

function expiryOf(value: Partial<LeaseValue>): number {
  if (typeof value.expiresAt === 'number') return value.expiresAt;
  const since = typeof value.since === 'string' ? Date.parse(value.since) : NaN;
  // Unreadable: treat as expired, so a broken value cannot block the resource for 48 hours.
  return Number.isFinite(since) ? since + LEGACY_LEASE_MS : 0;
}

/** The holding's identity for its takeover ticket (a key: letters, digits and `:._-#` only). */
const holdingIdOf = (value: Partial<LeaseValue>): string =>
  typeof value.owner === 'string' && /^[a-zA-Z0-9-]+$/.test(value.owner) ? value.owner : `legacy-${expiryOf(value)}`;

/**
 * Takes the lock under `key` for `seconds`; returns the holding's token, or null while someone
 * else holds it. `now` is this function's clock (epoch ms).
 */
export async function acquireLease(key: string, seconds: number, now: () => number = Date.now): Promise<string | null> {
  const owner = randomUUID();
  const lease = (): LeaseValue => ({ owner, since: new Date(now()).toISOString(), expiresAt: now() + seconds * 1000 });
  const ttl = { value: seconds, unit: 'SECONDS' } as const;
  try {
    await kvs.set(key, lease(), { keyPolicy: 'FAIL_IF_EXISTS', ttl });
    return owner;
  } catch (error) {
    if (!isKeyTaken(error)) throw error;
  }
  const current = await kvs.get<Partial<LeaseValue>>(key);
  if (current === undefined) {
    // Released between our write and our read: one more plain attempt.
    try {
      await kvs.set(key, lease(), { keyPolicy: 'FAIL_IF_EXISTS', ttl });
      return owner;
    } catch (error) {
      if (isKeyTaken(error)) return null;
      throw error;
    }
  }
  if (expiryOf(current) > now()) return null;
  try {
    await kvs.set(
      `${key}:takeover:${holdingIdOf(current)}`,
      { by: owner },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: TICKET_TTL_MINUTES, unit: 'MINUTES' } },
    );
  } catch (error) {
    if (isKeyTaken(error)) return null;
    throw error;
  }
  await kvs.set(key, lease(), { ttl });
  return owner;
}

/**
 * Gives the lock back if this holding still has it. A holding that outlived its expiry may have been
 * taken over; deleting then would free someone else's lock.
 */
export async function releaseLease(key: string, owner: string): Promise<void> {
  const current = await kvs.get<Partial<LeaseValue>>(key);
  if (current?.owner === owner) await kvs.delete(key);
}
