import {
  CUSTOMER_TYPES,
  suggestedCustomerValue,
  withDefaultSettings,
  createNextFrameworkVersion,
  DEFAULT_FRAMEWORK_SETTINGS,
  defaultFrameworkVersion,
  MAX_SCALE_BOUND,
  SYSTEM_AUTHOR,
  validateFrameworkSettings,
  type FrameworkSettings,
} from '../../../src/domain/framework';
import { ValidationError } from '../../../src/domain/result';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | unknown : unknown };

function withChanges(changes: DeepPartial<FrameworkSettings>): Record<string, unknown> {
  const copy = structuredClone(DEFAULT_FRAMEWORK_SETTINGS) as unknown as Record<string, Record<string, unknown>>;
  for (const [section, value] of Object.entries(changes)) {
    copy[section] =
      value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...copy[section], ...value } : (value as never);
  }
  return copy;
}

const fieldsOf = (candidate: unknown) => {
  const result = validateFrameworkSettings(candidate);
  return result.ok ? [] : result.violations.map((violation) => `${violation.field}:${violation.rule}`);
};

describe('the default framework', () => {
  test('has the documented values and is valid', () => {
    expect(DEFAULT_FRAMEWORK_SETTINGS).toEqual({
      weights: { urgency: 30, importance: 30, feasibility: 20, customerValue: 20 },
      factorScale: { min: 1, max: 5 },
      gradeThresholds: { S: 4.5, A: 3.5, B: 2.5 },
      threeFactorBands: { high: 12, medium: 8 },
      valueCostScale: { min: 1, max: 10 },
      quadrantSplit: { highValueFrom: 6, highCostFrom: 6 },
      deadlineDays: { S: 30, A: 60, B: 90, C: null },
      customerTypeValue: { strategic: 5, key: 4, regular: 3, new: 2, churnRisk: 3 },
    });
    expect(validateFrameworkSettings(DEFAULT_FRAMEWORK_SETTINGS)).toEqual({ ok: true, value: DEFAULT_FRAMEWORK_SETTINGS });
  });

  test('version 1 has a number, date, author and note, and is a copy', () => {
    const version = defaultFrameworkVersion(new Date('2026-11-23T08:00:00Z'));
    expect(version).toMatchObject({ version: 1, createdAt: '2026-11-23T08:00:00.000Z', author: SYSTEM_AUTHOR });
    expect(version.note).toMatch(/30\/30\/20\/20/);
    version.settings.weights.urgency = 99;
    expect(DEFAULT_FRAMEWORK_SETTINGS.weights.urgency).toBe(30);
  });
});

describe('an invalid framework is rejected with every violation listed', () => {
  test.each([
    ['weights not summing to 100', { weights: { urgency: 40 } }, ['weights:sum']],
    [
      'a fractional weight',
      { weights: { importance: 29.5, feasibility: 20.5 } },
      ['weights.importance:integer', 'weights.feasibility:integer'],
    ],
    ['a negative weight', { weights: { urgency: -10, importance: 70 } }, ['weights.urgency:range']],
    ['a missing weight', { weights: { urgency: undefined } }, ['weights.urgency:required']],
    ['a factor scale upside down', { factorScale: { min: 5, max: 1 } }, ['factorScale.max:order']],
    ['a scale with equal ends', { valueCostScale: { min: 3, max: 3 } }, ['valueCostScale.max:order']],
    ['a scale with a non-number', { factorScale: { min: 'one' } }, ['factorScale.min:type']],
    ['grade thresholds out of order', { gradeThresholds: { S: 3.5, A: 4.5 } }, ['gradeThresholds.A:order']],
    ['B not below A', { gradeThresholds: { A: 2.5, B: 2.5 } }, ['gradeThresholds.B:order']],
    ['a threshold with two decimals', { gradeThresholds: { S: 4.55 } }, ['gradeThresholds.S:one-decimal']],
    ['a threshold outside the scale', { gradeThresholds: { S: 5.5 } }, ['gradeThresholds.S:range']],
    ['a missing threshold', { gradeThresholds: { B: null } }, ['gradeThresholds.B:required']],
    ['a threshold that is text', { gradeThresholds: { A: '3.5' } }, ['gradeThresholds.A:type']],
    ['bands out of order', { threeFactorBands: { high: 8, medium: 12 } }, ['threeFactorBands.medium:order']],
    ['a band beyond three times the scale', { threeFactorBands: { high: 16 } }, ['threeFactorBands.high:range']],
    ['a quadrant split at the scale minimum', { quadrantSplit: { highValueFrom: 1 } }, ['quadrantSplit.highValueFrom:range']],
    ['a quadrant split beyond the scale', { quadrantSplit: { highCostFrom: 11 } }, ['quadrantSplit.highCostFrom:range']],
    ['deadlines out of order', { deadlineDays: { S: 90, A: 60 } }, ['deadlineDays.A:order']],
    ['a deadline of zero days', { deadlineDays: { B: 0 } }, ['deadlineDays.B:range']],
    ['a deadline that is missing rather than empty', { deadlineDays: { C: undefined } }, ['deadlineDays.C:required']],
    [
      'a customer type worth more than the factor scale',
      { customerTypeValue: { strategic: 6 } },
      ['customerTypeValue.strategic:range'],
    ],
    ['a customer type worth a fraction', { customerTypeValue: { churnRisk: 3.5 } }, ['customerTypeValue.churnRisk:integer']],
    [
      'a section that is not an object',
      { weights: [30, 30, 20, 20] },
      [
        'weights:required',
        'weights.urgency:required',
        'weights.importance:required',
        'weights.feasibility:required',
        'weights.customerValue:required',
      ],
    ],
  ])('%s', (_case, changes, expected) => {
    expect(fieldsOf(withChanges(changes as DeepPartial<FrameworkSettings>))).toEqual(expected);
  });

  test('a deadline missing for a grade says how to leave it empty', () => {
    const result = validateFrameworkSettings(withChanges({ deadlineDays: { A: undefined } }));
    expect(result.ok ? '' : result.violations[0]?.message).toBe('Deadline for grade A must be a number of days or empty.');
  });

  test(`a scale stays within 0 to ${MAX_SCALE_BOUND}, the whole numbers the manifest lets Jira store`, () => {
    expect(
      fieldsOf(
        withChanges({
          factorScale: { min: 0, max: MAX_SCALE_BOUND },
          gradeThresholds: { S: 90, A: 60, B: 30 },
          threeFactorBands: { high: 200, medium: 100 },
          customerTypeValue: {},
        }),
      ),
    ).toEqual([]);
    expect(fieldsOf(withChanges({ valueCostScale: { min: 1, max: MAX_SCALE_BOUND + 1 } }))).toEqual(['valueCostScale.max:range']);
  });

  test('thresholds are checked against a wide scale when the scale itself is broken', () => {
    expect(
      fieldsOf(
        withChanges({
          factorScale: { min: 9, max: 2 },
          gradeThresholds: { S: 50, A: 40, B: 30 },
          threeFactorBands: { high: 200, medium: 100 },
          customerTypeValue: { strategic: 99 },
        }),
      ),
    ).toEqual(['factorScale.max:order']);
    expect(fieldsOf(withChanges({ valueCostScale: { max: -1 }, quadrantSplit: { highValueFrom: 50 } }))).toEqual([
      'valueCostScale.max:range',
    ]);
  });

  test('several problems at once are all reported', () => {
    expect(
      fieldsOf(
        withChanges({ weights: { urgency: 50 }, factorScale: { min: 5, max: 1 }, deadlineDays: { S: 100, A: 50, B: 10 } }),
      ),
    ).toEqual(['weights:sum', 'factorScale.max:order', 'deadlineDays.A:order', 'deadlineDays.B:order']);
  });

  test('messages name the field and the rule', () => {
    const result = validateFrameworkSettings(withChanges({ weights: { urgency: 40 }, gradeThresholds: { S: 3, A: 4, B: 4 } }));
    expect(result.ok ? [] : result.violations.map((violation) => violation.message)).toEqual([
      'Weights must add up to 100 % (they add up to 110 %).',
      'Grade A threshold must be lower than grade S threshold.',
      'Grade B threshold must be lower than grade A threshold.',
    ]);
  });

  test('a non-object is rejected', () => {
    expect(fieldsOf(null)).toEqual(['settings:required']);
  });

  test('a missing section is named', () => {
    const { deadlineDays: _dropped, ...rest } = DEFAULT_FRAMEWORK_SETTINGS;
    const result = validateFrameworkSettings(rest);
    expect(result.ok ? [] : result.violations.map((violation) => violation.message)).toEqual([
      'deadlineDays must be an object (got nothing).',
      'Deadline for grade S must be a number of days or empty.',
      'Deadline for grade A must be a number of days or empty.',
      'Deadline for grade B must be a number of days or empty.',
      'Deadline for grade C must be a number of days or empty.',
    ]);
  });

  test('stray properties are dropped', () => {
    const result = validateFrameworkSettings({
      ...withChanges({}),
      __proto__extra: 1,
      weights: { ...DEFAULT_FRAMEWORK_SETTINGS.weights, bonus: 5 },
    });
    expect(result).toEqual({ ok: true, value: DEFAULT_FRAMEWORK_SETTINGS });
  });
});

describe('versions', () => {
  const author = { accountId: 'acc-admin', displayName: 'Ada Admin' };
  const previous = defaultFrameworkVersion(new Date('2026-01-01T00:00:00Z'));

  test('a new version follows the previous number and records date, author and note', () => {
    const settings = withChanges({ weights: { urgency: 40, importance: 20 } });
    const result = createNextFrameworkVersion({
      previous,
      settings,
      author,
      note: '  Urgency matters more  ',
      now: new Date('2026-11-23T10:00:00Z'),
    });
    expect(result).toEqual({
      ok: true,
      value: {
        version: 2,
        createdAt: '2026-11-23T10:00:00.000Z',
        author,
        note: 'Urgency matters more',
        settings: { ...DEFAULT_FRAMEWORK_SETTINGS, weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 } },
      },
    });
  });

  test('a project override names its project and continues the one version sequence', () => {
    const result = createNextFrameworkVersion({
      previous,
      projectKey: 'REQ',
      settings: DEFAULT_FRAMEWORK_SETTINGS,
      author,
      note: 'REQ weighs urgency more',
      now: new Date(0),
    });
    expect(result.ok && [result.value.version, result.value.projectKey]).toEqual([2, 'REQ']);
  });

  test('the first stored version is number 1', () => {
    const result = createNextFrameworkVersion({
      previous: undefined,
      settings: DEFAULT_FRAMEWORK_SETTINGS,
      author,
      note: 'Initial',
      now: new Date(0),
    });
    expect(result.ok && result.value.version).toBe(1);
  });

  test('a missing note and invalid settings are reported together', () => {
    const result = createNextFrameworkVersion({
      previous,
      settings: withChanges({ weights: { urgency: 0 } }),
      author,
      note: '',
      now: new Date(0),
    });
    expect(result.ok ? [] : result.violations.map((violation) => `${violation.field}:${violation.rule}`)).toEqual([
      'weights:sum',
      'note:required',
    ]);
  });

  test('a note that is too long is rejected', () => {
    const result = createNextFrameworkVersion({
      previous,
      settings: DEFAULT_FRAMEWORK_SETTINGS,
      author,
      note: 'n'.repeat(501),
      now: new Date(0),
    });
    expect(result.ok ? [] : result.violations.map((violation) => `${violation.field}:${violation.rule}`)).toEqual([
      'note:length',
    ]);
  });
});

test('ValidationError carries the violations and joins their messages', () => {
  const error = new ValidationError([
    { field: 'urgency', rule: 'range', message: 'Urgency must be from 1 to 5 (got 6).' },
    { field: 'moscow', rule: 'enum', message: 'MoSCoW must be one of Must, Should, Could, Won\'t (got "x").' },
  ]);
  expect(error.name).toBe('ValidationError');
  expect(error.violations).toHaveLength(2);
  expect(error.message).toBe('Urgency must be from 1 to 5 (got 6). MoSCoW must be one of Must, Should, Could, Won\'t (got "x").');
});

describe('customer types', () => {
  test('the suggested customer value is the highest any linked customer type gives', () => {
    expect(CUSTOMER_TYPES).toEqual(['strategic', 'key', 'regular', 'new', 'churnRisk']);
    expect(suggestedCustomerValue(['new', 'key', 'regular'], DEFAULT_FRAMEWORK_SETTINGS)).toBe(4);
    expect(suggestedCustomerValue(['strategic'], DEFAULT_FRAMEWORK_SETTINGS)).toBe(5);
    expect(suggestedCustomerValue([], DEFAULT_FRAMEWORK_SETTINGS)).toBeNull();
  });

  test("a version stored before a setting existed reads with that setting's default", () => {
    const stored = defaultFrameworkVersion(new Date(0));
    const { customerTypeValue: _missing, ...older } = stored.settings;
    const read = withDefaultSettings({ ...stored, settings: older as typeof stored.settings });
    expect(read.settings).toEqual(DEFAULT_FRAMEWORK_SETTINGS);
    expect(withDefaultSettings(stored)).toEqual(stored);
  });
});
