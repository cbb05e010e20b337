import {
  DEFAULT_MILESTONES,
  DEFAULT_PLAN_DAYS,
  MAX_CODE_LENGTH,
  MAX_LABEL_LENGTH,
  formatKeyDatesField,
  keyDateReminders,
  MAX_MILESTONES,
  milestoneStatuses,
  nextKeyDate,
  nextMilestone,
  parseKeyDatesField,
  proposedPlan,
  validateKeyDatesInput,
  validateMilestones,
  type KeyDate,
} from '../../../src/domain/key-dates';
import { APP_STRING_MAX_LENGTH } from '../../../src/domain/fields';

const rulesOf = (result: { ok: boolean; violations?: { field: string; rule: string }[] }) =>
  result.ok ? [] : result.violations!.map((violation) => `${violation.field}:${violation.rule}`);

describe('the project milestones (delivery rules)', () => {
  test('the defaults are the source documents’ three, at weeks 1, 3 and 5 of a 6-week plan', () => {
    expect(DEFAULT_MILESTONES.map((milestone) => milestone.label.zh)).toEqual(['需求细化', '开发启动', '测试验收']);
    expect(validateMilestones(DEFAULT_MILESTONES)).toEqual({ ok: true, value: DEFAULT_MILESTONES });
  });

  test('each refusal names the milestone field and the rule', () => {
    expect(rulesOf(validateMilestones('x'))).toEqual(['keyDates:type']);
    expect(rulesOf(validateMilestones([]))).toEqual(['keyDates:required']);
    const seven = Array.from({ length: MAX_MILESTONES + 1 }, (_, index) => ({
      code: `m${index}`,
      label: { en: `M${index}`, zh: `节点${index}` },
      planShare: index * 10,
    }));
    expect(rulesOf(validateMilestones(seven))).toEqual(['keyDates:length']);
    expect(
      rulesOf(
        validateMilestones([
          { code: 'Refine!', label: { en: '', zh: '细化' }, planShare: 10 },
          { code: 'dev', label: { en: 'Dev', zh: 'x'.repeat(MAX_LABEL_LENGTH + 1) }, planShare: 5 },
          { code: 'dev', label: {}, planShare: 120 },
          7,
        ]),
      ),
    ).toEqual([
      'keyDates.0.code:syntax',
      'keyDates.0.label.en:required',
      'keyDates.1.label.zh:length',
      'keyDates.1.planShare:order',
      'keyDates.2.code:unique',
      'keyDates.2.label.en:required',
      'keyDates.2.label.zh:required',
      'keyDates.2.planShare:range',
      'keyDates.3.code:syntax',
      'keyDates.3.label.en:required',
      'keyDates.3.label.zh:required',
      'keyDates.3.planShare:range',
    ]);
  });
});

describe('the Key dates field', () => {
  const dates: KeyDate[] = [
    { code: 'refinement', planned: '2024-05-08', actual: '2024-05-07' },
    { code: 'development', planned: '2024-05-22', actual: null },
    { code: 'acceptance', planned: null, actual: '2024-06-01' },
    { code: 'extra', planned: null, actual: null },
  ];

  test('reads back what it writes, by code; nothing set is empty', () => {
    const text = formatKeyDatesField(dates);
    expect(text).toBe('refinement:2024-05-08/2024-05-07; development:2024-05-22; acceptance:/2024-06-01');
    expect(parseKeyDatesField(text)).toEqual(dates.slice(0, 3));
    expect(formatKeyDatesField([])).toBeNull();
    expect(parseKeyDatesField(null)).toEqual([]);
  });

  test('parts it does not recognise are left out', () => {
    expect(parseKeyDatesField('nonsense; refinement:2024-02-30; dev:2024-05-01/2024-99-01; x:/')).toEqual([
      { code: 'dev', planned: '2024-05-01', actual: null },
    ]);
  });

  test('six milestones with the longest codes and both dates fit a Jira text field', () => {
    const longest = Array.from({ length: MAX_MILESTONES }, (_, index) => ({
      code: `milestone-${index}`.padEnd(MAX_CODE_LENGTH, 'x'),
      planned: '2024-05-08',
      actual: '2024-05-09',
    }));
    expect(formatKeyDatesField(longest)!.length).toBeLessThanOrEqual(APP_STRING_MAX_LENGTH);
  });
});

describe('where the milestones stand', () => {
  const today = '2024-05-20';
  const statuses = milestoneStatuses(
    [
      { code: 'refinement', planned: '2024-05-08', actual: '2024-05-10' },
      { code: 'development', planned: '2024-05-15', actual: null },
      { code: 'gone', planned: '2024-01-01', actual: null },
    ],
    [...DEFAULT_MILESTONES, { code: 'release', label: { en: 'Release', zh: '发布' }, planShare: 100 }],
    today,
  );

  test('done, done late, late, planned and unplanned, in the plan’s order', () => {
    expect(statuses.map((status) => [status.code, status.state, status.daysLate])).toEqual([
      ['refinement', 'done-late', 2],
      ['development', 'late', 5],
      ['acceptance', 'unplanned', 0],
      ['release', 'unplanned', 0],
    ]);
    const onTime = milestoneStatuses(
      [
        { code: 'refinement', planned: '2024-05-08', actual: '2024-05-08' },
        { code: 'development', planned: '2024-05-20', actual: null },
      ],
      DEFAULT_MILESTONES,
      today,
    );
    expect(onTime.map((status) => status.state)).toEqual(['done', 'planned', 'unplanned']);
  });

  test('the next milestone is the open one planned earliest; the field holds its day', () => {
    expect(nextMilestone(statuses)?.code).toBe('development');
    const dates: KeyDate[] = [
      { code: 'acceptance', planned: '2024-06-01', actual: null },
      { code: 'development', planned: '2024-05-25', actual: null },
      { code: 'refinement', planned: '2024-05-01', actual: '2024-05-01' },
    ];
    expect(nextMilestone(milestoneStatuses(dates, DEFAULT_MILESTONES, today))?.code).toBe('development');
    expect(nextKeyDate(dates, DEFAULT_MILESTONES)).toBe('2024-05-25');
    // A later milestone planned before an earlier one (re-planned): the earlier day still comes first.
    expect(
      nextKeyDate(
        [
          { code: 'development', planned: '2024-05-25', actual: null },
          { code: 'acceptance', planned: '2024-05-21', actual: null },
        ],
        DEFAULT_MILESTONES,
      ),
    ).toBe('2024-05-21');
    expect(nextKeyDate([{ code: 'refinement', planned: '2024-05-01', actual: '2024-05-01' }], DEFAULT_MILESTONES)).toBeNull();
    expect(nextMilestone([])).toBeNull();
  });

  test('a late milestone reminds, and escalates from the project’s escalation day', () => {
    expect(keyDateReminders(statuses, 7)).toEqual([
      { code: 'development', planned: '2024-05-15', daysLate: 5, action: 'remind' },
    ]);
    expect(keyDateReminders(statuses, 5)).toEqual([
      { code: 'development', planned: '2024-05-15', daysLate: 5, action: 'escalate' },
    ]);
  });
});

describe('the default plan', () => {
  test('XY2024001: six weeks from acceptance puts the milestones at the ends of weeks 1, 3 and 5', () => {
    expect(proposedPlan('2024-05-01', '2024-06-12', DEFAULT_MILESTONES).map((date) => date.planned)).toEqual([
      '2024-05-08',
      '2024-05-22',
      '2024-06-05',
    ]);
    expect(proposedPlan('2024-05-01', null, DEFAULT_MILESTONES).map((date) => date.planned)).toEqual([
      '2024-05-08',
      '2024-05-22',
      '2024-06-05',
    ]);
    expect(DEFAULT_PLAN_DAYS).toBe(42);
  });

  test('scaled to the grade’s deadline: grade S (30 days) plans days 5, 15 and 25', () => {
    expect(proposedPlan('2024-05-01', '2024-05-31', DEFAULT_MILESTONES).map((date) => date.planned)).toEqual([
      '2024-05-06',
      '2024-05-16',
      '2024-05-26',
    ]);
    // A due date on or before acceptance says nothing about the plan's length.
    expect(proposedPlan('2024-05-01', '2024-04-30', DEFAULT_MILESTONES)[0]!.planned).toBe('2024-05-08');
  });
});

describe('key dates entered on the panel', () => {
  const today = '2024-05-20';

  test('accepted in the plan’s order; empty dates are unset', () => {
    const result = validateKeyDatesInput(
      {
        dates: [
          { code: 'development', planned: '2024-05-22', actual: '' },
          { code: 'refinement', planned: '2024-05-08', actual: '2024-05-20' },
        ],
      },
      DEFAULT_MILESTONES,
      today,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { code: 'refinement', planned: '2024-05-08', actual: '2024-05-20' },
        { code: 'development', planned: '2024-05-22', actual: null },
      ],
    });
  });

  test('refusals name the milestone and the rule: unknown name, twice, not a date, actual in the future', () => {
    expect(rulesOf(validateKeyDatesInput({}, DEFAULT_MILESTONES, today))).toEqual(['keyDates:type']);
    const result = validateKeyDatesInput(
      {
        dates: [
          { code: 'launch', planned: '2024-05-01' },
          { code: 'refinement', planned: '2024-13-01', actual: '2024-05-21' },
          { code: 'refinement', planned: null },
          7,
        ],
      },
      DEFAULT_MILESTONES,
      today,
    );
    expect(rulesOf(result)).toEqual([
      'keyDates.0.code:enum',
      'keyDates.refinement.planned:type',
      'keyDates.refinement.actual:order',
      'keyDates.refinement:unique',
      'keyDates.3.code:enum',
    ]);
    expect(result.ok ? null : result.violations[2]!.params).toEqual({ milestone: 'refinement', limit: today });
  });
});
