import type { ResolverResult, StoredDeliverySettings } from '../../src/shared/api';
import { deadlineBuilders, PRODUCT_MANAGER_ID, testBuilders } from '../support/builders';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * The hourly overdue-reminder run on the sandbox clock: the first test builds a requirement due
 * three days before the sandbox's today, assigned to the product manager. One comment a day mentions
 * its assignee; replays and overlapping runs add nothing; after a week overdue the comment says it is
 * escalated.
 */

const env = useTestSandbox();
const call = resolverCaller(env);
const { transition, advance, fieldId } = siteRest(env);
const { requirement } = testBuilders(env);
const { requirementDueIn, dayFromToday } = deadlineBuilders(env);
const day = (iso: string) => iso.slice(0, 10);
/** Scores that grade a requirement A. */
const GRADE_A = { Urgency: 4, Importance: 5, Feasibility: 3, 'Customer value': 5 };

/** The overdue requirement the reminder tests follow, built by the first. */
let overdue = '';
const comments = () => env.site.issue(overdue).comments.map((comment) => JSON.stringify(comment.body));

test('one reminder per overdue requirement per day, mentioning the assignee, whatever the number of runs', async () => {
  overdue = await requirementDueIn(-3, { summary: 'Overdue export' });
  const notOverdue = [await requirementDueIn(20), await requirementDueIn(75), await requirement()];
  expect(comments()).toEqual([]);
  const first = await advance('PT1H');
  expect(comments()).toHaveLength(1);
  expect(comments()[0]).toContain('"type":"mention"');
  expect(comments()[0]).toContain(PRODUCT_MANAGER_ID);
  expect(comments()[0]).toMatch(/is \d+ days overdue/);

  // A replayed run over the same hour, and another hour of the same day or the next.
  await env.site.sandbox.runtime.runScheduled(new Date(first.from), new Date(first.to));
  await env.site.sandbox.idle();
  expect(comments()).toHaveLength(1);
  const second = await advance('PT1H');
  expect(comments()).toHaveLength(day(second.to) === day(first.to) ? 1 : 2);
  // Requirements that are not overdue get nothing.
  for (const key of notOverdue) expect(env.site.issue(key).comments).toEqual([]);
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
    const key = await requirement({ summary: 'Bulk export of alarms', fields: GRADE_A });
    expect(env.site.issue(key).fields[fieldId('Priority grade')]).toBe('A');
    await transition(key, 'Confirm');
    expect(env.site.issue(key).fields.duedate).toBeNull();
    await transition(key, 'Accept');
    expect(env.site.issue(key).fields.duedate).toBe(dayFromToday(60));
  });

  test('a due date someone set is kept', async () => {
    const due = dayFromToday(40);
    const key = await requirement({ fields: { ...GRADE_A, 'Due date': due } });
    expect(env.site.issue(key).fields[fieldId('Priority grade')]).toBe('A');
    await transition(key, 'Confirm');
    await transition(key, 'Accept');
    expect(env.site.issue(key).fields.duedate).toBe(due);
  });
});

test('every Jira call of the reminder runs and acceptances matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
