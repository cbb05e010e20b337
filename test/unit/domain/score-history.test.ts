import { scoreHistory, type ChangelogEntry } from '../../../src/domain/score-history';

const fields = { customfield_1: 'urgency', customfield_2: 'weightedScore', customfield_3: 'frameworkVersion' } as const;

const entry = (created: string, by: string | null, items: ChangelogEntry['items']): ChangelogEntry => ({ created, by, items });

describe("the history of a requirement's scores", () => {
  const changelog: ChangelogEntry[] = [
    entry('2026-12-01T08:00:00.000+0800', null, [
      { fieldId: 'customfield_2', toString: '4.3' },
      { fieldId: 'customfield_3', toString: '1' },
    ]),
    entry('2026-12-02T09:00:00.000+0800', '王芳', [
      { fieldId: 'customfield_1', fromString: '4', toString: '5' },
      { fieldId: 'summary', fromString: 'a', toString: 'b' },
    ]),
    entry('2026-12-02T09:00:01.000+0800', null, [{ fieldId: 'customfield_2', fromString: '4.3', toString: '4.6' }]),
    entry('2026-12-03T10:00:00.000+0800', '王芳', [{ fieldId: 'labels', toString: 'x' }]),
    entry('2026-12-04T10:00:00.000+0800', null, [
      { fieldId: 'customfield_2', fromString: '4.6', toString: '4.9' },
      { fieldId: 'customfield_3', fromString: '1', toString: '2' },
    ]),
  ];

  test('lists who changed which score field, newest first, leaving out other fields and entries', () => {
    const history = scoreHistory(changelog, fields, 2, 10);
    expect(
      history.map((row) => [
        row.at.slice(0, 10),
        row.by,
        row.changes.map((change) => `${change.field} ${change.from ?? '–'}→${change.to ?? '–'}`),
      ]),
    ).toEqual([
      ['2026-12-04', null, ['weightedScore 4.6→4.9', 'frameworkVersion 1→2']],
      ['2026-12-02', null, ['weightedScore 4.3→4.6']],
      ['2026-12-02', '王芳', ['urgency 4→5']],
      ['2026-12-01', null, ['weightedScore –→4.3', 'frameworkVersion –→1']],
    ]);
  });

  test('names the framework version each change stood under, walking back over version changes', () => {
    expect(scoreHistory(changelog, fields, 2, 10).map((row) => row.frameworkVersion)).toEqual([2, 1, 1, 1]);
    // A version field emptied, or never known, reads as unknown before it.
    expect(
      scoreHistory(
        [
          entry('2026-12-05T00:00:00.000Z', null, [{ fieldId: 'customfield_3', fromString: '', toString: '3' }]),
          ...changelog,
        ].slice(0, 1),
        fields,
        3,
        10,
      )[0]!.frameworkVersion,
    ).toBe(3);
    const emptied = scoreHistory(
      [
        entry('2026-12-01T00:00:00.000Z', null, [{ fieldId: 'customfield_2', toString: '1.0' }]),
        entry('2026-12-05T00:00:00.000Z', null, [{ fieldId: 'customfield_3', fromString: '', toString: '3' }]),
      ],
      fields,
      3,
      10,
    );
    expect(emptied.map((row) => row.frameworkVersion)).toEqual([3, null]);
    expect(scoreHistory(changelog, fields, null, 10)[0]!.frameworkVersion).toBeNull();
  });

  test('keeps at most `limit` entries, the newest', () => {
    expect(scoreHistory(changelog, fields, 2, 1).map((row) => row.at.slice(0, 10))).toEqual(['2026-12-04']);
  });

  test('an item without a field id is not a score change', () => {
    expect(scoreHistory([entry('2026-12-01T00:00:00.000Z', 'x', [{ toString: '1' }])], fields, 1, 10)).toEqual([]);
  });
});

test('a cleared value has no `to`', () => {
  expect(
    scoreHistory([entry('2026-12-01T00:00:00.000Z', 'x', [{ fieldId: 'customfield_1', fromString: '3' }])], fields, 1, 10)[0]!
      .changes,
  ).toEqual([{ field: 'urgency', from: '3', to: null }]);
});
