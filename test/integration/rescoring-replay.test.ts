import { addRequirement } from '../../bench/helpers';
import { defaultFrameworkVersion, type FrameworkVersion } from '../../src/domain/framework';
import { jiraAsApp } from '../../src/jira/client';
import type { RescoringEvent } from '../../src/queue/rescoring-queue';
import { processRescoringEvent, startRescoring } from '../../src/services/rescoring';
import { appendFrameworkVersion, getFrameworkForProject } from '../../src/storage/framework-store';
import { getRescoringJob, saveRescoringJob } from '../../src/storage/job-store';
import { useTestSandbox } from '../support/test-sandbox';

/**
 * The re-scoring job driven by hand, event by event, to replay what Forge may do: deliver an event
 * twice, deliver an old one late, or lose the event for the next page.
 */

const env = useTestSandbox();
beforeAll(async () => {
  const site = env.site;
  for (let index = 0; index < 244; index += 1) {
    addRequirement(site.sandbox, `Replay ${index}`, {
      Urgency: 1 + (index % 5),
      Importance: 3,
      Feasibility: 3,
      'Customer value': 3,
    });
  }
  await site.sandbox.idle();
}, 60_000);

test('duplicate, late and lost events neither redo a page nor stall the job', async () => {
  const current = await getFrameworkForProject(undefined, () => new Date());
  const next: FrameworkVersion = { ...defaultFrameworkVersion(new Date()), version: current.version + 1, note: 'replay test' };
  await appendFrameworkVersion(next);
  const queued: RescoringEvent[] = [];
  const appCalls: string[] = [];
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) => {
    if (principal.kind === 'app') appCalls.push(`${request.method} ${request.path}`);
    return handle(request, principal);
  };
  const deps = { jira: jiraAsApp(), push: async (event: RescoringEvent) => void queued.push(event), now: () => new Date() };
  try {
    const job = await startRescoring(next, deps);
    expect(queued).toEqual([{ jobId: job.id, pageIndex: 0 }]);

    await processRescoringEvent(queued[0]!, deps);
    await processRescoringEvent(queued[0]!, deps); // delivered twice
    expect(queued.map((event) => event.pageIndex)).toEqual([0, 1]);
    expect((await getRescoringJob(job.id))!.processed).toBe(100);

    // The event for page 1 is lost; a late copy of page 0 arrives and queues page 1 again, once.
    queued.pop();
    await saveRescoringJob({ ...(await getRescoringJob(job.id))!, queuedPageIndex: 0 });
    await processRescoringEvent({ jobId: job.id, pageIndex: 0 }, deps);
    await processRescoringEvent({ jobId: job.id, pageIndex: 0 }, deps);
    expect(queued.map((event) => event.pageIndex)).toEqual([0, 1]);

    while ((await getRescoringJob(job.id))!.status === 'running') await processRescoringEvent(queued.at(-1)!, deps);
    const finished = (await getRescoringJob(job.id))!;
    expect(finished).toMatchObject({ status: 'done', processed: 250, total: 250 });
    expect(appCalls.filter((call) => call.endsWith('/search/jql'))).toHaveLength(3);
    const versionField = env.site.sandbox.store
      .list<{ id: string; name: string }>('jira-fields')
      .find((field) => field.name === 'Scoring framework version')!.id;
    expect(
      env.site.sandbox.store
        .list<{ fields: Record<string, unknown> }>('jira-issues')
        .filter((issue) => issue.fields[versionField] === next.version),
    ).toHaveLength(250);
  } finally {
    env.site.sandbox.emulator.handle = handle;
  }
});

test('with Jira saying less than a tenth of the hour is left, the job shows it and waits for the renewal before its next page', async () => {
  const current = await getFrameworkForProject(undefined, () => new Date());
  const next: FrameworkVersion = {
    ...defaultFrameworkVersion(new Date()),
    version: current.version + 1,
    note: 'quota test',
    settings: {
      ...defaultFrameworkVersion(new Date()).settings,
      weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
    },
  };
  await appendFrameworkVersion(next);
  const queued: { event: RescoringEvent; delayInSeconds?: number }[] = [];
  const deps = {
    jira: jiraAsApp(),
    push: async (event: RescoringEvent, options?: { delayInSeconds?: number }) => void queued.push({ event, ...options }),
    now: () => new Date(),
  };
  const rateLimits = env.site.sandbox.rateLimits;
  const job = await startRescoring(next, deps);
  rateLimits.reset();
  await processRescoringEvent(queued.at(-1)!.event, { ...deps, jira: jiraAsApp() });
  const pagePoints = rateLimits.report().total.points;
  expect(queued.at(-1)!.delayInSeconds).toBeUndefined();
  try {
    // An hour with room for one more such page and 5 points: Jira then says 5 are left.
    rateLimits.configure({ quota: { pointsPerHour: pagePoints + 5 } });
    await processRescoringEvent(queued.at(-1)!.event, { ...deps, jira: jiraAsApp() });
    const waiting = (await getRescoringJob(job.id))!;
    expect(waiting).toMatchObject({ status: 'running', processed: 200, quota: { pointsPerHour: pagePoints + 5, remaining: 5 } });
    expect(Date.parse(waiting.waitingForQuotaUntil!)).toBeGreaterThan(Date.now());
    expect(queued.at(-1)).toMatchObject({ event: { jobId: job.id, pageIndex: 2 }, delayInSeconds: expect.any(Number) });
    expect(queued.at(-1)!.delayInSeconds).toBeGreaterThanOrEqual(1);
    expect(queued.at(-1)!.delayInSeconds).toBeLessThanOrEqual(900);
  } finally {
    rateLimits.configure({});
  }
  // The renewed hour: the delayed page runs and the job ends without waiting.
  await processRescoringEvent(queued.at(-1)!.event, { ...deps, jira: jiraAsApp() });
  const finished = (await getRescoringJob(job.id))!;
  expect(finished).toMatchObject({ status: 'done', processed: 250, waitingForQuotaUntil: null, quota: { remaining: null } });
  expect(finished.pointsSpent).toBeGreaterThanOrEqual(2 * pagePoints);
});

test('while its invocation has time left, one event reads page after page and queues none', async () => {
  const current = await getFrameworkForProject(undefined, () => new Date());
  const next: FrameworkVersion = { ...defaultFrameworkVersion(new Date()), version: current.version + 1, note: 'one invocation' };
  await appendFrameworkVersion(next);
  const queued: RescoringEvent[] = [];
  let pagesLeft = 2;
  const deps = {
    jira: jiraAsApp(),
    push: async (event: RescoringEvent) => void queued.push(event),
    now: () => new Date(),
    keepGoing: () => pagesLeft-- > 0,
  };
  const job = await startRescoring(next, deps);
  await processRescoringEvent(queued[0]!, deps);
  // Pages 0, 1 and 2 in the one invocation: the job is done and nothing more was queued.
  expect(queued).toEqual([{ jobId: job.id, pageIndex: 0 }]);
  expect((await getRescoringJob(job.id))!).toMatchObject({ status: 'done', processed: 250 });
});

test('when its time is up the invocation queues the next page', async () => {
  const current = await getFrameworkForProject(undefined, () => new Date());
  const next: FrameworkVersion = { ...defaultFrameworkVersion(new Date()), version: current.version + 1, note: 'time up' };
  await appendFrameworkVersion(next);
  const queued: RescoringEvent[] = [];
  let pagesLeft = 1;
  const deps = {
    jira: jiraAsApp(),
    push: async (event: RescoringEvent) => void queued.push(event),
    now: () => new Date(),
    keepGoing: () => pagesLeft-- > 0,
  };
  const job = await startRescoring(next, deps);
  await processRescoringEvent(queued[0]!, deps);
  expect(queued.map((event) => event.pageIndex)).toEqual([0, 2]);
  expect((await getRescoringJob(job.id))!).toMatchObject({ status: 'running', processed: 200, pageIndex: 2, queuedPageIndex: 2 });
});

test('a scope split into id ranges reads one page of each side by side, and scores every requirement once', async () => {
  const current = await getFrameworkForProject(undefined, () => new Date());
  const next: FrameworkVersion = {
    ...defaultFrameworkVersion(new Date()),
    version: current.version + 1,
    note: 'chains',
    settings: {
      ...defaultFrameworkVersion(new Date()).settings,
      weights: { urgency: 10, importance: 30, feasibility: 30, customerValue: 30 },
    },
  };
  await appendFrameworkVersion(next);
  const queued: RescoringEvent[] = [];
  const searches: string[] = [];
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) => {
    if (principal.kind === 'app' && request.path.endsWith('/search/jql'))
      searches.push(String((request.body as { jql: string }).jql));
    return handle(request, principal);
  };
  // 250 requirements in chains of about 80, at most two: two ranges of about 125.
  const deps = {
    jira: jiraAsApp(),
    push: async (event: RescoringEvent) => void queued.push(event),
    now: () => new Date(),
    chains: { most: 2, issuesEach: 80 },
  };
  try {
    const job = await startRescoring(next, deps);
    await processRescoringEvent(queued[0]!, deps);
    await processRescoringEvent(queued[0]!, deps); // delivered twice: the split and the round are not redone
    const afterFirstRound = (await getRescoringJob(job.id))!;
    const [below, above] = afterFirstRound.chains!;
    expect(afterFirstRound.chains).toHaveLength(2);
    const bound = Number(/ AND id < (\d+) ORDER BY id ASC$/.exec(below!.jql)![1]);
    expect(above!.jql).toMatch(new RegExp(` AND id >= ${bound} ORDER BY id ASC$`));
    // The two edge searches, then one page of each chain in the first round.
    expect(searches.filter((jql) => / ORDER BY id (ASC|DESC)$/.test(jql) && !jql.includes(' AND id '))).toHaveLength(2);
    expect(searches.filter((jql) => jql === below!.jql)).toHaveLength(1);
    expect(searches.filter((jql) => jql === above!.jql)).toHaveLength(1);

    while ((await getRescoringJob(job.id))!.status === 'running') await processRescoringEvent(queued.at(-1)!, deps);
    const versionField = env.site.sandbox.store
      .list<{ id: string; name: string }>('jira-fields')
      .find((field) => field.name === 'Scoring framework version')!.id;
    const rescored = env.site.sandbox.store
      .list<{ id: string; fields: Record<string, unknown> }>('jira-issues')
      .filter((issue) => issue.fields[versionField] === next.version);
    expect(rescored).toHaveLength(250);
    const lowerCount = rescored.filter((issue) => Number(issue.id) < bound).length;
    expect(lowerCount).toBeGreaterThan(0);
    expect(lowerCount).toBeLessThan(250);
    // Each chain read its own pages only: 100 a page.
    expect(searches.filter((jql) => jql === below!.jql)).toHaveLength(Math.ceil(lowerCount / 100));
    expect(searches.filter((jql) => jql === above!.jql)).toHaveLength(Math.ceil((250 - lowerCount) / 100));
    expect((await getRescoringJob(job.id))!).toMatchObject({ status: 'done', processed: 250, changed: 250 });
  } finally {
    env.site.sandbox.emulator.handle = handle;
  }
});

test('going on through rounds of side-by-side pages, the job counts every point its calls cost, pages asked for ahead included', async () => {
  const current = await getFrameworkForProject(undefined, () => new Date());
  const next: FrameworkVersion = { ...defaultFrameworkVersion(new Date()), version: current.version + 1, note: 'chain points' };
  await appendFrameworkVersion(next);
  const queued: RescoringEvent[] = [];
  const deps = {
    jira: jiraAsApp(),
    push: async (event: RescoringEvent) => void queued.push(event),
    now: () => new Date(),
    keepGoing: () => true,
    chains: { most: 3, issuesEach: 50 },
  };
  const { rateLimits, latency } = env.site.sandbox;
  // Answers that come in at different times, so a page asked for ahead may arrive after its round was saved.
  latency.configure({ medianMs: 30, spreadMs: 25, seed: 7 });
  try {
    const job = await startRescoring(next, deps);
    rateLimits.reset();
    await processRescoringEvent(queued[0]!, deps);
    await env.site.sandbox.idle();
    const finished = (await getRescoringJob(job.id))!;
    expect(finished).toMatchObject({ status: 'done', processed: 250 });
    expect(finished.chains).toHaveLength(3);
    expect(queued).toHaveLength(1);
    expect(finished.pointsSpent! - job.pointsSpent!).toBe(rateLimits.report().total.points);
  } finally {
    latency.configure({ medianMs: 0 });
  }
});
