import { kvs } from '@forge/kvs';
import { storageKeys } from './keys';

/**
 * Claims the day's reminder for an issue: true for the first run that asks, false for every later
 * or overlapping one. Written with FAIL_IF_EXISTS, so two runs cannot both win; it expires after a
 * few days.
 */
export async function claimReminderDay(issueId: string, day: string): Promise<boolean> {
  const key = storageKeys.overdueReminder(issueId, day);
  try {
    await kvs.set(key, { at: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 3, unit: 'DAYS' } });
    return true;
  } catch (error) {
    if ((await kvs.get(key)) !== undefined) return false;
    throw error;
  }
}

/** Gives the day back when the reminder could not be sent, so a later run sends it. */
export async function releaseReminderDay(issueId: string, day: string): Promise<void> {
  await kvs.delete(storageKeys.overdueReminder(issueId, day));
}
