import type { PlatformCall } from '../../sandbox/forge/invocation-clock';
import type { IssueRecord } from '../../sandbox/jira/model';
import { deadlineBuilders } from '../support/builders';
import { startTestSandbox, type TestSandbox } from '../support/test-sandbox';

/**
 * The hourly reminder run under Forge's time limit. A run stopped between claiming a reminder and
 * posting it, or between posting and marking it sent, loses nothing and posts nothing twice: the
 * next run finishes the claim. And 10,000 overdue requirements are all reminded, once each, by a
 * run that hands what does not fit in one invocation to queue events, none of which is stopped.
 * Each site's followed requirement is built by the test, three days overdue.
 */

/** A fresh site and a requirement on it three days overdue (the demo's own overdue one is not followed). */
async function siteWithOverdue(
  options: Parameters<typeof startTestSandbox>[0] = {},
): Promise<{ site: TestSandbox; key: string }> {
  const site = await startTestSandbox(options);
  const key = await deadlineBuilders({ site }).requirementDueIn(-3, { summary: 'Overdue reminder run' });
  return { site, key };
}

const markersOf = (site: TestSandbox, key: string): string[] =>
  site
    .issue(key)
    .comments.map((comment) => /\(Requirement Triage, reminder ([^)]+)\)/.exec(JSON.stringify(comment.body))?.[1] ?? 'no marker');

/** Runs the hourly trigger for the next hour of the sandbox clock and waits for what it queued. */
async function nextHour(site: TestSandbox): Promise<{ statusCode?: number } | undefined> {
  const { from, to } = site.sandbox.clock.advance(3_600_000);
  await site.sandbox.runtime.runScheduled(from, to);
  await site.sandbox.idle();
  return site.sandbox.runtime.triggerRuns.filter((run) => run.moduleKey === 'rt-overdue-reminders').at(-1)?.outcome as
    { statusCode?: number } | undefined;
}

const pendingClaims = (site: TestSandbox): string[] =>
  site.sandbox.store.ids('kvs').filter((key) => key.startsWith('reminder-pending:'));

/** Ends the first invocation that is about to make a call matching `when`, once. */
function stopOnce(site: TestSandbox, when: (call: PlatformCall) => boolean): { stopped: () => boolean } {
  let stopped = false;
  site.sandbox.runtime.endInvocationWhen = (call) => {
    if (stopped || !when(call)) return false;
    stopped = true;
    site.sandbox.runtime.endInvocationWhen = undefined;
    return true;
  };
  return { stopped: () => stopped };
}

const isCommentOn = (site: TestSandbox, key: string) => (call: PlatformCall) =>
  call.kind === 'jira' && call.method === 'POST' && call.path === `/rest/api/3/issue/${site.issue(key).id}/comment`;

describe('a run stopped between claim and comment', () => {
  let site: TestSandbox;
  let overdue = '';
  beforeAll(async () => {
    ({ site, key: overdue } = await siteWithOverdue());
  }, 60_000);
  afterAll(() => site.stop(), 60_000);

  test('leaves the claim pending; the next run posts it exactly once', async () => {
    const stop = stopOnce(site, isCommentOn(site, overdue));
    await nextHour(site);
    expect(stop.stopped()).toBe(true);
    expect(site.sandbox.runtime.invocations.at(-1)).toMatchObject({ functionKey: 'overdue-reminders', outcome: 'timed-out' });
    expect(site.issue(overdue).comments).toEqual([]);
    const claimed = site.sandbox.store
      .list<{ value: { state?: string; kind: string; period: string } }>('kvs')
      .map((item) => item.value)
      .filter((value) => value.state === 'pending');
    expect(claimed).toHaveLength(1);
    const marker = `${claimed[0]!.kind}:${claimed[0]!.period}`;

    // The scheduled trigger answers 204 once every reminder, the recovered claim included, went out.
    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    expect(pendingClaims(site)).toEqual([]);
    // The claimed reminder once; a new day may add its own, never one twice.
    const markers = markersOf(site, overdue);
    expect(markers.filter((found) => found === marker)).toHaveLength(1);
    expect(new Set(markers).size).toBe(markers.length);
    await nextHour(site);
    expect(markersOf(site, overdue).filter((found) => found === marker)).toHaveLength(1);
  }, 60_000);
});

describe('a run stopped between comment and marking it sent', () => {
  let site: TestSandbox;
  let overdue = '';
  beforeAll(async () => {
    ({ site, key: overdue } = await siteWithOverdue());
  }, 60_000);
  afterAll(() => site.stop(), 60_000);

  test('the next run finds the marker on the issue and posts nothing again', async () => {
    const commentOnOverdue = isCommentOn(site, overdue);
    let commented = false;
    const stop = stopOnce(site, (call) => {
      if (commentOnOverdue(call)) commented = true;
      return (
        commented &&
        call.kind === 'kvs' &&
        call.path === '/api/v1/transaction' &&
        JSON.stringify(call.body).includes('"state":"sent"')
      );
    });
    await nextHour(site);
    expect(stop.stopped()).toBe(true);
    const [marker] = markersOf(site, overdue);
    expect(marker).toMatch(/^overdue:\d{4}-\d{2}-\d{2}$/);

    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    const markers = markersOf(site, overdue);
    expect(markers.filter((found) => found === marker)).toHaveLength(1);
    expect(new Set(markers).size).toBe(markers.length);
    // Nothing is left pending.
    expect(pendingClaims(site)).toEqual([]);
  }, 60_000);
});

describe('10,000 overdue requirements', () => {
  const COUNT = 10_000;
  const CALL_COST_MS = 50;
  let site: TestSandbox;
  let overdue = '';
  beforeAll(async () => {
    // Every platform call costs 50 ms of function time and real time does not count: a 55 s run makes at most 1,100 calls.
    ({ site, key: overdue } = await siteWithOverdue({
      checkContract: false,
      queueDelayScale: 0.001,
      functionClock: { timeScale: 0, platformCallCostMs: CALL_COST_MS },
    }));
    // Copies of the overdue requirement, written straight to the emulator's store: creating 10,000 through REST is not what this test is about.
    const template = site.issue(overdue);
    const copies: IssueRecord[] = Array.from({ length: COUNT }, (_, index) => ({
      ...structuredClone(template),
      id: String(200_000 + index),
      key: `REQ-${20_000 + index}`,
      comments: [],
      changelog: [],
    }));
    for (let start = 0; start < COUNT; start += 1_000)
      site.sandbox.store.commit(
        copies.slice(start, start + 1_000).map((issue) => ({ collection: 'jira-issues', id: issue.id, value: issue })),
      );
  }, 60_000);
  afterAll(() => site.stop(), 60_000);

  test('are each reminded once, by a run that goes on in queue events before its time is up', async () => {
    const before = site.sandbox.runtime.invocations.length;
    await nextHour(site);
    const invocations = site.sandbox.runtime.invocations
      .slice(before)
      .filter((record) => ['overdue-reminders', 'continue-reminders'].includes(record.functionKey));

    const copies = site.sandbox.store.list<IssueRecord>('jira-issues').filter((issue) => Number(issue.id) >= 200_000);
    expect(copies).toHaveLength(COUNT);
    expect(copies.filter((issue) => issue.comments.length !== 1).map((issue) => issue.key)).toEqual([]);
    expect(markersOf(site, overdue)).toHaveLength(1);

    // One scheduled invocation, then queue continuations; none was stopped, each stayed under 55 s of calls.
    expect(invocations[0]?.functionKey).toBe('overdue-reminders');
    expect(invocations.length).toBeGreaterThan(COUNT / 1_000);
    expect(invocations.filter((record) => record.outcome !== 'returned')).toEqual([]);
    expect(Math.max(...invocations.map((record) => record.platformCalls))).toBeLessThan(55_000 / CALL_COST_MS);
    expect(
      site.sandbox.runtime.queues.deliveries.filter(
        (delivery) => delivery.queueName === 'reminders' && delivery.outcome !== 'success',
      ),
    ).toEqual([]);
    console.log(
      `10,000 reminders: ${invocations.length} invocations, ${invocations.reduce((sum, record) => sum + record.platformCalls, 0)} platform calls, at most ${Math.max(...invocations.map((record) => record.platformCalls))} in one`,
    );
  }, 300_000);
});
