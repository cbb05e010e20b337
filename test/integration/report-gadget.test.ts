import { GADGET_PERIODS, gadgetReportPeriod } from '../../src/domain/gadget-config';
import type { ProjectReports, ReportGadgetData, ResolverResult } from '../../src/shared/api';
import { getProjectSetup, saveProjectSetup } from '../../src/storage/setup-store';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * reports.gadget with its settings against the sandbox's six months of delivery history
 * (sandbox/report-history.ts): each period gives what the Reports subpage gives for the same
 * months, a JQL narrows as the subpage's does, and bad settings are refused with the subpage's
 * messages on the named field.
 */

const env = useTestSandbox({ reportHistory: true });
const invoke = resolverCaller(env);

async function ok<T>(result: Promise<ResolverResult<T>>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}
const gadget = (payload: Record<string, unknown>) =>
  ok(invoke<ReportGadgetData>('manager', 'gadget', 'reports.gadget', { projectKey: 'REQ', ...payload }));
const reports = (payload: object) =>
  ok(invoke<ProjectReports>('manager', 'matrix', 'reports.get', { projectKey: 'REQ', ...payload }));
const delivered = (figures: Pick<ProjectReports, 'onTimeByGrade'>) =>
  figures.onTimeByGrade.reduce((sum, row) => sum + row.delivered, 0);

describe('a report gadget’s period', () => {
  test.each(GADGET_PERIODS)(
    '%s counts what the Reports subpage counts for the same months, ending with the site day’s',
    async (period) => {
      const shown = await gadget({ period });
      expect(shown.period).toEqual(gadgetReportPeriod(period, shown.today));
      const subpage = await reports(shown.period);
      expect(shown.onTimeByGrade).toEqual(subpage.onTimeByGrade);
      expect(shown.notice).toEqual(subpage.notice);
      expect(shown.satisfaction).toEqual(subpage.satisfaction);
    },
  );

  test('groups the answers by the answering customer’s type, as the subpage does (the gadget reads only those customers)', async () => {
    const shown = await gadget({ period: 'last-12-months' });
    const typed = shown.satisfaction.byCustomerType.filter((row) => row.group !== 'none');
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.reduce((sum, row) => sum + row.answers, 0)).toBeGreaterThan(0);
  });

  test('without one (settings saved before periods) it is the last six months; twelve count more than three', async () => {
    const old = await gadget({});
    expect(old.period).toEqual(gadgetReportPeriod('last-6-months', old.today));
    expect(delivered(await gadget({ period: 'last-12-months' }))).toBeGreaterThan(
      delivered(await gadget({ period: 'last-3-months' })),
    );
  });
});

describe('a report gadget’s JQL', () => {
  test('narrows the requirements counted, as the subpage’s JQL does', async () => {
    const narrowed = await gadget({ period: 'last-12-months', jql: 'component = CRM' });
    const subpage = await reports({ ...gadgetReportPeriod('last-12-months', narrowed.today), jql: 'component = CRM' });
    expect(narrowed.requirementCount).toBe(2);
    expect(narrowed.requirementCount).toBe(subpage.requirementCount);
    expect(narrowed.onTimeByGrade).toEqual(subpage.onTimeByGrade);
    expect((await gadget({ period: 'last-12-months', jql: '  ' })).requirementCount).toBe(30);
  });

  test.each([
    ['Jira refuses', 'status = = Done'],
    ['with ORDER BY', 'component = CRM ORDER BY key'],
  ])('%s is refused on the JQL field with the subpage’s own message', async (_, jql) => {
    const fromGadget = await invoke('manager', 'gadget', 'reports.gadget', { projectKey: 'REQ', period: 'this-year', jql });
    const fromSubpage = await invoke('manager', 'matrix', 'reports.get', {
      projectKey: 'REQ',
      from: '2026-01',
      to: '2026-12',
      jql,
    });
    expect(fromGadget).toMatchObject({
      ok: false,
      error: { kind: 'validation', violations: [{ field: 'jql', rule: 'syntax' }] },
    });
    expect(!fromGadget.ok && fromGadget.error.violations).toEqual(!fromSubpage.ok && fromSubpage.error.violations);
  });
});

test('a period the gadget does not offer, or an overlong JQL, is refused naming the field', async () => {
  const period = await invoke('manager', 'gadget', 'reports.gadget', { projectKey: 'REQ', period: 'last-7-months' });
  expect(period).toMatchObject({ ok: false, error: { kind: 'validation', violations: [{ field: 'period' }] } });
  const jql = await invoke('manager', 'gadget', 'reports.gadget', { projectKey: 'REQ', jql: 'x'.repeat(2001) });
  expect(jql).toMatchObject({ ok: false, error: { kind: 'validation', violations: [{ field: 'jql' }] } });
});

describe('the guard checks the permission beside the project lookup, on the id the project’s setup recorded', () => {
  const setupOf = () => env.site.sandbox.runtime.runInEnvironment(() => getProjectSetup('REQ'));

  test('a guest without Browse projects is still refused', async () => {
    expect((await setupOf())?.projectId).toBeTruthy();
    const refused = await invoke('guest', 'gadget', 'reports.gadget', { projectKey: 'REQ' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  test('a recorded id the lookup does not confirm is not trusted: the check is made again on the id Jira gives', async () => {
    const setup = (await setupOf())!;
    await env.site.sandbox.runtime.runInEnvironment(() => saveProjectSetup({ ...setup, projectId: '99999' }));
    try {
      env.site.sandbox.rateLimits.reset();
      expect(await invoke('manager', 'gadget', 'reports.gadget', { projectKey: 'REQ' })).toMatchObject({ ok: true });
      expect(await invoke('guest', 'gadget', 'reports.gadget', { projectKey: 'REQ' })).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
    } finally {
      await env.site.sandbox.runtime.runInEnvironment(() => saveProjectSetup(setup));
    }
  });
});
