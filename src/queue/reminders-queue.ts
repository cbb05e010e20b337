import { Queue } from '@forge/events';

/** The Forge queue that carries the rest of a reminder run when one invocation's time is up. */
export const REMINDERS_QUEUE_KEY = 'reminders';

/** Where a reminder run goes on: the phase, the last issue id (project id for the customer review) it finished, and the run's Jira time. */
export interface ReminderContinuation {
  phase: 'overdue' | 'done' | 'key-dates' | 'customer-review';
  afterId: number | null;
  now: string;
  /** The site's default time zone when the run started, so every part of it has the same day. */
  timeZone: string | null;
}

export type PushReminderContinuation = (event: ReminderContinuation) => Promise<void>;

export const pushReminderContinuation: PushReminderContinuation = async (event) => {
  await new Queue({ key: REMINDERS_QUEUE_KEY }).push([{ body: { ...event } }]);
};
