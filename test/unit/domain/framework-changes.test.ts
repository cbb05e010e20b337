import { DEFAULT_FRAMEWORK_SETTINGS, defaultFrameworkVersion, type FrameworkSettings } from '../../../src/domain/framework';
import { diffFrameworkSettings, previewRescoring } from '../../../src/domain/framework-changes';
import { EMPTY_INPUTS, type RequirementInputs } from '../../../src/domain/scoring';

const current = defaultFrameworkVersion(new Date('2026-01-01T00:00:00Z'));
const settings = (changes: Partial<FrameworkSettings>): FrameworkSettings => ({
  ...structuredClone(DEFAULT_FRAMEWORK_SETTINGS),
  ...changes,
});
const inputs = (values: Partial<RequirementInputs>): RequirementInputs => ({ ...EMPTY_INPUTS, ...values });

describe('diff of two frameworks', () => {
  test('lists exactly the settings that differ, in the framework order', () => {
    const after = settings({
      weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
      deadlineDays: { S: 30, A: 60, B: 90, C: 180 },
    });
    expect(diffFrameworkSettings(DEFAULT_FRAMEWORK_SETTINGS, after)).toEqual([
      { setting: 'weights.urgency', before: 30, after: 40 },
      { setting: 'weights.importance', before: 30, after: 20 },
      { setting: 'deadlineDays.C', before: null, after: 180 },
    ]);
  });

  test('identical frameworks have no differences', () => {
    expect(diffFrameworkSettings(DEFAULT_FRAMEWORK_SETTINGS, settings({}))).toEqual([]);
  });
});

describe('preview of a framework change', () => {
  const requirements = [
    // 4/5/3/5 → 4.3 (A); with S from 4.3 it becomes S
    {
      key: 'REQ-1',
      inputs: inputs({ urgency: 4, importance: 5, feasibility: 3, customerValue: 5, businessValue: 8, implementationCost: 4 }),
    },
    // 3/4/4/3 → 3.5 (A); stays A
    {
      key: 'REQ-2',
      inputs: inputs({ urgency: 3, importance: 4, feasibility: 4, customerValue: 3, businessValue: 6, implementationCost: 6 }),
    },
    // 4/4/5/5 → 4.4 (A) → S
    { key: 'REQ-3', inputs: inputs({ urgency: 4, importance: 4, feasibility: 5, customerValue: 5 }) },
    // no factors: never graded
    { key: 'REQ-4', inputs: inputs({ businessValue: 2, implementationCost: 9 }) },
  ];

  test('counts grade moves such as "2 A to S" and lists the requirements that move', () => {
    const preview = previewRescoring(requirements, current, settings({ gradeThresholds: { S: 4.3, A: 3.5, B: 2.5 } }));
    expect(preview.total).toBe(4);
    expect(preview.gradeMoves).toEqual([{ from: 'A', to: 'S', count: 2 }]);
    expect(preview.quadrantMoves).toEqual([]);
    expect(preview.changes.map((change) => [change.key, change.grade.from, change.grade.to])).toEqual([
      ['REQ-1', 'A', 'S'],
      ['REQ-3', 'A', 'S'],
    ]);
  });

  test('moves from the same grade are ordered by the grade they reach', () => {
    const preview = previewRescoring(requirements, current, settings({ gradeThresholds: { S: 4.3, A: 3.6, B: 2.5 } }));
    expect(preview.gradeMoves).toEqual([
      { from: 'A', to: 'S', count: 2 },
      { from: 'A', to: 'B', count: 1 },
    ]);
  });

  test('quadrant moves follow the split, moves are ordered by category', () => {
    const preview = previewRescoring(
      requirements,
      current,
      settings({ quadrantSplit: { highValueFrom: 9, highCostFrom: 3 }, gradeThresholds: { S: 4.8, A: 4.4, B: 3.5 } }),
    );
    expect(preview.quadrantMoves).toEqual([
      { from: 'quick-win', to: 'avoid', count: 1 },
      { from: 'major-project', to: 'avoid', count: 1 },
    ]);
    expect(preview.gradeMoves).toEqual([{ from: 'A', to: 'B', count: 2 }]);
  });

  test('the top score stays S at a threshold of 5, and a requirement without factors never moves', () => {
    const preview = previewRescoring(
      [{ key: 'REQ-9', inputs: inputs({ urgency: 5, importance: 5, feasibility: 5, customerValue: 5 }) }, ...requirements],
      current,
      settings({ gradeThresholds: { S: 5, A: 4.4, B: 3.5 } }),
    );
    expect(preview.gradeMoves).toEqual([{ from: 'A', to: 'B', count: 2 }]);
    const unchanged = previewRescoring([{ key: 'REQ-4', inputs: requirements[3]!.inputs }], current, DEFAULT_FRAMEWORK_SETTINGS);
    expect(unchanged).toEqual({ total: 1, gradeMoves: [], quadrantMoves: [], scoreChanges: 0, changes: [] });
  });

  test('a weight change lists score changes with the scores before and after, also where the grade stays', () => {
    // 4/5/3/5 with weights 40/30/10/20: 1.6 + 1.5 + 0.3 + 1.0 = 4.4 (stays A); 3/4/4/3: 1.2 + 1.2 + 0.4 + 0.6 = 3.4 (A → B)
    const preview = previewRescoring(
      requirements,
      current,
      settings({ weights: { urgency: 40, importance: 30, feasibility: 10, customerValue: 20 } }),
    );
    expect(preview.scoreChanges).toBe(3);
    expect(
      preview.changes.map((change) => [change.key, change.score.from, change.score.to, change.grade.from, change.grade.to]),
    ).toEqual([
      ['REQ-1', 4.3, 4.4, 'A', 'A'],
      ['REQ-2', 3.5, 3.4, 'A', 'B'],
      ['REQ-3', 4.4, 4.3, 'A', 'A'],
    ]);
    expect(preview.gradeMoves).toEqual([{ from: 'A', to: 'B', count: 1 }]);
  });
});
