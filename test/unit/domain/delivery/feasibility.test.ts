import {
  appendMark,
  FEASIBILITY_VERDICTS,
  formatFeasibilityField,
  latestMarks,
  parseFeasibilityField,
  summariseFeasibility,
  summariseFeasibilityField,
  validateFeasibilityInput,
  type FeasibilityMark,
} from '../../../../src/domain/delivery/feasibility';
import { MAX_NOTE_LENGTH } from '../../../../src/domain/delivery/input-checks';

const mark = (
  dimension: FeasibilityMark['dimension'],
  verdict: FeasibilityMark['verdict'],
  at: string,
  accountId = 'a',
  note = verdict === 'feasible' ? '' : 'why',
): FeasibilityMark => ({
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
    const history = [
      mark('technical', 'feasible', '2026-01-01T00:00:00.000Z'),
      mark('business', 'conditional', '2026-01-01T00:00:00.000Z'),
      mark('compliance', 'not-feasible', '2026-01-01T00:00:00.000Z'),
    ];
    expect(parseFeasibilityField(formatFeasibilityField(history))).toEqual({
      technical: 'feasible',
      business: 'conditional',
      compliance: 'not-feasible',
    });
    expect(parseFeasibilityField(' Technical : NOT FEASIBLE ;; legal: feasible; business: maybe; compliance')).toEqual({
      technical: 'not-feasible',
    });
    expect(parseFeasibilityField(null)).toEqual({});
    expect(parseFeasibilityField(42)).toEqual({});
  });

  test('summarises to the same missing and not-feasible dimensions as the history does', () => {
    const history = [
      mark('technical', 'not-feasible', '2026-01-01T00:00:00.000Z'),
      mark('business', 'feasible', '2026-01-01T00:00:00.000Z'),
    ];
    expect(summariseFeasibilityField(formatFeasibilityField(history))).toEqual(summariseFeasibility(history));
    expect(summariseFeasibilityField(formatFeasibilityField(history))).toEqual({
      missing: ['compliance'],
      notFeasible: ['technical'],
    });
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
    expect(appendMark([first], mark('business', 'conditional', '2026-01-02T00:00:00.000Z', 'owner', 'budget'), 60)).toHaveLength(
      2,
    );
    expect(
      appendMark([first], mark('business', 'conditional', '2026-01-02T00:00:00.000Z', 'pm', 'budget and staff'), 60),
    ).toHaveLength(2);
    expect(appendMark([first], mark('business', 'not-feasible', '2026-01-02T00:00:00.000Z', 'pm', 'budget'), 60)).toHaveLength(2);
  });

  test('beyond the limit drops the oldest marks but keeps the newest of every dimension', () => {
    const compliance = mark('compliance', 'feasible', '2026-01-01T00:00:00.000Z');
    const technical = Array.from({ length: 4 }, (_, index) =>
      mark('technical', index % 2 ? 'feasible' : 'conditional', `2026-01-0${index + 2}T00:00:00.000Z`),
    );
    const next = appendMark([compliance, ...technical], mark('business', 'feasible', '2026-01-09T00:00:00.000Z'), 3);
    expect(next?.map((entry) => `${entry.dimension}@${entry.at.slice(8, 10)}`)).toEqual([
      'compliance@01',
      'technical@05',
      'business@09',
    ]);
  });
});

describe('feasibility marks', () => {
  test('a plain yes needs no note; a condition or a no needs one', () => {
    expect(validateFeasibilityInput({ dimension: 'technical', verdict: 'feasible' })).toEqual({
      ok: true,
      value: { dimension: 'technical', verdict: 'feasible', note: '' },
    });
    expect(validateFeasibilityInput({ dimension: 'compliance', verdict: 'conditional', note: ' PIPL consent first ' })).toEqual({
      ok: true,
      value: { dimension: 'compliance', verdict: 'conditional', note: 'PIPL consent first' },
    });
    expect(validateFeasibilityInput({ dimension: 'business', verdict: 'not-feasible', note: '  ' })).toMatchObject({
      ok: false,
      violations: [{ field: 'note', rule: 'required' }],
    });
  });

  test('every problem names its field and rule', () => {
    expect(validateFeasibilityInput('x')).toMatchObject({
      ok: false,
      violations: [
        { field: 'dimension', rule: 'enum' },
        { field: 'verdict', rule: 'enum' },
      ],
    });
    expect(validateFeasibilityInput({ dimension: 'technical', verdict: 'feasible', note: 5 })).toMatchObject({
      ok: false,
      violations: [{ field: 'note', rule: 'type' }],
    });
    expect(
      validateFeasibilityInput({ dimension: 'technical', verdict: 'feasible', note: 'x'.repeat(MAX_NOTE_LENGTH + 1) }),
    ).toMatchObject({
      ok: false,
      violations: [{ field: 'note', rule: 'length', params: { max: MAX_NOTE_LENGTH } }],
    });
  });

  test('the verdicts, and the newest mark per dimension', () => {
    expect(FEASIBILITY_VERDICTS).toEqual(['feasible', 'conditional', 'not-feasible']);
    const older = mark('technical', 'conditional', '2026-11-01T10:00:00Z');
    const newer = mark('technical', 'feasible', '2026-11-03T10:00:00Z');
    expect(latestMarks([newer, older])).toEqual({ technical: newer });
  });

  test('the newest mark per dimension counts; missing and not-feasible dimensions are listed', () => {
    const history = [
      mark('technical', 'not-feasible', '2026-11-01T10:00:00Z'),
      mark('technical', 'feasible', '2026-11-02T10:00:00Z'),
      mark('compliance', 'not-feasible', '2026-11-02T10:00:00Z'),
    ];
    expect(summariseFeasibility(history)).toEqual({ missing: ['business'], notFeasible: ['compliance'] });
    expect(
      summariseFeasibility([
        mark('technical', 'feasible', '2026-11-02T10:00:00Z'),
        mark('technical', 'not-feasible', '2026-11-01T10:00:00Z'),
      ]).notFeasible,
    ).toEqual([]);
  });
});
