import { KINDS } from '../src/domain/kind-tags';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sandbox } from '../sandbox/sandbox';
import { startTestSandbox, type TestSandbox } from '../sandbox/seeded-site';

/** Shared by the benchmarks in this folder. */

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Deterministic pseudo-random numbers so every run works on the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Creates scored Requirements in the demo project through Jira's REST API, as a product manager would. */
const PRODUCT_MANAGER = { kind: 'user' as const, accountId: '5b10a2844c20165700ede21g' };

/**
 * Test and bench builder: one Requirement in project REQ, created by the product manager straight
 * through the emulator's REST gateway (no HTTP), with its fields named as Jira names them
 * (`{ Urgency: 3 }`). Returns the new issue's key; throws with Jira's answer when refused.
 */
export function addRequirement(sandbox: Sandbox, summary: string, fieldsByName: Record<string, unknown> = {}): string {
  const fields = sandbox.store.list<{ id: string; name: string }>('jira-fields');
  const id = (name: string) => {
    const field = fields.find((candidate) => candidate.name === name);
    if (!field) throw new Error(`no field named ${name}`);
    return field.id;
  };
  const created = sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      query: {},
      body: {
        fields: {
          project: { key: 'REQ' },
          issuetype: { name: 'Requirement' },
          summary,
          ...Object.fromEntries(Object.entries(fieldsByName).map(([name, value]) => [id(name), value])),
        },
      },
    },
    PRODUCT_MANAGER,
  );
  if (created.status !== 201) throw new Error(`creating "${summary}" refused: ${JSON.stringify(created.body)}`);
  return (created.body as { key: string }).key;
}

export async function createBenchRequirements(sandbox: Sandbox, count: number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const factor = () => 1 + Math.floor(random() * 5);
  for (let index = 0; index < count; index += 1) {
    addRequirement(sandbox, `Bench ${index}`, {
      Urgency: factor(),
      Importance: factor(),
      Feasibility: factor(),
      'Customer value': factor(),
      'Business value': 1 + Math.floor(random() * 10),
      'Implementation cost': 1 + Math.floor(random() * 10),
      // Each kind in turn, so a kind filter has a share of the project to find.
      Kind: KINDS[index % KINDS.length],
    });
    if (index % 500 === 0) await sandbox.idle();
  }
  await sandbox.idle();
}

/**
 * Runs a benchmark on a seeded sandbox kept on disk without contract checks, as `npm start` runs it,
 * and removes it afterwards.
 */
export async function withBenchSite<T>(
  name: string,
  options: { eventDelayMs: number },
  run: (site: TestSandbox) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `rt-bench-${name}-`));
  const site = await startTestSandbox({ dataDir, eventDelayMs: options.eventDelayMs, checkContract: false });
  try {
    return await run(site);
  } finally {
    await site.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
