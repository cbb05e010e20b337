import path from 'node:path';
import { ForgeRuntime, repositoryRoot, type JiraGateway } from '../../sandbox/forge/runtime';
import type { KvsService } from '../../sandbox/forge/kvs-service';
import type { IssueEvent } from '../../sandbox/jira/emulator';
import type { TriageView } from '../../src/shared/api';
import { paragraph, testBuilders } from '../support/builders';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * Which calls raise which product events, which of them are self-generated (ignoreSelf), and the
 * scheduled trigger's answer, as the Forge and Jira documentation describe them.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);
const seen: IssueEvent[] = [];

beforeAll(() => {
  const runtime = env.site.sandbox.runtime;
  const dispatch = runtime.dispatchIssueEvent.bind(runtime);
  runtime.dispatchIssueEvent = (event, delivered) => {
    seen.push(event as IssueEvent);
    dispatch(event, delivered);
  };
});

const { rest, advance, today } = siteRest(env);
const issueRuns = (key: string) =>
  env.site.sandbox.runtime.triggerRuns.filter((run) => run.moduleKey === 'rt-issue-events' && run.issueKey === key).length;

test("a person's comment raises avi:jira:commented:issue, not self-generated", async () => {
  const key = await build.requirement();
  expect((await rest('POST', `/rest/api/3/issue/${key}/comment`, { body: paragraph('Customer called again') })).status).toBe(201);
  await env.site.sandbox.idle();
  const event = seen.filter((candidate) => candidate.eventType === 'avi:jira:commented:issue').at(-1)!;
  expect(event.issue.key).toBe(key);
  expect(event.comment).toMatchObject({ body: paragraph('Customer called again') });
  expect(env.site.sandbox.runtime.generatedBySelf(event.actor)).toBe(false);
});

test("the app's own comment (an overdue reminder) raises avi:jira:commented:issue too, self-generated", async () => {
  const yesterday = new Date(Date.parse(await today()) - 86_400_000).toISOString().slice(0, 10);
  const overdue = await build.requirement({ fields: { 'Due date': yesterday } });
  const before = seen.length;
  await advance('PT1H');
  const comments = seen.slice(before).filter((event) => event.eventType === 'avi:jira:commented:issue');
  expect(comments.map((event) => event.issue.key)).toContain(overdue);
  expect(comments.every((event) => env.site.sandbox.runtime.generatedBySelf(event.actor))).toBe(true);
  // The hourly run answered as the platform expects.
  const scheduled = env.site.sandbox.runtime.triggerRuns.filter((run) => run.moduleKey === 'rt-overdue-reminders').at(-1)!;
  expect(scheduled).toMatchObject({ outcome: { statusCode: 204 } });
  expect(scheduled.error).toBeUndefined();
});

test('a triage save (inputs as the user, computed fields through app/field/value) raises avi:jira:updated:issue events that ignoreSelf filters', async () => {
  const key = await build.requirement();
  const before = seen.length;
  const runs = issueRuns(key);
  const saved = await invoke<TriageView>(
    'pm',
    'panel',
    'triage.save',
    { inputs: { urgency: 5, importance: 5, feasibility: 4, customerValue: 4 } },
    { issueKey: key },
  );
  expect(saved.ok).toBe(true);
  await env.site.sandbox.idle();
  const updates = seen.slice(before).filter((event) => event.eventType === 'avi:jira:updated:issue' && event.issue.key === key);
  // One for the inputs the app wrote as the user, one for the computed fields it wrote as itself.
  expect(updates.length).toBeGreaterThanOrEqual(2);
  expect(updates.some((event) => event.actor.kind === 'app')).toBe(true);
  expect(updates.some((event) => event.actor.kind === 'user')).toBe(true);
  expect(updates.every((event) => env.site.sandbox.runtime.generatedBySelf(event.actor))).toBe(true);
  expect(issueRuns(key)).toBe(runs);

  // A person's own edit is not self-generated: the trigger runs.
  expect((await rest('PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'Edited by a person' } })).status).toBe(204);
  await env.site.sandbox.idle();
  expect(issueRuns(key)).toBe(runs + 1);
});

test('a scheduled trigger that does not answer {statusCode} is recorded as 424 Failed dependency', async () => {
  const runtime = new ForgeRuntime({
    manifestPath: path.join(repositoryRoot, 'manifest.yml'),
    appExports: { remindOverdue: async () => ({ reminded: 3 }) },
    jira: {} as JiraGateway,
    kvs: {} as KvsService,
    now: () => new Date('2026-01-01T10:30:00Z'),
    cloudId: 'cloud',
    environmentId: 'env',
  });
  await runtime.runScheduled(new Date('2026-01-01T09:30:00Z'), new Date('2026-01-01T10:30:00Z'));
  runtime.queues.stop();
  expect(runtime.triggerRuns).toEqual([
    expect.objectContaining({ moduleKey: 'rt-overdue-reminders', error: expect.stringContaining('424 Failed dependency') }),
  ]);
});
