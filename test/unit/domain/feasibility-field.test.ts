import {
  appendMark,
  formatFeasibilityField,
  parseFeasibilityField,
  summariseFeasibility,
  summariseFeasibilityField,
  type FeasibilityMark,
} from '../../../src/domain/delivery';

const mark = (dimension: FeasibilityMark['dimension'], verdict: FeasibilityMark['verdict'], at: string, accountId = 'a', note = verdict === 'feasible' ? '' : 'why'): FeasibilityMark => ({
  dimension,
  verdict,
  note,
  by: { accountId, displayName: accountId.toUpperCase() },
  at,
});

describe('the "Feasibility marks" field', () => {
  test('names the newest verdict of each marked dimension in dimension order, in words JQL finds', () => {
    const history = [
      mark('compliance', 'feasible', '2026-01-01T00:00:00.000Z'),
      mark('technical', 'conditional', '2026-01-02T00:00:00.000Z'),
      mark('compliance', 'not-feasible', '2026-01-03T00:00:00.000Z'),
    ];
    expect(formatFeasibilityField(history)).toBe('technical: conditional; compliance: not feasible');
    expect(formatFeasibilityField([])).toBeNull();
  });

  test('parses what it formats, and ignores anything else', () => {
    const history = [mark('technical', 'feasible', '2026-01-01T00:00:00.000Z'), mark('business', 'conditional', '2026-01-01T00:00:00.000Z'), mark('compliance', 'not-feasible', '2026-01-01T00:00:00.000Z')];
    expect(parseFeasibilityField(formatFeasibilityField(history))).toEqual({ technical: 'feasible', business: 'conditional', compliance: 'not-feasible' });
    expect(parseFeasibilityField(' Technical : NOT FEASIBLE ;; legal: feasible; business: maybe; compliance')).toEqual({ technical: 'not-feasible' });
    expect(parseFeasibilityField(null)).toEqual({});
    expect(parseFeasibilityField(42)).toEqual({});
  });

  test('summarises to the same missing and not-feasible dimensions as the history does', () => {
    const history = [mark('technical', 'not-feasible', '2026-01-01T00:00:00.000Z'), mark('business', 'feasible', '2026-01-01T00:00:00.000Z')];
    expect(summariseFeasibilityField(formatFeasibilityField(history))).toEqual(summariseFeasibility(history));
    expect(summariseFeasibilityField(formatFeasibilityField(history))).toEqual({ missing: ['compliance'], notFeasible: ['technical'] });
    expect(summariseFeasibilityField(undefined)).toEqual({ missing: ['technical', 'business', 'compliance'], notFeasible: [] });
  });
});

describe('adding a mark to the history', () => {
  test('appends newest last', () => {
    const first = mark('technical', 'feasible', '2026-01-01T00:00:00.000Z');
    const second = mark('technical', 'not-feasible', '2026-01-02T00:00:00.000Z');
    expect(appendMark([first], second, 60)).toEqual([first, second]);
  });

  test('the same verdict and note by the same person again adds nothing; by someone else, or changed, it is a new mark', () => {
    const first = mark('business', 'conditional', '2026-01-01T00:00:00.000Z', 'pm', 'budget');
    expect(appendMark([first], { ...first, at: '2026-01-02T00:00:00.000Z' }, 60)).toBeNull();
    expect(appendMark([first], mark('business', 'conditional', '2026-01-02T00:00:00.000Z', 'owner', 'budget'), 60)).toHaveLength(2);
    expect(appendMark([first], mark('business', 'conditional', '2026-01-02T00:00:00.000Z', 'pm', 'budget and staff'), 60)).toHaveLength(2);
    expect(appendMark([first], mark('business', 'not-feasible', '2026-01-02T00:00:00.000Z', 'pm', 'budget'), 60)).toHaveLength(2);
  });

  test('beyond the limit drops the oldest marks but keeps the newest of every dimension', () => {
    const compliance = mark('compliance', 'feasible', '2026-01-01T00:00:00.000Z');
    const technical = Array.from({ length: 4 }, (_, index) => mark('technical', index % 2 ? 'feasible' : 'conditional', `2026-01-0${index + 2}T00:00:00.000Z`));
    const next = appendMark([compliance, ...technical], mark('business', 'feasible', '2026-01-09T00:00:00.000Z'), 3);
    expect(next?.map((entry) => `${entry.dimension}@${entry.at.slice(8, 10)}`)).toEqual(['compliance@01', 'technical@05', 'business@09']);
  });
});
