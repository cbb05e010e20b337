import { daysBetween } from './deadlines';

export type ReminderDecision = { action: 'none' } | { action: 'remind' | 'escalate'; daysOverdue: number };

/**
 * Whether today's overdue run should remind the owner, or also the manager. At most one reminder
 * per requirement per day, so a replayed or overlapping run sends nothing twice.
 */
export function overdueReminder(input: {
  dueDate: string | null;
  done: boolean;
  today: string;
  lastRemindedOn: string | null;
  escalateAfterDays: number;
}): ReminderDecision {
  if (input.done || input.dueDate === null || input.dueDate >= input.today) return { action: 'none' };
  if (input.lastRemindedOn !== null && input.lastRemindedOn >= input.today) return { action: 'none' };
  const daysOverdue = daysBetween(input.dueDate, input.today);
  return { action: daysOverdue >= input.escalateAfterDays ? 'escalate' : 'remind', daysOverdue };
}
