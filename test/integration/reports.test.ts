import { createBenchRequirements } from '../../bench/helpers';
import { JQL_MATCHES_MAX } from '../../src/resolvers/reports';
import type { ProjectReports, ResolverResult } from '../../src/shared/api';
import { openMatrix, openReports } from '../support/action-points';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * reports.get against the sandbox with six months of delivery history (REQ-7 to REQ-30,
 * sandbox/report-history.ts): the figures the seeded dates give, the period and JQL, and the cost
 * (rows from the project's copy, so no Jira search per report).
 */

const env = useTestSandbox({ reportHistory: true });
const invoke = resolverCaller(env);

/** Twelve whole months up to the sandbox's: the whole history. */
const wholeHistory = () => {
  const now = env.site.sandbox.clock.now();
  const to = now.toISOString().slice(0, 7);
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return { from: start.toISOString().slice(0, 7), to };
};

async function reports(payload: Record<string, unknown>): Promise<ProjectReports> {
  const result: ResolverResult<ProjectReports> = await invoke<ProjectReports>('manager', 'matrix', 'reports.get', {
    projectKey: 'REQ',
    ...payload,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

describe('the seeded history', () => {
  test('on-time delivery by grade against the accepted deadline, and the 24-hour notice rate', async () => {
    const figures = await reports(wholeHistory());
    expect(figures.requirementCount).toBe(30);
    expect(figures.onTimeByGrade).toEqual([
      { grade: 'S', delivered: 5, onTime: 3, late: 2, noDeadline: 0, rate: 60 },
      { grade: 'A', delivered: 8, onTime: 6, late: 2, noDeadline: 0, rate: 75 },
      { grade: 'B', delivered: 4, onTime: 3, late: 1, noDeadline: 0, rate: 75 },
      { grade: 'C', delivered: 2, onTime: 2, late: 0, noDeadline: 0, rate: 100 },
    ]);
    // REQ-5 and REQ-6 of the worked cases are delivered too (today, no accepted deadline past): counted on time.
    expect(figures.notice).toMatchObject({ withinDay: 13, late: 4, notTold: 1, rate: 72 });
  });

  test('satisfaction by customer type, department, grade and month; every answer counted once per table', async () => {
    const { satisfaction } = await reports(wholeHistory());
    const answers = (rows: { answers: number }[]) => rows.reduce((sum, row) => sum + row.answers, 0);
    expect(answers(satisfaction.byCustomerType)).toBe(17);
    expect(answers(satisfaction.byDepartment)).toBe(17);
    expect(answers(satisfaction.byGrade)).toBe(17);
    expect(answers(satisfaction.byMonth)).toBe(17);
    expect(satisfaction.byMonth).toHaveLength(12);
    expect(satisfaction.byCustomerType.find((row) => row.group === 'strategic')).toEqual({
      group: 'strategic',
      answers: 5,
      average: 4.2,
    });
    expect(satisfaction.byGrade.map((row) => row.group)).toEqual(['S', 'A', 'B', 'C']);
  });

  test('open requirements by status and age, demand by industry and region, requirements per channel', async () => {
    const figures = await reports(wholeHistory());
    expect(figures.openByAge.totals.reduce((sum, count) => sum + count, 0)).toBe(11);
    expect(figures.openByAge.rows.find((row) => row.status === 'To confirm')).toEqual({
      status: 'To confirm',
      counts: [5, 0, 0, 0, 0],
      total: 5,
    });
    expect(figures.demandByIndustry[0]).toEqual({ group: 'F', requirements: 7, customers: 2 });
    expect(figures.demandByRegion.map((row) => row.group)).toEqual(
      expect.arrayContaining(['江苏 苏州', '上海', '北京', '广东 广州', '四川 成都', '浙江 杭州', '陕西 西安', '广东 深圳']),
    );
    expect(figures.byChannel.reduce((sum, row) => sum + row.requirements, 0)).toBe(30);
  });

  test('a shorter period counts only what happened in it; the open requirements are a picture of today', async () => {
    const month = env.site.sandbox.clock.now().toISOString().slice(0, 7);
    const whole = await reports(wholeHistory());
    const thisMonth = await reports({ from: month, to: month });
    const delivered = (figures: ProjectReports) => figures.onTimeByGrade.reduce((sum, row) => sum + row.delivered, 0);
    expect(delivered(thisMonth)).toBeLessThan(delivered(whole));
    expect(thisMonth.satisfaction.byMonth.map((row) => row.group)).toEqual([month]);
    expect(thisMonth.openByAge).toEqual(whole.openByAge);
  });

  test('JQL narrows the requirements counted', async () => {
    const crm = await reports({ ...wholeHistory(), jql: 'component = CRM' });
    // The two worked cases on the CRM component; none of the history.
    expect(crm.requirementCount).toBe(2);
    expect(crm.onTimeByGrade.reduce((sum, row) => sum + row.delivered, 0)).toBe(0);
  });
});

describe('bad input', () => {
  test('a bad period names the field and the rule and computes nothing', async () => {
    const result = await invoke('manager', 'matrix', 'reports.get', { projectKey: 'REQ', from: '2026-13', to: '2026-01' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'validation',
        violations: [{ field: 'from', rule: 'syntax', message: 'From must be a month such as 2026-01.' }],
      },
    });
  });
  test('JQL Jira refuses comes back as its own message on the JQL box', async () => {
    const result = await invoke('manager', 'matrix', 'reports.get', {
      projectKey: 'REQ',
      ...wholeHistory(),
      jql: 'status = = Done',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation', violations: [{ field: 'jql', rule: 'syntax' }] } });
  });
});

test('a report reads the rows from the project copy the matrix keeps: no search page per report', async () => {
  await openMatrix(env.site, 'REQ');
  const report = await openReports(env.site, 'REQ', wholeHistory());
  const matrix = await openMatrix(env.site, 'REQ');
  expect(report.requirementCount).toBe(30);
  // The copy's checks (a count and the newest changes) plus the site clock: no more than opening the matrix.
  expect(report.points).toBeLessThanOrEqual(matrix.points + 1);
});

describe('a JQL matching more than a report searches in one call', () => {
  const large = useTestSandbox();
  const invokeLarge = resolverCaller(large);
  beforeAll(async () => {
    await createBenchRequirements(large.site.sandbox, JQL_MATCHES_MAX, 7);
  }, 180_000);

  test('is refused on the JQL box with the count and the limit, before any search page', async () => {
    large.site.sandbox.rateLimits.reset();
    const result = await invokeLarge('manager', 'matrix', 'reports.get', {
      projectKey: 'REQ',
      from: '2026-01',
      to: '2026-12',
      jql: 'status != Closed',
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'validation',
        violations: [
          {
            field: 'jql',
            rule: 'range',
            message: expect.stringMatching(/^jql: it matches 2\d{3} requirements; narrow it to at most 2000, or leave it empty/),
          },
        ],
      },
    });
    expect(large.site.sandbox.rateLimits.report().total.points).toBeLessThan(JQL_MATCHES_MAX);
  });
});
