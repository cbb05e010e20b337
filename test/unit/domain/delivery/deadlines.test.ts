import {
  addDays,
  dayInZone,
  daysBetween,
  dueDateForGrade,
  dueDateProposal,
  needsReview,
  reviewDueBefore,
  type AcceptedRecord,
} from '../../../../src/domain/delivery/deadlines';
import type { Grade } from '../../../../src/domain/framework';

const deadlineDays: Record<Grade, number | null> = { S: 30, A: 60, B: 90, C: null };
const accepted: AcceptedRecord = { on: '2024-05-16', grade: 'A', dueDate: '2024-07-15' };
const base = {
  accepted,
  keptForGrade: undefined,
  grade: 'S' as Grade | null,
  dueDate: '2024-07-15' as string | null,
  done: false,
  deadlineDays,
};

describe('moving the due date after a grade change', () => {
  test('A → S offers the deadline for S from the acceptance day', () => {
    expect(dueDateProposal(base)).toEqual({ fromGrade: 'A', toGrade: 'S', from: '2024-07-15', to: '2024-06-15' });
    expect(dueDateProposal({ ...base, grade: 'B' })).toEqual({
      fromGrade: 'A',
      toGrade: 'B',
      from: '2024-07-15',
      to: '2024-08-14',
    });
  });

  test('nothing to offer when the grade is the one the due date came from', () => {
    expect(dueDateProposal({ ...base, grade: 'A' })).toBeNull();
  });

  test('a due date a person chose is theirs: no offer', () => {
    expect(dueDateProposal({ ...base, dueDate: '2024-07-01' })).toBeNull();
    expect(dueDateProposal({ ...base, dueDate: null })).toBeNull();
    expect(dueDateProposal({ ...base, accepted: { ...accepted, dueDate: null } })).toBeNull();
  });

  test('no offer before acceptance, once done, without a grade, or for a grade without a deadline', () => {
    expect(dueDateProposal({ ...base, accepted: undefined })).toBeNull();
    expect(dueDateProposal({ ...base, done: true })).toBeNull();
    expect(dueDateProposal({ ...base, grade: null })).toBeNull();
    expect(dueDateProposal({ ...base, grade: 'C' })).toBeNull();
  });

  test('no offer when the new deadline gives the same day', () => {
    expect(dueDateProposal({ ...base, deadlineDays: { ...deadlineDays, S: 60 } })).toBeNull();
  });

  test('"Keep" for a grade is not asked again for that grade, but is for another', () => {
    expect(dueDateProposal({ ...base, keptForGrade: 'S' })).toBeNull();
    expect(dueDateProposal({ ...base, keptForGrade: 'S', grade: 'B' })).toMatchObject({ toGrade: 'B' });
  });

  test('an acceptance without a grade offers nothing', () => {
    expect(dueDateProposal({ ...base, accepted: { on: '2024-05-16', grade: null, dueDate: null } })).toBeNull();
  });
});

test('review is due for what was last reviewed before the cut-off day', () => {
  expect(reviewDueBefore('2026-11-23', 30)).toBe('2026-10-25');
  expect(reviewDueBefore('2026-03-01', 1)).toBe('2026-03-01');
});

describe('dayInZone: the site calendar day of an instant', () => {
  test.each([
    ['2024-05-02T15:59:59Z', 'Asia/Shanghai', '2024-05-02'],
    ['2024-05-02T16:00:00Z', 'Asia/Shanghai', '2024-05-03'],
    ['2024-05-03T04:59:59Z', 'America/Bogota', '2024-05-02'],
    ['2024-05-03T05:00:00Z', 'America/Bogota', '2024-05-03'],
    ['2024-05-02T23:30:00Z', 'UTC', '2024-05-02'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(dayInZone(new Date(instant), zone)).toBe(day);
  });

  test('no zone, or one the runtime does not know, counts as UTC', () => {
    expect(dayInZone(new Date('2024-05-02T23:30:00Z'), null)).toBe('2024-05-02');
    expect(dayInZone(new Date('2024-05-02T23:30:00Z'), 'Mars/Olympus_Mons')).toBe('2024-05-02');
  });
});

test('the due date follows the grade from the day of acceptance; C has none', () => {
  expect(dueDateForGrade('2026-11-23', 'A', deadlineDays)).toBe('2027-01-22');
  expect(dueDateForGrade('2026-11-23', 'C', deadlineDays)).toBeNull();
  expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  expect(daysBetween('2026-11-20', '2026-11-23')).toBe(3);
});

test('the monthly review lists open requirements not re-scored for 30 days', () => {
  const base = { createdOn: '2026-01-05', done: false, today: '2026-11-23', days: 30 };
  // 30 full days since the last review: due; 29: not yet.
  expect(needsReview({ ...base, lastReviewedOn: '2026-10-24' })).toBe(true);
  expect(needsReview({ ...base, lastReviewedOn: '2026-10-25' })).toBe(false);
  expect(needsReview({ ...base, lastReviewedOn: '2026-11-23' })).toBe(false);
  // Never reviewed: counted from the day it was created.
  expect(needsReview({ ...base, lastReviewedOn: null })).toBe(true);
  expect(needsReview({ ...base, lastReviewedOn: null, createdOn: '2026-10-25' })).toBe(false);
  expect(needsReview({ ...base, lastReviewedOn: null, done: true })).toBe(false);
  expect(needsReview({ ...base, lastReviewedOn: '2026-11-21', days: 2 })).toBe(true);
});
