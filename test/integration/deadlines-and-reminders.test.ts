import type { ResolverResult, StoredDeliverySettings } from '../../src/shared/api';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * The hourly overdue-reminder run on the sandbox clock: REQ-2 is due three days before the demo's
 * "today". One comment a day mentions its assignee; replays and overlapping runs add nothing; after
 * a week overdue the comment says it is escalated.
 */

const env = useTestSandbox();
const call = resolverCaller(env);
const { rest, transition, advance, fieldId } = siteRest(env);
const comments = () => env.site.issue('REQ-2').comments.map((comment) => JSON.stringify(comment.body));
const day = (iso: string) => iso.slice(0, 10);

test('one reminder per overdue requirement per day, mentioning the assignee, whatever the number of runs', async () => {
  expect(comments()).toEqual([]);
  const first = await advance('PT1H');
  expect(comments()).toHaveLength(1);
  expect(comments()[0]).toContain('"type":"mention"');
  expect(comments()[0]).toContain('5b10a2844c20165700ede21g');
  expect(comments()[0]).toMatch(/is \d+ days overdue/);

  // A replayed run over the same hour, and another hour of the same day or the next.
  await env.site.sandbox.runtime.runScheduled(new Date(first.from), new Date(first.to));
  await env.site.sandbox.idle();
  expect(comments()).toHaveLength(1);
  const second = await advance('PT1H');
  expect(comments()).toHaveLength(day(second.to) === day(first.to) ? 1 : 2);
  // Requirements that are not overdue get nothing.
  for (const key of ['REQ-1', 'REQ-3', 'REQ-4']) expect(env.site.issue(key).comments).toEqual([]);
}, 60_000);

test('a week overdue, the reminder is escalated; still one per day', async () => {
  const before = comments().length;
  const { from, to } = await advance('P5D');
  const days = Math.round((Date.parse(`${day(to)}T00:00:00Z`) - Date.parse(`${day(from)}T00:00:00Z`)) / 86_400_000);
  expect(comments()).toHaveLength(before + days);
  expect(comments().at(-1)).toContain('Escalated to the project lead');
}, 60_000);

test('a project that writes its comments in Chinese only gets the reminder in Chinese only', async () => {
  const read = (await call<StoredDeliverySettings>('admin', 'admin', 'delivery.settings.get', {
    projectKey: 'REQ',
  })) as ResolverResult<StoredDeliverySettings>;
  if (!read.ok) throw new Error(read.error.message);
  const { projectKey: _key, revision, updatedBy: _by, updatedAt: _at, ...settings } = read.data;
  const saved = await call('admin', 'admin', 'delivery.settings.save', {
    projectKey: 'REQ',
    settings: { ...settings, jiraTextLanguage: 'zh-CN' },
    expectedRevision: revision,
  });
  expect(saved.ok).toBe(true);
  const before = comments().length;
  await advance('P1D');
  expect(comments()).toHaveLength(before + 1);
  const newest = comments().at(-1)!;
  expect(newest).toMatch(/已逾期 \d+ 天/);
  expect(newest).toContain('已升级给项目负责人。');
  expect(newest).not.toMatch(/days overdue|Escalated/);
  // One paragraph: no English one after it.
  expect((JSON.parse(newest) as { content: unknown[] }).content).toHaveLength(1);
}, 60_000);

describe('due date on acceptance', () => {
  test("accepting a grade-A requirement without a due date sets it 60 days from Jira's today", async () => {
    const created = await rest('POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'REQ' },
        issuetype: { name: 'Requirement' },
        summary: 'Bulk export of alarms',
        [fieldId('Urgency')]: 4,
        [fieldId('Importance')]: 5,
        [fieldId('Feasibility')]: 3,
        [fieldId('Customer value')]: 5,
      },
    });
    expect(created.status).toBe(201);
    const key = String(created.body.key);
    await env.site.sandbox.idle();
    expect(env.site.issue(key).fields[fieldId('Priority grade')]).toBe('A');
    await transition(key, 'Confirm');
    expect(env.site.issue(key).fields.duedate).toBeNull();
    await transition(key, 'Accept');
    const today = ((await (await fetch(`${env.site.url}/__sandbox/clock`)).json()) as { now: string }).now.slice(0, 10);
    const expected = new Date(Date.parse(`${today}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10);
    expect(env.site.issue(key).fields.duedate).toBe(expected);
  });

  test('a due date someone set is kept', async () => {
    const before = env.site.issue('REQ-1').fields.duedate;
    await transition('REQ-1', 'Confirm');
    await transition('REQ-1', 'Accept');
    expect(env.site.issue('REQ-1').fields.duedate).toBe(before);
  });
});

test('every Jira call of the reminder runs and acceptances matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
