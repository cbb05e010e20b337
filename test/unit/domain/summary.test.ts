import {
  DUPLICATE_RESOLUTION,
  isClosedDuplicate,
  MAX_OVERDUE_ROWS,
  MAX_TOP,
  overdueRequirements,
  summariseRequirements,
  topByWeightedScore,
  type SummarisedRequirement,
} from '../../../src/domain/summary';

const requirement = (
  key: string,
  values: Partial<SummarisedRequirement['computed']> & {
    moscow?: SummarisedRequirement['inputs']['moscow'];
    dueDate?: string;
    done?: boolean;
  } = {},
): SummarisedRequirement => ({
  key,
  statusCategory: values.done ? 'done' : 'indeterminate',
  dueDate: values.dueDate ?? null,
  inputs: { moscow: values.moscow ?? null },
  computed: {
    weightedScore: values.weightedScore ?? null,
    threeFactorScore: values.threeFactorScore ?? null,
    priorityGrade: values.priorityGrade ?? null,
    threeFactorPriority: values.threeFactorPriority ?? null,
    valueCostQuadrant: values.valueCostQuadrant ?? null,
  },
});

describe('top requirements by weighted score', () => {
  test('best first; ties go to the three-factor score, then the key in numeric order; unscored left out', () => {
    const rows = [
      requirement('REQ-10', { weightedScore: 4.3, threeFactorScore: 12 }),
      requirement('REQ-2', { weightedScore: 4.3, threeFactorScore: 12 }),
      requirement('REQ-3', { weightedScore: 4.3, threeFactorScore: 14 }),
      requirement('REQ-4', { weightedScore: 4.3 }),
      requirement('REQ-5', { weightedScore: 4.3 }),
      requirement('REQ-6', { weightedScore: 2.1 }),
      requirement('REQ-7'),
    ];
    expect(topByWeightedScore(rows, 10).map((row) => row.key)).toEqual(['REQ-3', 'REQ-2', 'REQ-10', 'REQ-4', 'REQ-5', 'REQ-6']);
    expect(topByWeightedScore(rows, 2).map((row) => row.key)).toEqual(['REQ-3', 'REQ-2']);
  });
});

describe('overdue requirements', () => {
  test('due before today and not done, the most overdue first', () => {
    const rows = [
      requirement('REQ-1', { dueDate: '2026-11-20' }),
      requirement('REQ-2', { dueDate: '2026-11-23' }),
      requirement('REQ-3', { dueDate: '2026-10-01', done: true }),
      requirement('REQ-4', { dueDate: '2026-11-01' }),
      requirement('REQ-5', { dueDate: '2026-11-01' }),
      requirement('REQ-6'),
    ];
    expect(overdueRequirements(rows, '2026-11-23').map((row) => row.key)).toEqual(['REQ-4', 'REQ-5', 'REQ-1']);
  });
});

describe('summary for the gadgets', () => {
  test('counts every dimension, the unscored, the not feasible, the top N and the overdue', () => {
    const rows = [
      requirement('REQ-1', {
        weightedScore: 4.3,
        priorityGrade: 'A',
        threeFactorPriority: 'high',
        valueCostQuadrant: 'quick-win',
        moscow: 'Must',
        dueDate: '2026-01-01',
      }),
      requirement('REQ-2', {
        weightedScore: 4.6,
        priorityGrade: 'S',
        threeFactorPriority: 'medium',
        valueCostQuadrant: 'major-project',
        moscow: 'Should',
      }),
      {
        ...requirement('REQ-3', { moscow: "Won't", dueDate: '2026-01-01', done: true }),
        feasibility: { notFeasible: ['compliance'] },
      },
      { ...requirement('REQ-4'), feasibility: { notFeasible: [] } },
    ];
    const summary = summariseRequirements(rows, { topN: 1, today: '2026-11-23' });
    expect(summary).toEqual({
      total: 4,
      closedDuplicates: 0,
      unscored: 2,
      byGrade: { S: 1, A: 1, B: 0, C: 0 },
      byBand: { high: 1, medium: 1, low: 0 },
      byQuadrant: { 'quick-win': 1, 'major-project': 1, 'fill-in': 0, avoid: 0 },
      byMoscow: { Must: 1, Should: 1, Could: 0, "Won't": 1 },
      notFeasible: 1,
      top: [rows[1]],
      overdue: { total: 1, rows: [rows[0]] },
    });
  });

  test('the top N is clamped to 0..50 and the overdue list to its maximum while the total counts all', () => {
    const rows = Array.from({ length: 60 }, (_, index) =>
      requirement(`REQ-${index + 1}`, { weightedScore: 3, dueDate: '2026-01-01' }),
    );
    const many = summariseRequirements(rows, { topN: 500, today: '2026-11-23' });
    expect(many.top).toHaveLength(MAX_TOP);
    expect(MAX_TOP).toBe(50);
    expect(many.overdue.total).toBe(60);
    expect(many.overdue.rows).toHaveLength(MAX_OVERDUE_ROWS);
    expect(summariseRequirements(rows, { topN: -3, today: '2026-11-23' }).top).toEqual([]);
  });
});

describe('closed duplicates (issue 18)', () => {
  test('a duplicate closed by a merge is in no count of the gadgets, and the summary says how many were left out', () => {
    const rows = [
      requirement('REQ-1', { weightedScore: 4.3, priorityGrade: 'A' }),
      requirement('REQ-2'),
      { ...requirement('REQ-3', { done: true }), resolution: DUPLICATE_RESOLUTION },
      { ...requirement('REQ-4', { done: true }), resolution: 'Done' },
    ];
    const summary = summariseRequirements(rows, { topN: 5, today: '2026-12-03' });
    expect(summary.total).toBe(3);
    expect(summary.closedDuplicates).toBe(1);
    // Before: the unscored duplicate counted as "Not scored yet".
    expect(summary.unscored).toBe(2);
  });

  test('only a done issue with the Duplicate resolution is a closed duplicate', () => {
    expect(isClosedDuplicate({ statusCategory: 'done', resolution: 'Duplicate' })).toBe(true);
    expect(isClosedDuplicate({ statusCategory: 'done', resolution: 'Done' })).toBe(false);
    expect(isClosedDuplicate({ statusCategory: 'indeterminate', resolution: 'Duplicate' })).toBe(false);
    expect(isClosedDuplicate({ statusCategory: 'done' })).toBe(false);
  });
});
