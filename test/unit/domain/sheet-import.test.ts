import {
  DERIVED_SUMMARY_LENGTH,
  MAX_WORDS_LENGTH,
  SHEET_CHANNELS,
  SHEET_FIELDS,
  SHEET_KINDS,
  SHEET_NATURES,
  defaultDecision,
  demandLine,
  firstRowsByFingerprint,
  foldWords,
  parseSheetDate,
  planImport,
  readSheetRow,
  rowFingerprint,
  suggestMapping,
  validateMapping,
  withDemand,
  type CheckedRow,
  type ColumnMapping,
  type RowDecision,
  type SheetRecord,
} from '../../../src/domain/sheet-import';

const defaults = { channel: 'questionnaire', date: '2026-12-03' };
const noMapping: ColumnMapping = {
  summary: null,
  originalWords: null,
  customer: null,
  channel: null,
  date: null,
  submitter: null,
  nature: null,
  kind: null,
};
const mapping = (fields: Partial<ColumnMapping>): ColumnMapping => ({ ...noMapping, ...fields });

const record = (fields: Partial<SheetRecord> = {}): SheetRecord => ({
  summary: 'Export orders',
  originalWords: '希望能导出订单',
  customer: null,
  channel: 'questionnaire',
  date: '2026-12-01',
  submitter: null,
  nature: null,
  kind: null,
  ...fields,
});

const checked = (row: number, fingerprint: string, fields: Partial<SheetRecord> | null = {}): CheckedRow => ({
  row,
  fingerprint,
  record: fields === null ? null : record(fields),
  violations:
    fields === null
      ? [{ field: `rows.${row}.date`, rule: 'syntax', message: `Row ${row}, Date: bad`, params: { row, column: 'Date' } }]
      : [],
});

describe('the record fields and values', () => {
  test('follow the register and the app fields', () => {
    expect(SHEET_FIELDS).toEqual(['summary', 'originalWords', 'customer', 'channel', 'date', 'submitter', 'nature', 'kind']);
    expect([SHEET_CHANNELS.length, SHEET_NATURES.length, SHEET_KINDS.length]).toEqual([7, 3, 6]);
  });
});

describe('suggestMapping', () => {
  test('maps a 问卷星 export by its Chinese headers', () => {
    expect(
      suggestMapping(['序号', '提交答卷时间', '您的建议', '客户名称', '来源渠道', '填写人', '需求性质', '需求类别']),
    ).toEqual({
      summary: null,
      originalWords: 2,
      customer: 3,
      channel: 4,
      date: 1,
      submitter: 5,
      nature: 6,
      kind: 7,
    });
  });

  test('maps English headers exactly first, then by containment, one field per column', () => {
    expect(suggestMapping(['Title', 'Customer feedback', 'Company', 'Date', 'Type', ''])).toEqual({
      summary: 0,
      originalWords: 1,
      customer: 2,
      channel: null,
      date: 3,
      submitter: null,
      nature: null,
      kind: 4,
    });
  });

  test('folds case, width and punctuation', () => {
    expect(foldWords(' Ｃｕｓｔｏｍｅｒ’s  Original-Words ')).toBe('customersoriginalwords');
  });
});

describe('validateMapping', () => {
  test('accepts a mapping with a summary column', () => {
    expect(validateMapping(mapping({ summary: 0 }), 2)).toEqual([]);
  });

  test('names a column outside the file, a column used twice and a missing summary', () => {
    const violations = validateMapping(mapping({ customer: 5, submitter: 1, kind: 1, date: -1 }), 3);
    expect(violations.map((violation) => [violation.field, violation.rule])).toEqual([
      ['mapping.customer', 'range'],
      ['mapping.date', 'range'],
      ['mapping.kind', 'unique'],
      ['mapping.summary', 'required'],
    ]);
    expect(violations[2]!.message).toContain('already feeds submitter');
  });
});

describe('parseSheetDate', () => {
  test.each([
    ['2024-05-03', '2024-05-03'],
    ['2024/5/3 10:21:33', '2024-05-03'],
    ['2024.05.03', '2024-05-03'],
    ['2024年5月3日', '2024-05-03'],
    ['2024-05-03T08:00:00.000Z', '2024-05-03'],
  ])('reads %s', (cell, expected) => {
    expect(parseSheetDate(cell)).toBe(expected);
  });

  test.each(['2024-02-30', '03/05/2024', 'yesterday'])('refuses %s', (cell) => {
    expect(parseSheetDate(cell)).toBeUndefined();
  });
});

describe('readSheetRow', () => {
  const headers = ['Summary', 'Feedback', 'Customer', 'Channel', 'Date', 'Name', 'Nature', 'Kind'];
  const all = mapping({ summary: 0, originalWords: 1, customer: 2, channel: 3, date: 4, submitter: 5, nature: 6, kind: 7 });

  test('reads every field, values given as labels in either language', () => {
    const result = readSheetRow(
      [' Export ', '能导出 Excel', 'Acme', '工单', '2024/5/3', 'Li Lei', 'Functional', '新功能'],
      2,
      all,
      headers,
      defaults,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        summary: 'Export',
        originalWords: '能导出 Excel',
        customer: 'Acme',
        channel: 'support-ticket',
        date: '2024-05-03',
        submitter: 'Li Lei',
        nature: 'functional',
        kind: 'new-feature',
      },
    });
  });

  test('fills blank and unmapped cells from the defaults, and takes the summary from the words', () => {
    const result = readSheetRow(
      ['', '希望能导出订单数据。最好是 Excel 格式'],
      3,
      mapping({ summary: 0, originalWords: 1, channel: 2 }),
      ['标题', '建议'],
      defaults,
    );
    expect(result).toEqual({
      ok: true,
      value: record({
        summary: '希望能导出订单数据',
        originalWords: '希望能导出订单数据。最好是 Excel 格式',
        date: '2026-12-03',
      }),
    });
  });

  test('a long first sentence becomes a summary of 80 characters', () => {
    const result = readSheetRow(['x'.repeat(200)], 2, mapping({ originalWords: 0 }), ['Words'], defaults);
    expect(result.ok && result.value.summary.length).toBe(DERIVED_SUMMARY_LENGTH);
  });

  test('names row, column header and rule for every problem', () => {
    const cells = ['s'.repeat(256), '', '', 'fax', '2024-13-01', '', 'urgent', 'bug'];
    const result = readSheetRow(cells, 7, all, headers, defaults);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      result.violations.map((violation) => [violation.field, violation.rule, violation.params?.row, violation.params?.column]),
    ).toEqual([
      ['rows.7.summary', 'length', 7, 'Summary'],
      ['rows.7.channel', 'enum', 7, 'Channel'],
      ['rows.7.nature', 'enum', 7, 'Nature'],
      ['rows.7.kind', 'enum', 7, 'Kind'],
      ['rows.7.date', 'syntax', 7, 'Date'],
    ]);
    expect(result.violations[4]!.message).toBe('Row 7, Date: "2024-13-01" is not a real calendar date (write it as YYYY-MM-DD).');
  });

  test('a blank row has no summary; a headerless column is named by its number', () => {
    const blank = readSheetRow([], 4, mapping({ summary: 0 }), [''], defaults);
    expect(!blank.ok && blank.violations.map((violation) => [violation.rule, violation.params?.column])).toEqual([
      ['required', '#1'],
    ]);
    const noSummaryColumn = readSheetRow(['  '], 5, mapping({ originalWords: 0 }), ['Words'], defaults);
    expect(!noSummaryColumn.ok && noSummaryColumn.violations[0]!.field).toBe('rows.5.originalWords');
  });

  test('an unmapped field with a problem is named by the field, a column past the headers by its number', () => {
    const unmapped = readSheetRow(['x'], 2, noMapping, [], defaults);
    expect(!unmapped.ok && unmapped.violations.map((violation) => violation.params?.column)).toEqual(['originalWords']);
    const pastHeaders = readSheetRow(['Export', 'fax'], 2, mapping({ summary: 0, channel: 1 }), ['Summary'], defaults);
    expect(!pastHeaders.ok && pastHeaders.violations.map((violation) => violation.params?.column)).toEqual(['#2']);
  });

  test('words longer than the record keeps are refused', () => {
    const result = readSheetRow(['w'.repeat(MAX_WORDS_LENGTH + 1)], 2, mapping({ originalWords: 0 }), ['Words'], defaults);
    expect(!result.ok && result.violations.map((violation) => [violation.rule, violation.params?.max])).toEqual([
      ['length', MAX_WORDS_LENGTH],
    ]);
  });

  test('a row with only a summary has no words', () => {
    expect(readSheetRow(['Export'], 2, mapping({ summary: 0 }), ['Summary'], defaults)).toEqual({
      ok: true,
      value: record({ summary: 'Export', originalWords: null, date: '2026-12-03' }),
    });
  });
});

describe('rowFingerprint', () => {
  test('ignores spacing, full-width forms and trailing blank cells', () => {
    expect(rowFingerprint(['Export  orders ', 'Ａcme', '', ''])).toBe(rowFingerprint(['Export orders', 'Acme']));
  });

  test('differs when a cell differs or cells move', () => {
    const base = rowFingerprint(['a', 'b']);
    expect(rowFingerprint(['a', 'c'])).not.toBe(base);
    expect(rowFingerprint(['b', 'a'])).not.toBe(base);
    expect(rowFingerprint(['a b'])).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });

  test('has no collision among 20,000 distinct rows', () => {
    const prints = new Set(Array.from({ length: 20_000 }, (_, index) => rowFingerprint([`row ${index}`, '希望能导出订单'])));
    expect(prints.size).toBe(20_000);
  });
});

describe('planImport', () => {
  const decisions = (entries: [number, RowDecision][]) => new Map(entries);

  test('new by default, repeats and earlier imports skipped, demand grouped by requirement', () => {
    const rows = [
      checked(2, 'a'),
      checked(3, 'b'),
      checked(4, 'a'),
      checked(5, 'c'),
      checked(6, 'd', { summary: 'More' }),
      checked(7, 'e', { summary: 'Again' }),
      checked(8, 'f'),
    ];
    const result = planImport({
      rows,
      decisions: decisions([
        [6, { action: 'demand', target: 'REQ-1' }],
        [7, { action: 'demand', target: 'REQ-1' }],
        [8, { action: 'skip' }],
        [4, { action: 'demand', target: 'REQ-2' }],
      ]),
      imported: new Map([['c', 'REQ-9']]),
      targets: new Set(['REQ-1', 'REQ-2']),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.create.map((row) => row.row)).toEqual([2, 3]);
    expect(result.value.demand.map((group) => [group.target, group.rows.map((row) => row.row)])).toEqual([
      ['REQ-2', [4]],
      ['REQ-1', [6, 7]],
    ]);
    expect([result.value.skipped, result.value.alreadyImported]).toEqual([1, 1]);
  });

  test('refuses every problem at once and writes nothing', () => {
    const rows = [
      checked(2, 'a'),
      checked(3, 'a'),
      checked(4, 'b', null),
      checked(5, 'c'),
      checked(6, 'd'),
      checked(7, 'e', null),
    ];
    const result = planImport({
      rows,
      decisions: decisions([
        [3, { action: 'new' }],
        [5, { action: 'new' }],
        [6, { action: 'demand', target: 'OTHER-1' }],
        [7, { action: 'skip' }],
        [99, { action: 'skip' }],
      ]),
      imported: new Map([['c', 'REQ-9']]),
      targets: new Set(['REQ-1']),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations.map((violation) => [violation.field, violation.rule])).toEqual([
      ['decisions.99', 'range'],
      ['rows.3', 'unique'],
      ['rows.4.date', 'syntax'],
      ['rows.5', 'unique'],
      ['decisions.6', 'enum'],
    ]);
    expect(result.violations[1]!.message).toBe('Row 3: repeats row 2 exactly; skip it or add it as demand.');
    expect(result.violations[3]!.message).toBe('Row 5: was imported before as REQ-9; skip it.');
  });

  test('the default choice: new for a first row, skip for a repeat or an imported row', () => {
    const rows = [checked(2, 'a'), checked(3, 'a'), checked(4, 'b')];
    const first = firstRowsByFingerprint(rows);
    expect(rows.map((row) => defaultDecision(row, first, new Map([['b', 'REQ-3']])).action)).toEqual(['new', 'skip', 'skip']);
  });
});

describe('withDemand', () => {
  test('appends one line per row and counts each', () => {
    const rows = [
      record({ customer: 'Acme' }),
      record({ originalWords: null, summary: 'Faster export', channel: 'support-ticket' }),
    ];
    expect(withDemand({ customerWords: 'Earlier words', duplicateCount: 2 }, rows)).toEqual({
      customerWords: 'Earlier words\n\n2026-12-01 questionnaire Acme: 希望能导出订单\n\n2026-12-01 support-ticket: Faster export',
      duplicateCount: 4,
      leftOut: 0,
    });
    expect(demandLine(record())).toBe('2026-12-01 questionnaire: 希望能导出订单');
  });

  test('cuts the words to the field and says how much was left out; nothing to add stays empty', () => {
    const result = withDemand({ customerWords: null, duplicateCount: null }, [record({ originalWords: 'w'.repeat(300) })]);
    expect(result.customerWords!.length).toBe(255);
    expect(result.leftOut).toBeGreaterThan(0);
    expect(result.duplicateCount).toBe(1);
    expect(withDemand({ customerWords: ' ', duplicateCount: 1 }, [])).toEqual({
      customerWords: null,
      duplicateCount: 1,
      leftOut: 0,
    });
  });
});
