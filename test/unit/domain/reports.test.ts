import {
  AGE_BUCKETS,
  average,
  byKindTag,
  MAX_PERIOD_MONTHS,
  NOT_RECORDED,
  computeReports,
  defaultPeriod,
  noticeFigures,
  onTimeByGrade,
  openByAge,
  percent,
  periodMonths,
  periodViolations,
  satisfaction,
  type ReportCustomer,
  type ReportOptions,
  type ReportRequirement,
  type ReportRound,
} from '../../../src/domain/reports';

const round = ({
  completedAt = null,
  noticeAt = null,
  followUpAt = null,
  answers = [],
}: Partial<ReportRound> = {}): ReportRound => ({ completedAt, noticeAt, followUpAt, answers });

const customer = ({
  number = 'CUS202401001',
  name = 'Acme',
  type = 'key',
  industry = 'C',
  region = '江苏 苏州',
}: Partial<ReportCustomer> = {}): ReportCustomer => ({ number, name, type, industry, region });

let sequence = 0;
const requirement = ({
  key,
  grade = 'A',
  status = 'Done',
  open = false,
  createdOn = '2026-03-02',
  department = 'R&D',
  sourceChannel = 'customer-interview',
  kind = null,
  kindTag = null,
  weightedScore = null,
  closedDuplicate = false,
  deadline = null,
  customers = [],
  rounds = [],
}: Partial<ReportRequirement> = {}): ReportRequirement => ({
  key: key ?? `REQ-${(sequence += 1)}`,
  grade,
  status,
  open,
  createdOn,
  department,
  sourceChannel,
  kind,
  kindTag,
  weightedScore,
  closedDuplicate,
  deadline,
  customers,
  rounds,
});

const options: ReportOptions = {
  period: { from: '2026-01', to: '2026-06' },
  today: '2026-06-30',
  dayOf: (instant) => instant.slice(0, 10),
};
const now = new Date('2026-06-30T12:00:00Z');

describe('report period', () => {
  test('months both ends included, across a year end', () => {
    expect(periodMonths({ from: '2025-11', to: '2026-02' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
  test('the default is the six months up to this one', () => {
    expect(defaultPeriod('2026-03-15')).toEqual({ from: '2025-10', to: '2026-03' });
    expect(defaultPeriod('2026-12-01')).toEqual({ from: '2026-07', to: '2026-12' });
  });
  test('a bad period names the field and the rule', () => {
    expect(periodViolations({ from: '2026-1', to: '2026-13' })).toEqual([
      { field: 'from', message: 'From must be a month such as 2026-01.' },
      { field: 'to', message: 'To must be a month such as 2026-06.' },
    ]);
    expect(periodViolations({ from: '2026-05', to: '2026-04' })).toEqual([{ field: 'to', message: 'To cannot be before From.' }]);
    expect(periodViolations({ from: '2020-01', to: '2026-04' })).toEqual([
      { field: 'from', message: `A period spans at most ${MAX_PERIOD_MONTHS} months.` },
    ]);
    expect(periodViolations({ from: '2026-01', to: '2026-06' })).toEqual([]);
  });
  test('percent and average round half up; nothing counted is null', () => {
    expect(percent(2, 3)).toBe(67);
    expect(percent(1, 0)).toBeNull();
    expect(average([3, 4])).toBe(3.5);
    expect(average([3.45])).toBe(3.5);
    expect(average([])).toBeNull();
  });
});

describe('on-time delivery by grade', () => {
  test('the last delivery in the period counts against the accepted deadline; grades without deliveries stay listed', () => {
    const rows = onTimeByGrade(
      [
        requirement({ grade: 'S', deadline: '2026-02-10', rounds: [round({ completedAt: '2026-02-10T09:00:00Z' })] }),
        requirement({ grade: 'S', deadline: '2026-02-10', rounds: [round({ completedAt: '2026-02-11T09:00:00Z' })] }),
        requirement({ grade: 'A', deadline: null, rounds: [round({ completedAt: '2026-03-01T00:00:00Z' })] }),
        // Reopened and delivered again late: the later delivery counts.
        requirement({
          grade: 'B',
          deadline: '2026-04-01',
          rounds: [round({ completedAt: '2026-03-20T00:00:00Z' }), round({ completedAt: '2026-04-05T00:00:00Z' })],
        }),
        // Outside the period, and never delivered.
        requirement({ grade: 'B', deadline: '2026-12-01', rounds: [round({ completedAt: '2025-12-31T00:00:00Z' })] }),
        requirement({ grade: 'C', open: true, rounds: [] }),
      ],
      options,
    );
    expect(rows).toEqual([
      { grade: 'S', delivered: 2, onTime: 1, late: 1, noDeadline: 0, rate: 50 },
      { grade: 'A', delivered: 1, onTime: 0, late: 0, noDeadline: 1, rate: null },
      { grade: 'B', delivered: 1, onTime: 0, late: 1, noDeadline: 0, rate: 0 },
      { grade: 'C', delivered: 0, onTime: 0, late: 0, noDeadline: 0, rate: null },
    ]);
  });
  test('an ungraded delivery gets its own row', () => {
    const rows = onTimeByGrade(
      [requirement({ grade: null, deadline: '2026-05-01', rounds: [round({ completedAt: '2026-04-01T00:00:00Z' })] })],
      options,
    );
    expect(rows.at(-1)).toEqual({ grade: 'none', delivered: 1, onTime: 1, late: 0, noDeadline: 0, rate: 100 });
  });
});

describe('24-hour notice rate', () => {
  test('told within 24 h, told late and not told once the day passed; a day still running is not counted yet', () => {
    const figures = noticeFigures(
      [
        requirement({ rounds: [round({ completedAt: '2026-02-01T08:00:00Z', noticeAt: '2026-02-02T08:00:00Z' })] }),
        requirement({ rounds: [round({ completedAt: '2026-02-01T08:00:00Z', noticeAt: '2026-02-02T08:00:01Z' })] }),
        requirement({ rounds: [round({ completedAt: '2026-03-01T08:00:00Z' }), round({ completedAt: '2026-06-30T08:00:00Z' })] }),
        requirement({ rounds: [round({ completedAt: '2025-06-01T08:00:00Z', noticeAt: '2025-06-01T09:00:00Z' })] }),
        requirement({ rounds: [round({ noticeAt: '2026-02-01T08:00:00Z' })] }),
      ],
      { ...options, now },
    );
    expect(figures).toEqual({ due: 3, withinDay: 1, late: 1, notTold: 1, rate: 33 });
  });
});

describe('average satisfaction', () => {
  const strategic = customer({ number: 'CUS202401001', name: '华东物流集团', type: 'strategic' });
  const regular = customer({ number: 'CUS202401002', name: 'Small shop', type: 'regular' });
  const rows = [
    requirement({
      grade: 'S',
      department: 'R&D',
      customers: [strategic, regular],
      rounds: [
        round({
          followUpAt: '2026-02-10T00:00:00Z',
          answers: [
            { customer: 'CUS202401001', satisfaction: 5 },
            { customer: 'Small shop', satisfaction: 2 },
          ],
        }),
      ],
    }),
    requirement({
      grade: 'A',
      department: null,
      customers: [regular],
      rounds: [
        round({
          followUpAt: '2026-04-01T00:00:00Z',
          answers: [
            { customer: 'CUS202401002', satisfaction: 4 },
            { customer: 'walk-in', satisfaction: 3 },
          ],
        }),
      ],
    }),
    requirement({
      grade: null,
      rounds: [round({ followUpAt: '2025-04-01T00:00:00Z', answers: [{ customer: 'x', satisfaction: 1 }] })],
    }),
  ];
  test('by customer type (matched by number or name), department, grade and month', () => {
    const result = satisfaction(rows, options);
    expect(result.byCustomerType).toEqual([
      { group: 'regular', answers: 2, average: 3 },
      { group: 'strategic', answers: 1, average: 5 },
      { group: 'none', answers: 1, average: 3 },
    ]);
    expect(result.byDepartment).toEqual([
      { group: 'R&D', answers: 2, average: 3.5 },
      { group: 'none', answers: 2, average: 3.5 },
    ]);
    expect(result.byGrade).toEqual([
      { group: 'S', answers: 2, average: 3.5 },
      { group: 'A', answers: 2, average: 3.5 },
    ]);
    expect(result.byMonth.map((row) => [row.group, row.average])).toEqual([
      ['2026-01', null],
      ['2026-02', 3.5],
      ['2026-03', null],
      ['2026-04', 3.5],
      ['2026-05', null],
      ['2026-06', null],
    ]);
  });
  test('an ungraded requirement is listed after the grades', () => {
    const result = satisfaction(
      [
        requirement({
          grade: null,
          rounds: [round({ followUpAt: '2026-02-10T00:00:00Z', answers: [{ customer: 'x', satisfaction: 4 }] })],
        }),
        ...rows,
      ],
      options,
    );
    expect(result.byGrade.map((row) => row.group)).toEqual(['S', 'A', 'none']);
  });
});

describe('open requirements by age and status', () => {
  test('only open ones, by days since creation, busiest status first, with totals', () => {
    const table = openByAge(
      [
        requirement({ open: true, status: 'Analysing', createdOn: '2026-06-30' }),
        requirement({ open: true, status: 'Analysing', createdOn: '2026-06-23' }),
        requirement({ open: true, status: 'Analysing', createdOn: '2026-06-22' }),
        requirement({ open: true, status: 'In progress', createdOn: '2026-01-01' }),
        requirement({ open: true, status: 'Pending', createdOn: '2025-06-01' }),
        requirement({ open: true, status: 'Pending', createdOn: null }),
        requirement({ open: false, status: 'Done', createdOn: '2026-06-30' }),
      ],
      options,
    );
    expect(table.rows).toEqual([
      { status: 'Analysing', counts: [2, 1, 0, 0, 0], total: 3 },
      { status: 'In progress', counts: [0, 0, 0, 1, 0], total: 1 },
      { status: 'Pending', counts: [0, 0, 0, 0, 1], total: 1 },
    ]);
    expect(table.totals).toEqual([2, 1, 0, 1, 1]);
    expect(table.buckets).toBe(AGE_BUCKETS);
  });
});

describe('demand and channels', () => {
  test('requirements created in the period per industry, region and channel; customers counted once per group', () => {
    const auto = customer({ number: 'CUS1', industry: 'C', region: '江苏 苏州' });
    const parts = customer({ number: 'CUS2', industry: 'C', region: null });
    const logistics = customer({ number: 'CUS3', industry: 'G', region: '上海' });
    const reports = computeReports(
      [
        requirement({ customers: [auto, logistics], sourceChannel: 'questionnaire' }),
        requirement({ customers: [auto, parts], sourceChannel: 'questionnaire' }),
        requirement({ customers: [], sourceChannel: null }),
        requirement({ customers: [auto], createdOn: '2025-01-01' }),
      ],
      { ...options, now },
    );
    expect(reports.demandByIndustry).toEqual([
      { group: 'C', requirements: 2, customers: 2 },
      { group: 'G', requirements: 1, customers: 1 },
      { group: 'none', requirements: 1, customers: 0 },
    ]);
    expect(reports.demandByRegion).toEqual([
      { group: '江苏 苏州', requirements: 2, customers: 1 },
      { group: 'none', requirements: 2, customers: 1 },
      { group: '上海', requirements: 1, customers: 1 },
    ]);
    expect(reports.byChannel).toEqual([
      { group: 'questionnaire', requirements: 2 },
      { group: NOT_RECORDED, requirements: 1 },
    ]);
    expect(reports.period).toEqual(options.period);
  });
});

describe('requirements by kind and second-level tag', () => {
  const grades = (counts: Partial<Record<'S' | 'A' | 'B' | 'C' | 'none', number>>) => ({
    S: 0,
    A: 0,
    B: 0,
    C: 0,
    none: 0,
    ...counts,
  });
  test('created in the period, per kind in the kinds order then per tag (busiest first, no tag last), open and delivered, grades and mean score', () => {
    const groups = byKindTag(
      [
        requirement({ kind: 'optimisation', kindTag: 'data-output', open: true, grade: 'S', weightedScore: 4.25 }),
        requirement({ kind: 'optimisation', kindTag: 'ui-interaction', open: true, grade: 'A', weightedScore: 3.5 }),
        requirement({ kind: 'optimisation', kindTag: 'ui-interaction', open: false, grade: 'B', weightedScore: 2.95 }),
        requirement({ kind: 'optimisation', kindTag: null, open: true, grade: null, weightedScore: null }),
        requirement({ kind: 'new-feature', kindTag: 'mobile', open: false, grade: 'C', weightedScore: 1.8 }),
        requirement({ kind: null, kindTag: null, open: true, grade: 'A', weightedScore: 3 }),
        // Outside the period, and a closed duplicate: neither is counted.
        requirement({ kind: 'optimisation', kindTag: 'ui-interaction', createdOn: '2025-12-31' }),
        requirement({ kind: 'optimisation', kindTag: 'ui-interaction', closedDuplicate: true }),
      ],
      options,
    );
    expect(groups.map((group) => group.kind)).toEqual(['new-feature', 'optimisation', NOT_RECORDED]);
    const optimisation = groups[1]!;
    expect(optimisation).toMatchObject({
      open: 3,
      delivered: 1,
      total: 4,
      grades: grades({ S: 1, A: 1, B: 1, none: 1 }),
      averageScore: 3.6,
    });
    expect(optimisation.tags).toEqual([
      { tag: 'ui-interaction', open: 1, delivered: 1, total: 2, grades: grades({ A: 1, B: 1 }), averageScore: 3.2 },
      { tag: 'data-output', open: 1, delivered: 0, total: 1, grades: grades({ S: 1 }), averageScore: 4.3 },
      { tag: NOT_RECORDED, open: 1, delivered: 0, total: 1, grades: grades({ none: 1 }), averageScore: null },
    ]);
    expect(groups[2]!.tags).toEqual([
      { tag: NOT_RECORDED, open: 1, delivered: 0, total: 1, grades: grades({ A: 1 }), averageScore: 3 },
    ]);
  });

  test('a kind the app no longer lists comes after the listed kinds and before "not recorded", kinds off the list in code order', () => {
    const groups = byKindTag(
      [
        requirement({ kind: null }),
        requirement({ kind: 'zeta-old' }),
        requirement({ kind: 'alpha-old' }),
        requirement({ kind: 'mid-old' }),
        requirement({ kind: 'new-feature' }),
      ],
      options,
    );
    expect(groups.map((group) => group.kind)).toEqual(['new-feature', 'alpha-old', 'mid-old', 'zeta-old', NOT_RECORDED]);
  });

  test('part of every report, and empty without requirements in the period', () => {
    expect(
      computeReports([requirement({ kind: 'optimisation', createdOn: '2025-01-01' })], { ...options, now }).byKindTag,
    ).toEqual([]);
  });
});
