import { useTestSandbox } from '../support/test-sandbox';

/**
 * The hourly overdue-reminder run on the sandbox clock: REQ-2 is due three days before the demo's
 * "today". One comment a day mentions its assignee; replays and overlapping runs add nothing; after
 * a week overdue the comment says it is escalated.
 */

const env = useTestSandbox();
const comments = () => env.site.issue('REQ-2').comments.map((comment) => JSON.stringify(comment.body));
const day = (iso: string) => iso.slice(0, 10);

async function advance(duration: string): Promise<{ from: string; to: string }> {
  const before = (await (await fetch(`${env.site.url}/__sandbox/clock`)).json()) as { now: string };
  const response = await fetch(`${env.site.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: duration }) });
  expect(response.status).toBe(200);
  const after = (await response.json()) as { now: string };
  return { from: before.now, to: after.now };
}

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

test('every Jira call of the reminder runs matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
