import { DEFAULT_FRAMEWORK_SETTINGS, defaultFrameworkVersion, type FrameworkSettings } from '../../../src/domain/framework';
import {
  changedComputedFields,
  EMPTY_COMPUTED,
  EMPTY_INPUTS,
  gradeForTenths,
  MOSCOW_VALUES,
  parseMoscow,
  QUADRANTS,
  readStoredComputed,
  readStoredInputs,
  scoreRequirement,
  THREE_FACTOR_BANDS,
  threeFactorScore,
  validateInputs,
  valueCostQuadrant,
  weightedScore,
  type RequirementInputs,
} from '../../../src/domain/scoring';

const settings = DEFAULT_FRAMEWORK_SETTINGS;
const inputs = (overrides: Partial<RequirementInputs>): RequirementInputs => ({ ...EMPTY_INPUTS, ...overrides });
const factors = (urgency: number, importance: number, feasibility: number, customerValue: number) =>
  inputs({ urgency, importance, feasibility, customerValue });

describe('the source documents worked case', () => {
  const worked = inputs({ urgency: 4, importance: 5, feasibility: 3, customerValue: 5, businessValue: 8, implementationCost: 4 });

  test('weighted score is 4.3 (the document misprints 4.2) and grade A', () => {
    const result = weightedScore(worked, settings);
    expect(result).toMatchObject({ ok: true, value: { hundredths: 430, score: 4.3, grade: 'A' } });
  });

  test('the breakdown shows each factor times its weight', () => {
    const result = weightedScore(worked, settings);
    if (!result.ok) throw new Error('expected a score');
    expect(result.value.breakdown).toEqual([
      { factor: 'urgency', value: 4, weight: 30, hundredths: 120 },
      { factor: 'importance', value: 5, weight: 30, hundredths: 150 },
      { factor: 'feasibility', value: 3, weight: 20, hundredths: 60 },
      { factor: 'customerValue', value: 5, weight: 20, hundredths: 100 },
    ]);
  });

  test('three-factor sum 4 + 5 + 5 = 14 is high', () => {
    expect(threeFactorScore(worked, settings)).toEqual({ ok: true, value: { sum: 14, band: 'high' } });
  });

  test('the score sheet names the framework version it used', () => {
    const framework = { ...defaultFrameworkVersion(new Date('2024-05-01T00:00:00Z')), version: 7 };
    const sheet = scoreRequirement(worked, framework);
    expect(sheet.frameworkVersion).toBe(7);
    expect(sheet.computed).toEqual({
      weightedScore: 4.3,
      priorityGrade: 'A',
      threeFactorScore: 14,
      threeFactorPriority: 'high',
      valueCostQuadrant: 'quick-win',
      frameworkVersion: 7,
    });
  });
});

describe('weighted score and grade boundaries are exact and inclusive', () => {
  test.each([
    // urgency, importance, feasibility, customer value → hundredths, shown score, grade
    [5, 5, 5, 5, 500, 5, 'S'],
    [5, 5, 4, 4, 460, 4.6, 'S'],
    [5, 4, 5, 4, 450, 4.5, 'S'],
    [4, 5, 5, 4, 450, 4.5, 'S'],
    [4, 4, 5, 5, 440, 4.4, 'A'],
    [4, 4, 3, 3, 360, 3.6, 'A'],
    [3, 4, 4, 3, 350, 3.5, 'A'],
    [4, 3, 3, 3, 330, 3.3, 'B'],
    [3, 3, 2, 2, 260, 2.6, 'B'],
    [2, 3, 3, 2, 250, 2.5, 'B'],
    [3, 2, 2, 2, 230, 2.3, 'C'],
    [1, 1, 1, 1, 100, 1, 'C'],
  ])('%i/%i/%i/%i scores %i hundredths, shown as %d, grade %s', (u, i, f, c, hundredths, score, grade) => {
    expect(weightedScore(factors(u, i, f, c), settings)).toMatchObject({ ok: true, value: { hundredths, score, grade } });
  });

  test('rounding is half up in integer arithmetic, and the grade follows the score as shown', () => {
    // 25/25/25/25 weights make quarter steps: 4.25 shows as 4.3, 4.45 cannot occur, so use 15/35/25/25.
    const custom: FrameworkSettings = {
      ...settings,
      weights: { urgency: 15, importance: 35, feasibility: 25, customerValue: 25 },
    };
    // 15*5 + 35*4 + 25*5 + 25*4 = 75 + 140 + 125 + 100 = 440 → 4.4 (A)
    expect(weightedScore(factors(5, 4, 5, 4), custom)).toMatchObject({
      ok: true,
      value: { hundredths: 440, score: 4.4, grade: 'A' },
    });
    // 15*4 + 35*5 + 25*4 + 25*4 = 60 + 175 + 100 + 100 = 435 → 4.4 (half up), grade A
    expect(weightedScore(factors(4, 5, 4, 4), custom)).toMatchObject({
      ok: true,
      value: { hundredths: 435, score: 4.4, grade: 'A' },
    });
    // 15*3 + 35*5 + 25*5 + 25*5 = 45 + 175 + 125 + 125 = 470 → 4.7; 15*5 + 35*5 + 25*4 + 25*4 = 450 → 4.5 (S)
    expect(weightedScore(factors(5, 5, 4, 4), custom)).toMatchObject({
      ok: true,
      value: { hundredths: 450, score: 4.5, grade: 'S' },
    });
    // 15*4 + 35*4 + 25*5 + 25*5 = 60 + 140 + 125 + 125 = 450 → S as well
    expect(weightedScore(factors(4, 4, 5, 5), custom)).toMatchObject({ ok: true, value: { score: 4.5, grade: 'S' } });
    // 15*5 + 35*4 + 25*4 + 25*5 = 75 + 140 + 100 + 125 = 440; 15*3 + 35*5 + 25*4 + 25*5 = 445 → shown 4.5, so S
    expect(weightedScore(factors(3, 5, 4, 5), custom)).toMatchObject({
      ok: true,
      value: { hundredths: 445, score: 4.5, grade: 'S' },
    });
  });

  test('thresholds whose decimal has no exact binary form still compare exactly', () => {
    const awkward: FrameworkSettings = { ...settings, gradeThresholds: { S: 4.3, A: 2.9, B: 0.7 } };
    expect(gradeForTenths(43, awkward)).toBe('S');
    expect(gradeForTenths(42, awkward)).toBe('A');
    expect(gradeForTenths(29, awkward)).toBe('A');
    expect(gradeForTenths(28, awkward)).toBe('B');
    expect(gradeForTenths(7, awkward)).toBe('B');
    expect(gradeForTenths(6, awkward)).toBe('C');
  });

  test('every missing factor is named', () => {
    expect(weightedScore(inputs({ urgency: 4, feasibility: 3 }), settings)).toEqual({
      ok: false,
      violations: [
        { field: 'importance', rule: 'required', message: 'Importance is required for this score.' },
        { field: 'customerValue', rule: 'required', message: 'Customer value is required for this score.' },
      ],
    });
  });
});

describe('three-factor bands', () => {
  test.each([
    [5, 5, 5, 15, 'high'],
    [4, 4, 4, 12, 'high'],
    [4, 4, 3, 11, 'medium'],
    [3, 3, 2, 8, 'medium'],
    [3, 2, 2, 7, 'low'],
    [1, 1, 1, 3, 'low'],
  ])('urgency %i + importance %i + customer value %i = %i is %s', (urgency, importance, customerValue, sum, band) => {
    expect(threeFactorScore(inputs({ urgency, importance, customerValue }), settings)).toEqual({
      ok: true,
      value: { sum, band },
    });
  });

  test('feasibility is not part of the three-factor sum', () => {
    const result = threeFactorScore(inputs({ urgency: 2, importance: 2, feasibility: 5 }), settings);
    expect(result).toEqual({ ok: false, violations: [expect.objectContaining({ field: 'customerValue', rule: 'required' })] });
  });
});

describe('value/cost quadrants split at 6 inclusive', () => {
  test.each([
    [6, 5, 'quick-win'],
    [10, 1, 'quick-win'],
    [6, 6, 'major-project'],
    [9, 10, 'major-project'],
    [5, 5, 'fill-in'],
    [1, 1, 'fill-in'],
    [5, 6, 'avoid'],
    [1, 10, 'avoid'],
  ])('business value %i and implementation cost %i is %s', (businessValue, implementationCost, quadrant) => {
    expect(valueCostQuadrant(inputs({ businessValue, implementationCost }), settings)).toEqual({ ok: true, value: quadrant });
  });

  test('needs both value and cost', () => {
    expect(valueCostQuadrant(inputs({ businessValue: 7 }), settings)).toEqual({
      ok: false,
      violations: [{ field: 'implementationCost', rule: 'required', message: 'Implementation cost is required for this score.' }],
    });
  });
});

describe('input validation names the field and the rule', () => {
  test('valid inputs are canonicalised', () => {
    expect(
      validateInputs(
        { urgency: 4, importance: '', moscow: ' wont ', wontReason: '  Out of scope this year ', businessValue: null },
        settings,
      ),
    ).toEqual({ ok: true, value: inputs({ urgency: 4, moscow: "Won't", wontReason: 'Out of scope this year' }) });
  });

  test.each([
    [{ urgency: 6 }, 'urgency', 'range', 'Urgency must be from 1 to 5 (got 6).'],
    [{ urgency: 0 }, 'urgency', 'range', 'Urgency must be from 1 to 5 (got 0).'],
    [{ importance: 3.5 }, 'importance', 'integer', 'Importance must be a whole number (got 3.5).'],
    [{ feasibility: '3' }, 'feasibility', 'type', 'Feasibility must be a number (got "3").'],
    [{ customerValue: Number.NaN }, 'customerValue', 'type', 'Customer value must be a number (got NaN).'],
    [{ businessValue: 11 }, 'businessValue', 'range', 'Business value must be from 1 to 10 (got 11).'],
    [{ implementationCost: -1 }, 'implementationCost', 'range', 'Implementation cost must be from 1 to 10 (got -1).'],
    [{ moscow: 'Maybe' }, 'moscow', 'enum', `MoSCoW must be one of Must, Should, Could, Won't (got "Maybe").`],
    [{ moscow: 3 }, 'moscow', 'enum', `MoSCoW must be one of Must, Should, Could, Won't (got 3).`],
    [{ moscow: "Won't" }, 'wontReason', 'required', "Won't-have reason is required when MoSCoW is Won't."],
    [
      { moscow: 'Could', wontReason: 'x'.repeat(256) },
      'wontReason',
      'length',
      "Won't-have reason must be at most 255 characters (got 256).",
    ],
    [{ moscow: "Won't", wontReason: '   ' }, 'wontReason', 'required', "Won't-have reason is required."],
    [{ urgency: true }, 'urgency', 'type', 'Urgency must be a number (got true).'],
    [{ urgency: [1] }, 'urgency', 'type', 'Urgency must be a number (got a list).'],
    [{ urgency: { value: 1 } }, 'urgency', 'type', 'Urgency must be a number (got an object).'],
  ])('%j is rejected on %s (%s)', (raw, field, rule, message) => {
    expect(validateInputs(raw, settings)).toEqual({ ok: false, violations: [expect.objectContaining({ field, rule, message })] });
  });

  test('every violation is listed, not only the first', () => {
    const result = validateInputs({ urgency: 9, importance: 2.5, moscow: 'never' }, settings);
    expect(result.ok ? [] : result.violations.map((violation) => violation.field)).toEqual(['urgency', 'importance', 'moscow']);
  });

  test('long strings are shortened in messages', () => {
    const result = validateInputs({ moscow: 'm'.repeat(60) }, settings);
    expect(result.ok ? '' : result.violations[0]?.message).toContain(`"${'m'.repeat(40)}…"`);
  });

  test('a non-object is rejected', () => {
    expect(validateInputs('urgency=4', settings)).toEqual({
      ok: false,
      violations: [{ field: 'inputs', rule: 'required', message: 'Requirement inputs must be an object.' }],
    });
  });

  test('scales come from the framework', () => {
    const wide: FrameworkSettings = { ...settings, factorScale: { min: 0, max: 10 } };
    expect(validateInputs({ urgency: 9 }, wide)).toEqual({ ok: true, value: inputs({ urgency: 9 }) });
  });

  test.each([
    ['Must', 'Must'],
    ['should', 'Should'],
    ['COULD', 'Could'],
    ['Won’t', "Won't"],
    ['won`t', "Won't"],
    ['', undefined],
    [null, undefined],
  ])('MoSCoW %j reads as %j', (raw, expected) => {
    expect(parseMoscow(raw)).toBe(expected);
  });
});

describe('values already stored in Jira', () => {
  test('an invalid stored value counts as blank and is reported, the rest still scores', () => {
    const { inputs: read, problems } = readStoredInputs(
      { urgency: 4, importance: 5, feasibility: 3, customerValue: 5, businessValue: 42, implementationCost: 3 },
      settings,
    );
    expect(read).toEqual(inputs({ urgency: 4, importance: 5, feasibility: 3, customerValue: 5, implementationCost: 3 }));
    expect(problems).toEqual([expect.objectContaining({ field: 'businessValue', rule: 'range' })]);
    const sheet = scoreRequirement(read, defaultFrameworkVersion(new Date(0)));
    expect(sheet.computed).toMatchObject({ weightedScore: 4.3, valueCostQuadrant: null });
  });

  test('a score that needs an invalid stored value is not computable and names the field and the rule it breaks', () => {
    const { inputs: read, problems } = readStoredInputs(
      { urgency: 7, importance: 5, feasibility: 3, customerValue: 5 },
      settings,
    );
    const sheet = scoreRequirement(read, defaultFrameworkVersion(new Date(0)), problems);
    const brokenRule = [
      { field: 'urgency', rule: 'range', message: 'Urgency must be from 1 to 5 (got 7).', params: { min: 1, max: 5, value: 7 } },
    ];
    expect(sheet.weighted).toEqual({ ok: false, violations: brokenRule });
    expect(sheet.threeFactor).toEqual({ ok: false, violations: brokenRule });
    expect(sheet.computed).toEqual(EMPTY_COMPUTED);
    // Without the problems the model still refuses; it then only knows the value is missing.
    expect(weightedScore(read, settings)).toEqual({
      ok: false,
      violations: [expect.objectContaining({ field: 'urgency', rule: 'required' })],
    });
  });

  test('no model scores with a value outside the scale of the framework it scores with', () => {
    const narrow: FrameworkSettings = { ...settings, factorScale: { min: 1, max: 3 }, valueCostScale: { min: 1, max: 5 } };
    expect(weightedScore(factors(4, 3, 3, 3), narrow)).toEqual({
      ok: false,
      violations: [expect.objectContaining({ field: 'urgency', rule: 'range', params: { min: 1, max: 3, value: 4 } })],
    });
    expect(threeFactorScore(factors(3, 3, 3, 5), narrow)).toEqual({
      ok: false,
      violations: [expect.objectContaining({ field: 'customerValue', rule: 'range' })],
    });
    expect(valueCostQuadrant(inputs({ businessValue: 6, implementationCost: 2 }), narrow)).toEqual({
      ok: false,
      violations: [expect.objectContaining({ field: 'businessValue', rule: 'range' })],
    });
    expect(valueCostQuadrant(inputs({ businessValue: 5, implementationCost: 2 }), narrow)).toEqual({
      ok: true,
      value: 'fill-in',
    });
  });

  test('unrecognised computed values read as absent', () => {
    expect(
      readStoredComputed({
        weightedScore: '4.3',
        priorityGrade: 'X',
        threeFactorScore: Number.POSITIVE_INFINITY,
        threeFactorPriority: 'high',
        valueCostQuadrant: 'avoid',
        frameworkVersion: 2,
      }),
    ).toEqual({ ...EMPTY_COMPUTED, threeFactorPriority: 'high', valueCostQuadrant: 'avoid', frameworkVersion: 2 });
  });
});

describe('computed fields and what to write', () => {
  test('with no inputs nothing is scored and no version is claimed', () => {
    expect(scoreRequirement(EMPTY_INPUTS, defaultFrameworkVersion(new Date(0))).computed).toEqual(EMPTY_COMPUTED);
  });

  test('a partly scored requirement names the version', () => {
    const sheet = scoreRequirement(inputs({ businessValue: 2, implementationCost: 9 }), defaultFrameworkVersion(new Date(0)));
    expect(sheet.computed).toEqual({ ...EMPTY_COMPUTED, valueCostQuadrant: 'avoid', frameworkVersion: 1 });
  });

  test('only changed fields are written; unchanged means nothing', () => {
    const sheet = scoreRequirement(factors(4, 5, 3, 5), defaultFrameworkVersion(new Date(0)));
    expect(changedComputedFields(sheet.computed, sheet.computed)).toEqual([]);
    expect(changedComputedFields(EMPTY_COMPUTED, sheet.computed)).toEqual([
      'weightedScore',
      'priorityGrade',
      'threeFactorScore',
      'threeFactorPriority',
      'frameworkVersion',
    ]);
  });
});

test('the models name their categories in a fixed order', () => {
  expect(MOSCOW_VALUES).toEqual(['Must', 'Should', 'Could', "Won't"]);
  expect(THREE_FACTOR_BANDS).toEqual(['high', 'medium', 'low']);
  expect(QUADRANTS).toEqual(['quick-win', 'major-project', 'fill-in', 'avoid']);
});
