import api, { route } from '@forge/api';
import { testBuilders } from '../support/builders';
import { basicAuth, startTestSandbox, type TestSandbox } from '../support/test-sandbox';

/**
 * Fault injection (POST /__sandbox/faults): a share of the app's own Jira calls gets 429/503 without
 * being executed. The app's Jira client backs off and retries, so its flows still complete; the
 * tests' own HTTP calls and the contract check are unaffected.
 */

let site: TestSandbox;
const pm = basicAuth('pm@example.com', 'pm-token');

beforeAll(async () => {
  site = await startTestSandbox();
}, 60_000);

afterAll(async () => {
  await site?.stop();
});

interface FaultReport {
  rate: number;
  statuses: (number | string)[];
  retryAfterSeconds: number;
  timeoutSeconds: number;
  seed: number;
  injected: number;
  passed: number;
}

async function setFaults(setting: unknown): Promise<Response> {
  return fetch(`${site.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(setting),
  });
}

async function faultReport(): Promise<FaultReport> {
  return (await (await fetch(`${site.url}/__sandbox/faults`)).json()) as FaultReport;
}

test("with half of the app's Jira calls failing, new Requirements still get their computed fields", async () => {
  const fields = (await (await fetch(`${site.url}/rest/api/3/field`, { headers: pm })).json()) as { id: string; name: string }[];
  const id = (name: string) => fields.find((field) => field.name === name)!.id;
  const violationsBefore = site.sandbox.contractViolations.length;

  const configured = await setFaults({ rate: 0.5, statuses: [429, 503], retryAfterSeconds: 0.05, seed: 42 });
  expect(configured.status).toBe(200);
  expect(await configured.json()).toEqual({
    rate: 0.5,
    statuses: [429, 503],
    retryAfterSeconds: 0.05,
    timeoutSeconds: 1,
    seed: 42,
    injected: 0,
    passed: 0,
  });

  // The test's own REST calls are never faulted; the triggers they cause (the app's calls) are.
  const keys: string[] = [];
  for (let index = 0; index < 4; index += 1) {
    const created = await fetch(`${site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: pm,
      body: JSON.stringify({
        fields: {
          project: { key: 'REQ' },
          issuetype: { name: 'Requirement' },
          summary: `Scored while Jira is rate limiting #${index}`,
          [id('Urgency')]: 4,
          [id('Importance')]: 5,
          [id('Feasibility')]: 3,
          [id('Customer value')]: 5,
        },
      }),
    });
    expect(created.status).toBe(201);
    keys.push(((await created.json()) as { key: string }).key);
    // One trigger at a time keeps the order of the app's calls, and so the seeded faults, reproducible.
    await site.sandbox.idle();
  }

  for (const key of keys) {
    const issue = (await (
      await fetch(`${site.url}/rest/api/3/issue/${key}?fields=${id('Weighted score')},${id('Priority grade')}`, { headers: pm })
    ).json()) as { fields: Record<string, unknown> };
    expect({ key, score: issue.fields[id('Weighted score')], grade: issue.fields[id('Priority grade')] }).toEqual({
      key,
      score: 4.3,
      grade: 'A',
    });
  }
  // A resolver's calls go through the same fault injection.
  const invoked = await fetch(`${site.url}/__sandbox/invoke`, {
    method: 'POST',
    headers: pm,
    body: JSON.stringify({ resource: 'panel', resolver: 'triage.get', payload: {}, context: { issueKey: keys[0] } }),
  });
  const { result } = (await invoked.json()) as { result: { ok: boolean; data?: { computed?: { weightedScore?: number } } } };
  expect(result.ok).toBe(true);
  expect(result.data?.computed?.weightedScore).toBe(4.3);

  const report = await faultReport();
  expect(report.injected).toBeGreaterThan(0);
  expect(report.passed).toBeGreaterThan(0);
  // Injected 429/503s never reach the contract check, where some operations do not declare them.
  expect(site.sandbox.contractViolations.slice(violationsBefore)).toEqual([]);
  expect(site.sandbox.runtime.triggerRuns.filter((run) => keys.includes(run.issueKey) && run.error)).toEqual([]);
}, 30_000);

test('the same seed injects the same faults; rate 0 turns injection off', async () => {
  const sequence = async (seed: number): Promise<number[]> => {
    await setFaults({ rate: 0.3, statuses: [429, 500, 503], retryAfterSeconds: 0, seed });
    return Array.from({ length: 40 }, () => site.sandbox.faults.nextFault()?.status ?? 200);
  };
  const first = await sequence(7);
  expect(await sequence(7)).toEqual(first);
  expect(await sequence(8)).not.toEqual(first);
  expect(first.filter((status) => status !== 200).length).toBeGreaterThan(0);

  await setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 0.05, seed: 1 });
  expect(site.sandbox.faults.nextFault()).toEqual({
    status: 429,
    headers: { 'retry-after': '0.05' },
    body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
  });

  const off = await setFaults({ rate: 0 });
  expect(((await off.json()) as FaultReport).rate).toBe(0);
  expect(site.sandbox.faults.nextFault()).toBeUndefined();
  expect(await faultReport()).toMatchObject({ rate: 0, injected: 0, passed: 1 });
});

test('an invalid setting is refused with 400 and changes nothing', async () => {
  await setFaults({ rate: 0 });
  for (const setting of [
    { rate: 2 },
    { rate: 0.5, statuses: [200] },
    { rate: 0.5, statuses: [] },
    { rate: 0.5, statuses: ['slow'] },
    { rate: 0.5, timeoutSeconds: -1 },
    { rate: 0.5, retryAfterSeconds: -1 },
    { rate: 0.5, seed: 1.5 },
    [0.5],
  ]) {
    const response = await setFaults(setting);
    expect(response.status).toBe(400);
  }
  expect((await faultReport()).rate).toBe(0);
});

test('a dropped connection never reaches Jira; a timeout reaches it and loses only the answer', async () => {
  const key = await testBuilders({ site }).requirement({ summary: 'Edited through faults' });
  const editSummary = (summary: string) =>
    api.asApp().requestJira(route`/rest/api/3/issue/${key}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fields: { summary } }),
    });
  const summary = () => site.issue(key).fields.summary;
  const original = summary();

  await setFaults({ rate: 1, statuses: ['dropped'], seed: 1 });
  await expect(editSummary('dropped edit')).rejects.toThrow(/connection reset/);
  expect(summary()).toBe(original);

  await setFaults({ rate: 1, statuses: ['timeout'], timeoutSeconds: 0.05, seed: 1 });
  await expect(editSummary('timed-out edit')).rejects.toThrow(/timed out/);
  expect(summary()).toBe('timed-out edit');

  await setFaults({ rate: 0 });
  expect((await editSummary(String(original))).status).toBe(204);
});
