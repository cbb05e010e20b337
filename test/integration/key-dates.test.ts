import { parse } from 'csv-parse/sync';
import { dayInZone } from '../../src/domain/delivery/deadlines';
import { exportTable, toCsv } from '../../src/domain/exports';
import type { ExportPage, ExportRow, KeyDatesTimeline, KeyDatesView, ResolverResult } from '../../src/shared/api';
import { createBenchRequirements } from '../../bench/helpers';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * Key dates on a requirement accepted in the sandbox: the panel's view and its default plan, the
 * save (refusals that name the milestone and rule, a stale save refused as a conflict, nothing half
 * written), the timeline, and the hourly run's reminder for a late milestone: once, then once
 * escalated, however many runs.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const { rest, transition, fieldId, today, advance } = siteRest(env);
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

let key = '';
const keyDateComments = () =>
  env.site
    .issue(key)
    .comments.map((comment) => JSON.stringify(comment.body))
    .filter((body) => body.includes('reminder key-date:'));

beforeAll(async () => {
  const created = await rest('POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'REQ' },
      issuetype: { name: 'Requirement' },
      summary: 'Alarm export by shift',
      assignee: { accountId: '5b10a2844c20165700ede21g' },
      [fieldId('Urgency')]: 4,
      [fieldId('Importance')]: 5,
      [fieldId('Feasibility')]: 3,
      [fieldId('Customer value')]: 5,
    },
  });
  expect(created.status).toBe(201);
  key = String(created.body.key);
  await env.site.sandbox.idle();
  await transition(key, 'Confirm');
  await transition(key, 'Accept');
}, 60_000);

test('the panel offers the default plan from the acceptance day, scaled to grade A’s 60 days', async () => {
  const view = await invoke<KeyDatesView>('pm', 'panel', 'keyDates.get', {}, { issueKey: key });
  if (!view.ok) throw new Error(view.error.message);
  const accepted = await today();
  expect(view.data.acceptedOn).toBe(accepted);
  expect(view.data.milestones.map((milestone) => milestone.label.zh)).toEqual(['需求细化', '开发启动', '测试验收']);
  // 17, 50 and 83 % of 60 days: days 10, 30 and 50.
  expect(view.data.proposal!.map((date) => date.planned)).toEqual([
    addDays(accepted, 10),
    addDays(accepted, 30),
    addDays(accepted, 50),
  ]);
  expect(view.data.dates.every((date) => date.state === 'unplanned')).toBe(true);
  expect(view.data.canEdit).toBe(true);
});

test('refusals name the milestone and the rule, and store nothing; a stale save is a conflict', async () => {
  const now = await today();
  const future = await invoke<KeyDatesView>(
    'pm',
    'panel',
    'keyDates.save',
    {
      dates: [
        { code: 'refinement', planned: now, actual: addDays(now, 1) },
        { code: 'launch', planned: now, actual: null },
      ],
      expected: null,
    },
    { issueKey: key },
  );
  expect(future.ok).toBe(false);
  if (future.ok) return;
  expect(future.error.violations?.map((violation) => `${violation.field}:${violation.rule}`)).toEqual([
    'keyDates.refinement.actual:order',
    'keyDates.1.code:enum',
  ]);
  expect(env.site.issue(key).fields[fieldId('Key dates')] ?? null).toBeNull();
  const stale = await invoke<KeyDatesView>(
    'pm',
    'panel',
    'keyDates.save',
    { dates: [], expected: 'refinement:2024-01-01' },
    { issueKey: key },
  );
  expect(stale.ok ? null : stale.error.kind).toBe('conflict');
  const reader = await invoke<KeyDatesView>(
    'manager',
    'panel',
    'keyDates.save',
    { dates: [], expected: null },
    { issueKey: key },
  );
  expect(reader.ok).toBe(false);
});

test('a save writes both fields; the timeline lists the requirement with its next milestone', async () => {
  const now = await today();
  const saved = await invoke<KeyDatesView>(
    'pm',
    'panel',
    'keyDates.save',
    {
      dates: [
        { code: 'refinement', planned: addDays(now, -1), actual: null },
        { code: 'development', planned: addDays(now, 20), actual: null },
      ],
      expected: null,
    },
    { issueKey: key },
  );
  if (!saved.ok) throw new Error(saved.error.message);
  expect(saved.data.dates.map((date) => date.state)).toEqual(['late', 'planned', 'unplanned']);
  expect(env.site.issue(key).fields[fieldId('Key dates')]).toBe(
    `refinement:${addDays(now, -1)}; development:${addDays(now, 20)}`,
  );
  expect(env.site.issue(key).fields[fieldId('Next key date')]).toBe(addDays(now, -1));
  const timeline = await invoke<KeyDatesTimeline>(
    'manager',
    'matrix',
    'keyDates.timeline',
    { projectKey: 'REQ' },
    { projectKey: 'REQ' },
  );
  if (!timeline.ok || 'copyNeeded' in timeline.data) throw new Error('no timeline');
  const row = timeline.data.rows.find((candidate) => candidate.key === key)!;
  expect(row.next).toMatchObject({ code: 'refinement', state: 'late', daysLate: 1 });
  expect(timeline.data.lateMilestones).toBeGreaterThanOrEqual(1);
});

test('a late milestone reminds the owner once, then once escalated after the project’s 7 days, however many runs', async () => {
  await advance('PT1H');
  await advance('PT1H');
  expect(keyDateComments()).toHaveLength(1);
  expect(keyDateComments()[0]).toContain('"type":"mention"');
  expect(keyDateComments()[0]).toContain('需求细化');
  expect(keyDateComments()[0]).toContain('Requirement refinement');
  expect(keyDateComments()[0]).toContain(':remind)');
  await advance('P3D');
  expect(keyDateComments()).toHaveLength(1);
  await advance('P4D');
  expect(keyDateComments()).toHaveLength(2);
  expect(keyDateComments()[1]).toContain('Escalated to the project lead');
  await advance('P2D');
  expect(keyDateComments()).toHaveLength(2);
}, 120_000);

test('once the actual day is recorded, the milestone reminds no more', async () => {
  const view = await invoke<KeyDatesView>('pm', 'panel', 'keyDates.get', {}, { issueKey: key });
  if (!view.ok) throw new Error(view.error.message);
  const now = await today();
  const dates = view.data.dates.map((date) => ({
    code: date.code,
    planned: date.planned,
    actual: date.code === 'refinement' ? now : null,
  }));
  const saved = await invoke<KeyDatesView>(
    'pm',
    'panel',
    'keyDates.save',
    { dates, expected: view.data.stored },
    { issueKey: key },
  );
  if (!saved.ok) throw new Error(saved.error.message);
  expect(saved.data.dates[0]!.state).toBe('done-late');
  expect(env.site.issue(key).fields[fieldId('Next key date')]).toBe(view.data.dates[1]!.planned);
  const before = keyDateComments().length;
  await advance('P1D');
  expect(keyDateComments()).toHaveLength(before);
}, 60_000);

/** Every page of exports.page, as the matrix page reads them (the pages the first names, or each next token). */
async function exportRows(payload: Record<string, unknown>): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  let nextPageToken: string | null = null;
  do {
    const result: ResolverResult<ExportPage> = await invoke<ExportPage>('manager', 'matrix', 'exports.page', {
      projectKey: 'REQ',
      ...payload,
      nextPageToken,
    });
    if (!result.ok) throw new Error(result.error.message);
    rows.push(...result.data.rows);
    nextPageToken = result.data.nextPageToken;
    for (const token of result.data.pageTokens ?? []) {
      const page = await invoke<ExportPage>('manager', 'matrix', 'exports.page', {
        projectKey: 'REQ',
        ...payload,
        nextPageToken: token,
      });
      if (!page.ok) throw new Error(page.error.message);
      rows.push(...page.data.rows);
    }
  } while (nextPageToken);
  return rows;
}

test('the analysis export lists the saved key dates, named from the delivery rules, and the next key date: the same cells from a search and from the project’s copy', async () => {
  const view = await invoke<KeyDatesView>('pm', 'panel', 'keyDates.get', {}, { issueKey: key });
  if (!view.ok) throw new Error(view.error.message);
  const [refinement, development] = view.data.dates;
  const lateBy = Math.round((Date.parse(refinement!.actual!) - Date.parse(refinement!.planned!)) / 86_400_000);
  const cellsOf = (rows: ExportRow[], language: 'en' | 'zh') => {
    const table = parse(
      toCsv(
        exportTable(
          'analysis',
          rows.filter((row) => row.key === key),
          language,
        ),
      ),
      { bom: true, columns: true },
    ) as Record<string, string>[];
    return table[0]!;
  };
  const searched = await exportRows({ jql: `key = ${key}` });
  expect(cellsOf(searched, 'en')).toMatchObject({
    'Next key date': development!.planned,
    'Key dates': `Requirement refinement: planned ${refinement!.planned}, done ${refinement!.actual} (${lateBy} days late); Development start: planned ${development!.planned}`,
  });
  expect(cellsOf(searched, 'zh')).toMatchObject({
    下一关键节点日期: development!.planned,
    关键节点: `需求细化：计划 ${refinement!.planned}，实际 ${refinement!.actual}（延期 ${lateBy} 天）；开发启动：计划 ${development!.planned}`,
  });
  // The whole project: the first export may build the copy, the second reads it.
  await exportRows({});
  const fromCopy = await exportRows({});
  expect(cellsOf(fromCopy, 'en')).toEqual(cellsOf(searched, 'en'));
  expect(cellsOf(fromCopy, 'zh')).toEqual(cellsOf(searched, 'zh'));
}, 60_000);

test('an open milestone past its planned day on the site’s day is marked late in the analysis export, in either language', async () => {
  const view = await invoke<KeyDatesView>('pm', 'panel', 'keyDates.get', {}, { issueKey: key });
  if (!view.ok) throw new Error(view.error.message);
  const [refinement, development] = view.data.dates;
  // Development start planned the day after refinement's plan, which the clock has passed (the reminder tests above moved it).
  const overdue = addDays(refinement!.planned!, 1);
  const dates = view.data.dates.map((date) => ({
    code: date.code,
    planned: date.code === development!.code ? overdue : date.planned,
    actual: date.actual,
  }));
  const saved = await invoke<KeyDatesView>(
    'pm',
    'panel',
    'keyDates.save',
    { dates, expected: view.data.stored },
    { issueKey: key },
  );
  if (!saved.ok) throw new Error(saved.error.message);
  const info = (await rest('GET', '/rest/api/3/serverInfo')).body as { serverTime: string; serverTimeZone: string };
  const siteDay = dayInZone(new Date(info.serverTime), info.serverTimeZone);
  const daysLate = Math.round((Date.parse(siteDay) - Date.parse(overdue)) / 86_400_000);
  expect(daysLate).toBeGreaterThan(1);
  expect(saved.data.dates[1]).toMatchObject({ state: 'late', daysLate });
  const [row] = (await exportRows({ jql: `key = ${key}` })).filter((candidate) => candidate.key === key);
  const cell = (language: 'en' | 'zh') =>
    (parse(toCsv(exportTable('analysis', [row!], language)), { bom: true, columns: true }) as Record<string, string>[])[0]!;
  expect(cell('en')['Key dates']).toContain(`Development start: planned ${overdue} (${daysLate} days late)`);
  expect(cell('zh')['关键节点']).toContain(`开发启动：计划 ${overdue}（延期 ${daysLate} 天）`);
  // The done milestone keeps its own lateness, counted from its actual day.
  expect(cell('en')['Key dates']).toMatch(/^Requirement refinement: planned [0-9-]+, done [0-9-]+ \(\d+ days? late\); /);
}, 60_000);

/** Measured with 500 requirements in the project (docs/BENCHMARKS.md); the margin is 5 %. */
const TIMELINE_POINTS = Math.ceil(20 * 1.05);
const REPORT_GADGET_POINTS = Math.ceil(20 * 1.05);

describe('points per open (counted by the sandbox’s model of Jira’s points)', () => {
  beforeAll(async () => {
    await createBenchRequirements(env.site.sandbox, 493, 5);
  }, 120_000);

  /** Points of one call, from a zeroed ledger. */
  const pointsOf = async (run: () => Promise<unknown>): Promise<{ points: number; calls: number }> => {
    await env.site.sandbox.idle();
    env.site.sandbox.rateLimits.reset();
    await run();
    await env.site.sandbox.idle();
    const { total } = env.site.sandbox.rateLimits.report();
    return { points: total.points, calls: total.calls };
  };

  test('the timeline and a report gadget read the project’s copy: a handful of points, not one per requirement', async () => {
    // The first open builds the copy (a point per requirement); the opens after it read KVS.
    await invoke('manager', 'matrix', 'keyDates.timeline', { projectKey: 'REQ' }, { projectKey: 'REQ' });
    const timeline = await pointsOf(() =>
      invoke('manager', 'matrix', 'keyDates.timeline', { projectKey: 'REQ' }, { projectKey: 'REQ' }),
    );
    const gadget = await pointsOf(() => invoke('manager', 'gadget', 'reports.gadget', { projectKey: 'REQ' }));

    expect(timeline.points).toBeLessThanOrEqual(TIMELINE_POINTS);
    expect(gadget.points).toBeLessThanOrEqual(REPORT_GADGET_POINTS);
    // Counted, not timed: building the copy of 500 requirements may take a while on a loaded machine.
  }, 60_000);
});
