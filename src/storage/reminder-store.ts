import { kvs } from '@forge/kvs';
import { storageKeys } from './keys';

/** What a reminder is about: an overdue requirement, a notice to the customer not given in 24 h, a follow-up due or overdue. */
export type ReminderKind = 'overdue' | 'notice-overdue' | 'follow-up-due' | 'follow-up-overdue';

/**
 * Claims one reminder: true for the first run that asks for this kind, issue and period (a day,
 * or a closure round for reminders sent once), false for every later or overlapping one. Written
 * with FAIL_IF_EXISTS, so two runs cannot both win; it expires after `ttlDays`.
 */
export async function claimReminder(kind: ReminderKind, issueId: string, period: string, ttlDays = 3): Promise<boolean> {
  const key = storageKeys.reminder(kind, issueId, period);
  try {
    await kvs.set(key, { at: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: ttlDays, unit: 'DAYS' } });
    return true;
  } catch (error) {
    if ((await kvs.get(key)) !== undefined) return false;
    throw error;
  }
}

/** Gives the claim back when the reminder could not be sent, so a later run sends it. */
export async function releaseReminder(kind: ReminderKind, issueId: string, period: string): Promise<void> {
  await kvs.delete(storageKeys.reminder(kind, issueId, period));
}
