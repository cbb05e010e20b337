import { overdueReminder } from '../../../../src/domain/delivery/reminders';

test('one reminder per day, the manager after the configured number of days, nothing when done or not due', () => {
  const base = { dueDate: '2026-11-20', done: false, today: '2026-11-23', lastRemindedOn: null, escalateAfterDays: 5 };
  expect(overdueReminder(base)).toEqual({ action: 'remind', daysOverdue: 3 });
  expect(overdueReminder({ ...base, lastRemindedOn: '2026-11-23' })).toEqual({ action: 'none' });
  expect(overdueReminder({ ...base, lastRemindedOn: '2026-11-22' })).toEqual({ action: 'remind', daysOverdue: 3 });
  expect(overdueReminder({ ...base, today: '2026-11-26' })).toEqual({ action: 'escalate', daysOverdue: 6 });
  expect(overdueReminder({ ...base, done: true })).toEqual({ action: 'none' });
  expect(overdueReminder({ ...base, dueDate: null })).toEqual({ action: 'none' });
  expect(overdueReminder({ ...base, dueDate: '2026-11-23' })).toEqual({ action: 'none' });
});
