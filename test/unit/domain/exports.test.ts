import { parse } from 'csv-parse/sync';
import {
  BAND_LABELS,
  CUSTOMER_TYPE_LABELS,
  EXPORT_COLUMNS,
  EXPORT_TEMPLATES,
  exportFileName,
  exportTable,
  QUADRANT_LABELS,
  TEMPLATE_TITLES,
  toCsv,
  UTF8_BOM,
  VALUE_LABELS,
  type ExportRow,
} from '../../../src/domain/exports';
import { RECORD_FIELDS } from '../../../src/domain/fields';
import { CUSTOMER_TYPES } from '../../../src/domain/framework';
import { QUADRANTS, THREE_FACTOR_BANDS } from '../../../src/domain/scoring';

/** The source documents' worked case XY2024001, as the register and the evaluation table show it. */
const workedCase = (overrides: Partial<ExportRow> = {}): ExportRow => ({
  key: 'REQ-1',
  summary: '设备A智能预警模块误报率高',
  status: 'In progress',
  owner: 'Pat Product',
  recorder: 'Casey Success',
  created: '2024-05-06',
  dueDate: '2024-06-17',
  record: {
    background: 'False alarms on device A',
    expectedGoal: 'False alarm rate below 5 %',
    beneficiary: 'customer',
    sourceChannel: 'support-ticket',
    customerWords: '误报太多了',
    needType: 'explicit',
    nature: 'functional',
    kind: 'optimisation',
    kindTag: 'algorithm',
    responsibleDepartment: 'Product',
    duplicateCount: 3,
    closureRecord:
      'Done 2024-06-10 · Told 中型汽车零部件制造商 by phone on 2024-06-10: 误报率降到 3% · Follow-up 2024-06-20: 中型汽车零部件制造商 5/5',
  },
  kindTagLabel: { en: 'Algorithm module', zh: '算法模块' },
  customers: [
    { number: 'CUS202405001', name: '某汽车零部件制造有限公司', type: 'strategic', erased: false },
    { number: 'CUS202405002', name: null, type: 'key', erased: true },
  ],
  inputs: {
    moscow: 'Must',
    wontReason: null,
    urgency: 4,
    importance: 5,
    feasibility: 3,
    customerValue: 5,
    businessValue: 8,
    implementationCost: 4,
  },
  computed: {
    weightedScore: 4.3,
    priorityGrade: 'A',
    threeFactorScore: 14,
    threeFactorPriority: 'high',
    valueCostQuadrant: 'quick-win',
    frameworkVersion: 1,
  },
  weights: { urgency: 30, importance: 30, feasibility: 20, customerValue: 20 },
  ...overrides,
});

const blank = (): ExportRow =>
  workedCase({
    owner: null,
    recorder: null,
    created: null,
    dueDate: null,
    record: {
      background: null,
      expectedGoal: null,
      beneficiary: null,
      sourceChannel: null,
      customerWords: null,
      needType: null,
      nature: null,
      kind: null,
      kindTag: null,
      responsibleDepartment: null,
      duplicateCount: null,
      closureRecord: null,
    },
    kindTagLabel: null,
    inputs: {
      moscow: null,
      wontReason: null,
      urgency: null,
      importance: null,
      feasibility: null,
      customerValue: null,
      businessValue: null,
      implementationCost: null,
    },
    computed: {
      weightedScore: null,
      priorityGrade: null,
      threeFactorScore: null,
      threeFactorPriority: null,
      valueCostQuadrant: null,
      frameworkVersion: null,
    },
    weights: null,
    customers: [],
  });

/** One row as header → cell, so each assertion names its column. */
const byHeader = (table: ReturnType<typeof exportTable>, index = 0) =>
  Object.fromEntries(table.headers.map((header, column) => [header, table.rows[index]![column]]));

describe('requirement register (template 1)', () => {
  test('the worked case in Chinese: codes become the form’s words, the customers are named by number and name, an erased one marked', () => {
    const table = exportTable('register', [workedCase()], 'zh');
    expect(table.title).toBe('客户需求信息登记表');
    expect(byHeader(table)).toEqual({
      需求编号: 'REQ-1',
      需求名称: '设备A智能预警模块误报率高',
      客户信息: 'CUS202405001 某汽车零部件制造有限公司; CUS202405002 （已删除）',
      来源渠道: '客服工单',
      客户原话: '误报太多了',
      背景: 'False alarms on device A',
      预期目标: 'False alarm rate below 5 %',
      受益方: '客户',
      需求类型: '显性',
      需求性质: '功能性',
      需求类别: '功能优化',
      二级标签: '算法模块',
      重复次数: 3,
      状态: 'In progress',
      负责人: 'Pat Product',
      负责部门: 'Product',
      记录人: 'Casey Success',
      提出时间: '2024-05-06',
      计划完成日期: '2024-06-17',
      闭环记录:
        'Done 2024-06-10 · Told 中型汽车零部件制造商 by phone on 2024-06-10: 误报率降到 3% · Follow-up 2024-06-20: 中型汽车零部件制造商 5/5',
    });
  });

  test('English headers and words', () => {
    const row = byHeader(exportTable('register', [workedCase()], 'en'));
    expect(row).toMatchObject({
      ID: 'REQ-1',
      Customer: 'CUS202405001 某汽车零部件制造有限公司; CUS202405002 (erased)',
      'Source channel': 'Support ticket',
      Beneficiary: 'Customer',
      Kind: 'Function optimisation',
      'Second-level tag': 'Algorithm module',
      Owner: 'Pat Product',
      'Raised on': '2024-05-06',
      Closure: expect.stringContaining('Follow-up 2024-06-20'),
    });
  });

  test('a customer number the archive does not hold is written as the number alone; none linked leaves the cell empty', () => {
    const unknown = workedCase({ customers: [{ number: 'CUS202405009', name: null, type: null, erased: false }] });
    expect(byHeader(exportTable('register', [unknown], 'en')).Customer).toBe('CUS202405009');
    expect(byHeader(exportTable('register', [blank()], 'zh'))['客户信息']).toBeNull();
  });

  test('a code the app does not know (set through REST) is written as stored; empty values stay empty (the duplicate count is 0)', () => {
    const unknown = workedCase({ record: { ...workedCase().record, sourceChannel: 'fax' } });
    expect(byHeader(exportTable('register', [unknown], 'en'))['Source channel']).toBe('fax');
    const unlisted = workedCase({ record: { ...workedCase().record, kindTag: 'old-tag' }, kindTagLabel: null });
    expect(byHeader(exportTable('register', [unlisted], 'zh'))['二级标签']).toBe('old-tag');
    expect(Object.values(byHeader(exportTable('register', [blank()], 'en'))).filter((cell) => cell !== null)).toEqual([
      'REQ-1',
      '设备A智能预警模块误报率高',
      0,
      'In progress',
    ]);
  });
});

describe('priority evaluation table (template 2)', () => {
  test('the worked case: factors with their weights, 4.3 grade A, three-factor 14 high, quick win, Must, version 1', () => {
    const table = exportTable('evaluation', [workedCase()], 'en');
    expect(table.title).toBe('Priority evaluation');
    expect(byHeader(table)).toEqual({
      ID: 'REQ-1',
      Name: '设备A智能预警模块误报率高',
      Urgency: 4,
      'Urgency weight (%)': 30,
      Importance: 5,
      'Importance weight (%)': 30,
      Feasibility: 3,
      'Feasibility weight (%)': 20,
      'Customer value': 5,
      'Customer value weight (%)': 20,
      'Weighted score': 4.3,
      'Priority grade': 'A',
      'Three-factor score': 14,
      'Three-factor priority': 'High',
      'Business value': 8,
      'Implementation cost': 4,
      'Value/cost quadrant': 'Quick win',
      MoSCoW: 'Must',
      "Won't-have reason": null,
      'Scoring framework version': 1,
    });
  });

  test('Chinese headers, band and quadrant', () => {
    const row = byHeader(exportTable('evaluation', [workedCase()], 'zh'));
    expect(row).toMatchObject({
      需求编号: 'REQ-1',
      紧急程度: 4,
      '紧急程度权重(%)': 30,
      加权得分: 4.3,
      三要素优先级: '高',
      '价值/成本象限': '快速见效',
    });
  });

  test('an unscored requirement has empty scores and weights', () => {
    const row = byHeader(exportTable('evaluation', [blank()], 'en'));
    expect(Object.entries(row).filter(([, cell]) => cell !== null)).toEqual([
      ['ID', 'REQ-1'],
      ['Name', '设备A智能预警模块误报率高'],
    ]);
  });

  test('every column of both templates has a header in both languages and a unique id', () => {
    for (const columns of Object.values(EXPORT_COLUMNS)) {
      expect(new Set(columns.map((column) => column.id)).size).toBe(columns.length);
      for (const column of columns) expect([column.header.en.length > 0, column.header.zh.length > 0]).toEqual([true, true]);
    }
  });
});

test('every stored code, band and quadrant has a name in both languages, and every template a title and columns', () => {
  const codes = RECORD_FIELDS.flatMap((field) => ('values' in field ? [...field.values] : []));
  expect(codes.filter((code) => !VALUE_LABELS[code]?.en || !VALUE_LABELS[code]?.zh)).toEqual([]);
  expect(Object.keys(BAND_LABELS).sort()).toEqual([...THREE_FACTOR_BANDS].sort());
  expect(Object.keys(QUADRANT_LABELS).sort()).toEqual([...QUADRANTS].sort());
  expect(Object.keys(TEMPLATE_TITLES)).toEqual([...EXPORT_TEMPLATES]);
  expect(Object.keys(EXPORT_COLUMNS)).toEqual([...EXPORT_TEMPLATES]);
});

describe('requirement analysis table (客户需求分析表)', () => {
  test('each requirement with its customers and their types, classification, feasibility marks, scores, owner, plan and status', () => {
    const table = exportTable(
      'analysis',
      [workedCase({ feasibility: { technical: 'feasible', business: 'conditional', compliance: 'not-feasible' } })],
      'zh',
    );
    expect(table.title).toBe('客户需求分析表');
    expect(table.headers).toEqual([
      '需求编号',
      '需求名称',
      '客户信息',
      '客户类型',
      '需求客户数',
      '需求类型',
      '需求性质',
      '需求类别',
      '技术可行性',
      '业务可行性',
      '合规可行性',
      '加权得分',
      '优先级等级',
      '三要素得分',
      '价值/成本象限',
      'MoSCoW 优先级',
      '负责人',
      '负责部门',
      '提出时间',
      '计划完成日期',
      '下一关键节点日期',
      '关键节点',
      '状态',
    ]);
    const [row] = table.rows;
    expect(row!.slice(0, 5)).toEqual([
      'REQ-1',
      '设备A智能预警模块误报率高',
      'CUS202405001 某汽车零部件制造有限公司; CUS202405002 （已删除）',
      '战略客户; 重点客户',
      2,
    ]);
    expect(row!.slice(8, 11)).toEqual(['可行', '有条件可行', '不可行']);
    expect(row!.slice(11, 13)).toEqual([4.3, 'A']);
    expect(row!.slice(-7)).toEqual(['Pat Product', 'Product', '2024-05-06', '2024-06-17', null, null, 'In progress']);
  });

  test('unmarked feasibility and unknown customers stay empty; English labels', () => {
    const [row] = exportTable('analysis', [blank()], 'en').rows;
    expect(row!.slice(2, 5)).toEqual([null, null, 0]);
    expect(row!.slice(8, 11)).toEqual([null, null, null]);
    const unknown = { number: 'CUS202405009', name: null, type: null, erased: false };
    const [marked] = exportTable(
      'analysis',
      [workedCase({ feasibility: { business: 'feasible' }, customers: [...workedCase().customers, unknown] })],
      'en',
    ).rows;
    expect(marked!.slice(3, 5)).toEqual(['Strategic; Key', 3]);
    expect(marked!.slice(8, 11)).toEqual([null, 'Feasible', null]);
  });

  test('each requirement’s plan: its next key date as a date column and its milestones with planned and actual day, in either language', () => {
    const planned = workedCase({
      nextKeyDate: '2024-05-22',
      keyDates: [
        { label: { en: 'Refinement', zh: '需求细化' }, planned: '2024-05-08', actual: '2024-05-07' },
        { label: { en: 'Development start', zh: '开发启动' }, planned: '2024-05-22', actual: null },
      ],
    });
    const english = exportTable('analysis', [planned], 'en');
    expect(byHeader(english)).toMatchObject({
      'Next key date': '2024-05-22',
      'Key dates': 'Refinement: planned 2024-05-08, done 2024-05-07; Development start: planned 2024-05-22',
    });
    expect((english.dateColumns ?? []).map((index) => english.headers[index])).toEqual([
      'Raised on',
      'Due date',
      'Next key date',
    ]);
    expect(byHeader(exportTable('analysis', [planned], 'zh'))).toMatchObject({
      下一关键节点日期: '2024-05-22',
      关键节点: '需求细化：计划 2024-05-08，实际 2024-05-07；开发启动：计划 2024-05-22',
    });
    // Done after its planned day says how late; done without a plan gives the actual day only.
    const late = workedCase({
      nextKeyDate: null,
      keyDates: [
        { label: { en: 'Refinement', zh: '需求细化' }, planned: '2024-05-08', actual: '2024-05-09' },
        { label: { en: 'Development start', zh: '开发启动' }, planned: '2024-05-22', actual: '2024-05-25' },
        { label: { en: 'acceptance', zh: 'acceptance' }, planned: null, actual: '2024-06-01' },
      ],
    });
    expect(byHeader(exportTable('analysis', [late], 'en'))).toMatchObject({
      'Next key date': null,
      'Key dates':
        'Refinement: planned 2024-05-08, done 2024-05-09 (1 day late); Development start: planned 2024-05-22, done 2024-05-25 (3 days late); acceptance: done 2024-06-01',
    });
    expect(byHeader(exportTable('analysis', [late], 'zh'))['关键节点']).toBe(
      '需求细化：计划 2024-05-08，实际 2024-05-09（延期 1 天）；开发启动：计划 2024-05-22，实际 2024-05-25（延期 3 天）；acceptance：实际 2024-06-01',
    );
    expect(byHeader(exportTable('analysis', [workedCase({ keyDates: [] })], 'en'))['Key dates']).toBeNull();
    // Still open past its planned day (daysLate, worked out on the site's day) says how late as well.
    const open = workedCase({
      keyDates: [{ label: { en: 'Test acceptance', zh: '测试验收' }, planned: '2024-06-05', actual: null, daysLate: 2 }],
    });
    expect(byHeader(exportTable('analysis', [open], 'en'))['Key dates']).toBe(
      'Test acceptance: planned 2024-06-05 (2 days late)',
    );
    expect(byHeader(exportTable('analysis', [open], 'zh'))['关键节点']).toBe('测试验收：计划 2024-06-05（延期 2 天）');
  });

  test('every customer type has a label in both languages', () => {
    expect(Object.keys(CUSTOMER_TYPE_LABELS).sort()).toEqual([...CUSTOMER_TYPES].sort());
  });
});

describe('CSV', () => {
  test('starts with the UTF-8 BOM, ends lines with CRLF and quotes commas, quotes and line breaks', () => {
    const csv = toCsv({
      headers: ['a', 'b'],
      rows: [
        ['x, y', 'say "hi"'],
        ['two\nlines', 4.3],
        [null, 'plain'],
      ],
    });
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",4.3\r\n,plain\r\n');
  });

  test('text a spreadsheet would run as a formula is kept as text; negative numbers stay numbers', () => {
    const csv = toCsv({ headers: ['cell'], rows: [['=HYPERLINK("http://x")'], ['+1'], ['-1'], ['@SUM(A1)'], [-1]] });
    expect(csv.slice(1).split('\r\n')).toEqual(['cell', '"\'=HYPERLINK(""http://x"")"', "'+1", "'-1", "'@SUM(A1)", '-1', '']);
  });

  test('a whole export reads back with a CSV parser as the same table, Chinese intact', () => {
    const table = exportTable('register', [workedCase(), blank()], 'zh');
    const parsed = parse(toCsv(table), { bom: true, relax_column_count: false }) as string[][];
    expect(parsed[0]).toEqual(table.headers);
    expect(parsed[1]).toEqual(table.rows[0]!.map((cell) => (cell === null ? '' : String(cell))));
    expect(parsed).toHaveLength(3);
  });
});

test('file names name the project, the template and the day', () => {
  expect(exportFileName('register', 'REQ', '2026-11-23', 'csv')).toBe('REQ-requirement-register-2026-11-23.csv');
  expect(exportFileName('evaluation', 'REQ', '2026-11-23', 'xlsx')).toBe('REQ-priority-evaluation-2026-11-23.xlsx');
  expect(exportFileName('analysis', 'REQ', '2026-11-23', 'xlsx')).toBe('REQ-requirement-analysis-2026-11-23.xlsx');
});

describe('spreadsheet-ready cells (issue 18)', () => {
  test('no merge yet is a duplicate count of 0, not an empty cell', () => {
    const table = exportTable('register', [blank()], 'en');
    expect(byHeader(table)['Duplicate count']).toBe(0);
  });

  test('the register names its date columns, so the XLSX writes them as dates', () => {
    const table = exportTable('register', [workedCase()], 'en');
    expect((table.dateColumns ?? []).map((index) => table.headers[index])).toEqual(['Raised on', 'Due date']);
    expect(exportTable('evaluation', [workedCase()], 'en').dateColumns).toEqual([]);
  });
});
