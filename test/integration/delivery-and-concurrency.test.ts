import { addRequirement } from '../../bench/helpers';
import type { IssueRecord } from '../../sandbox/jira/model';
import type { FrameworkVersion } from '../../src/domain/framework';
import { processRescoringEvent, startRescoring } from '../../src/services/rescoring';
import { appendFrameworkVersion, getFrameworkForProject } from '../../src/storage/framework-store';
import { getRescoringJob } from '../../src/storage/job-store';
import { jiraAsApp } from '../../src/jira/client';
import type { RescoringEvent } from '../../src/queue/rescoring-queue';
import { seededRandom } from '../../sandbox/seeded-random';
import { globalFrameworkVersion, invokeAs } from '../support/resolver-calls';
import { useTestSandbox } from '../support/test-sandbox';

/**
 * Forge delivers product events and queue events at least once, late and in any order. Each is
 * delivered three times, shuffled, after the fact: the end state must equal one in-order delivery.
 * And two admins saving the framework at once: one wins, the other gets a conflict, nothing is lost.
 */

const env = useTestSandbox({ queueDelayScale: 0.01 });
const pm = { kind: 'user' as const, accountId: '5b10a2844c20165700ede21g' };

const fieldId = (name: string) =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;
const COMPUTED = [
  'Weighted score',
  'Priority grade',
  'Three-factor score',
  'Three-factor priority',
  'Value/cost quadrant',
  'Scoring framework version',
];
const computedOf = (issue: IssueRecord) => COMPUTED.map((name) => issue.fields[fieldId(name)]);

function shuffledThreeTimes<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copies = [...items, ...items, ...items];
  for (let index = copies.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copies[index], copies[other]] = [copies[other]!, copies[index]!];
  }
  return copies;
}

test('issue events delivered three times, shuffled and late, leave the scores of one in-order delivery', async () => {
  const trigger = env.site.sandbox.runtime.manifest.modules.trigger!.find((module) => module.key === 'rt-issue-events')!;
  const created = env.site.sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      query: {},
      body: {
        fields: {
          project: { key: 'REQ' },
          issuetype: { name: 'Requirement' },
          summary: 'Replayed events',
          [fieldId('Urgency')]: 1,
          [fieldId('Importance')]: 1,
          [fieldId('Feasibility')]: 1,
          [fieldId('Customer value')]: 1,
        },
      },
    },
    pm,
  );
  const key = (created.body as { key: string }).key;
  const issue = () => env.site.issue(key);
  for (const urgency of [2, 3, 5]) {
    env.site.sandbox
      .gateway()
      .handle(
        { method: 'PUT', path: `/rest/api/3/issue/${key}`, query: {}, body: { fields: { [fieldId('Urgency')]: urgency } } },
        pm,
      );
  }
  await env.site.sandbox.idle();
  const inOrder = computedOf(issue());
  const changelogLength = issue().changelog.length;
  expect(inOrder[0]).toBe(2.2); // 30 × 5 + 30 + 20 + 20 = 220 hundredths

  const events = [
    { eventType: 'avi:jira:created:issue', issue: { id: issue().id, key } },
    ...[2, 3, 5].map(() => ({
      eventType: 'avi:jira:updated:issue',
      issue: { id: issue().id, key },
      changelog: { items: [{ field: 'Urgency', fieldId: fieldId('Urgency') }] },
    })),
  ];
  for (const event of shuffledThreeTimes(events, 42)) await env.site.sandbox.runtime.redeliver(trigger, event, key);
  expect(computedOf(issue())).toEqual(inOrder);
  // Repeats wrote nothing: the scores were already right.
  expect(issue().changelog).toHaveLength(changelogLength);
});

test('re-scoring events delivered three times, shuffled and late, finish the job with every value once', async () => {
  for (let index = 0; index < 230; index += 1) {
    addRequirement(env.site.sandbox, `Replay ${index}`, {
      Urgency: 1 + (index % 5),
      Importance: 3,
      Feasibility: 2,
      'Customer value': 4,
    });
  }
  await env.site.sandbox.idle();
  const current = await getFrameworkForProject(undefined, () => new Date());
  const next: FrameworkVersion = {
    ...current,
    version: current.version + 1,
    settings: { ...current.settings, weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 } },
    note: 'replayed delivery',
  };
  await appendFrameworkVersion(next);

  // Every event the job queues is delivered three times, in a seeded random order, after the fact.
  const waiting: RescoringEvent[] = [];
  const random = seededRandom(11);
  const deps = {
    jira: jiraAsApp(),
    push: async (event: RescoringEvent) => void waiting.push(event, event, event),
    now: () => new Date(),
  };
  const job = await startRescoring(next, deps);
  let deliveries = 0;
  while (waiting.length > 0) {
    const [event] = waiting.splice(Math.floor(random() * waiting.length), 1);
    await processRescoringEvent(event!, deps);
    deliveries += 1;
  }
  const finished = (await getRescoringJob(job.id))!;
  const requirements = env.site.sandbox.store
    .list<IssueRecord>('jira-issues')
    .filter((issue) => issue.fields[fieldId('Scoring framework version')] !== undefined);
  expect(finished).toMatchObject({ status: 'done', processed: requirements.length, total: requirements.length, failures: [] });
  expect(deliveries).toBeGreaterThanOrEqual(9);
  // The end state of one in-order delivery: every Requirement scored by the new version, each value changed once.
  const wrong = requirements.filter(
    (issue) =>
      issue.fields[fieldId('Scoring framework version')] !== next.version ||
      issue.changelog.filter((entry) =>
        entry.items.some((item) => item.fieldId === fieldId('Scoring framework version') && item.to === String(next.version)),
      ).length !== 1,
  );
  expect(wrong.map((issue) => issue.key)).toEqual([]);
});

test('two admins saving the framework at once: one version is saved, the other gets a conflict naming who saved', async () => {
  const base = await globalFrameworkVersion(env.site.url);
  const current = await invokeAs(env.site.url, 'admin', { resource: 'admin', resolver: 'framework.current', payload: {} });
  const settings = (current.result as { ok: true; data: { settings: Record<string, unknown> } }).data.settings;
  const edit = (urgency: number) =>
    invokeAs(env.site.url, 'admin', {
      resource: 'admin',
      resolver: 'framework.save',
      payload: {
        settings: { ...settings, weights: { urgency, importance: 60 - urgency, feasibility: 20, customerValue: 20 } },
        note: `urgency ${urgency}`,
        baseVersion: base,
        readerLocale: 'en-US',
      },
    });
  const results = (await Promise.all([edit(35), edit(45)])).map((outcome) => outcome.result!);
  await env.site.sandbox.idle();

  const winners = results.filter((result) => result.ok);
  const losers = results.filter((result) => !result.ok);
  expect([winners.length, losers.length]).toEqual([1, 1]);
  expect(losers[0]).toEqual({
    ok: false,
    error: {
      kind: 'conflict',
      message: expect.stringMatching(
        /^Ada Admin saved version \d+ at .+ while you were editing, so your save was not applied\.$/,
      ),
    },
  });
  const after = await invokeAs(env.site.url, 'admin', { resource: 'admin', resolver: 'framework.current', payload: {} });
  const newest = (after.result as { ok: true; data: { version: number; note: string } }).data;
  const winner = (winners[0] as { ok: true; data: { version: { version: number; note: string } } }).data.version;
  // The newest version is the winner's, whole: the loser's settings overwrote nothing.
  expect({ version: newest.version, note: newest.note }).toEqual({ version: base + 1, note: winner.note });
});
