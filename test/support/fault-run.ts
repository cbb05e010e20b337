import { SEED_USERS, type IssueRecord, type Role } from '../../sandbox/jira/model';
import type { Sandbox } from '../../sandbox/sandbox';
import { scoreRequirement } from '../../src/domain/scoring';
import type { SetupReport, TriageView } from '../../src/shared/api';
import { globalFrameworkVersion, invokeAs, type InvocationOutcome } from './resolver-calls';

/**
 * Triage saves, project setups and framework saves (each starting a re-scoring job) while 30 % of
 * the app's Jira calls fail (429, 500, 503, timeouts, dropped connections). Each operation is
 * re-run, as a user would, until it completes; afterwards, with faults off, every value is checked
 * (lost) and every created thing counted (written twice). Shared by the fault test and
 * `npm run bench -- faults`.
 */

export const FAULTS = { statuses: [429, 500, 503, 'timeout', 'dropped'], retryAfterSeconds: 0.01, timeoutSeconds: 0.02 };
const MAX_ATTEMPTS = 25;

export interface FaultRunSize {
  triageSaves: number;
  setups: number;
  frameworkSaves: number;
  rate: number;
  seed: number;
}

export interface FaultRunReport {
  attempted: number;
  completed: number;
  /** Attempts that said what did not happen (an `unavailable` error, or a setup step marked failed). */
  reportedFailed: number;
  lost: number;
  duplicates: number;
  /** Everything that broke a rule, described; empty when all is well. */
  problems: string[];
  /** Fault counters of the run, from the sandbox. */
  injected: number;
}

interface Site {
  url: string;
  sandbox: Sandbox;
}

const accountId = (role: Role) => SEED_USERS.find((user) => user.role === role)!.accountId;

async function setFaults(url: string, setting: object): Promise<void> {
  const response = await fetch(`${url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(setting),
  });
  if (response.status !== 200) throw new Error(`fault setting refused: ${await response.text()}`);
}

function rest(site: Site, role: Role, method: string, path: string, body?: unknown) {
  return site.sandbox.gateway().handle({ method, path, query: {}, body }, { kind: 'user', accountId: accountId(role) });
}

const fieldIds = (site: Site) =>
  Object.fromEntries(site.sandbox.store.list<{ id: string; name: string }>('jira-fields').map((field) => [field.name, field.id]));

type Verdict = 'completed' | 'reported' | string;

/** Runs one operation until it completes; every attempt must complete or say what did not happen. */
async function untilCompleted(report: FaultRunReport, name: string, attempt: () => Promise<Verdict>): Promise<void> {
  for (let count = 1; count <= MAX_ATTEMPTS; count += 1) {
    report.attempted += 1;
    const verdict = await attempt();
    if (verdict === 'completed') {
      report.completed += 1;
      return;
    }
    if (verdict !== 'reported') {
      report.problems.push(`${name}, attempt ${count}: ${verdict}`);
      return;
    }
    report.reportedFailed += 1;
  }
  report.problems.push(`${name}: not completed after ${MAX_ATTEMPTS} attempts`);
}

function judge(outcome: InvocationOutcome, complete: (data: unknown) => boolean): Verdict {
  const result = outcome.result;
  if (!result) return `HTTP ${outcome.status}: ${outcome.text.slice(0, 200)}`;
  if (result.ok) return complete(result.data) ? 'completed' : 'reported';
  return result.error.kind === 'unavailable' ? 'reported' : `${result.error.kind}: ${result.error.message}`;
}

const INPUT_NAMES = {
  urgency: 'Urgency',
  importance: 'Importance',
  feasibility: 'Feasibility',
  customerValue: 'Customer value',
} as const;

async function triageSaves(site: Site, report: FaultRunReport, count: number, faults: object): Promise<() => Promise<void>> {
  const keys: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = rest(site, 'product-manager', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary: `Fault run requirement ${index}` },
    });
    keys.push((created.body as { key: string }).key);
  }
  await site.sandbox.idle();
  const wanted = keys.map((_key, index) => ({
    urgency: 1 + (index % 5),
    importance: 1 + ((index * 2) % 5),
    feasibility: 3,
    customerValue: 1 + ((index * 3) % 5),
  }));
  await setFaults(site.url, faults);
  for (const [index, key] of keys.entries()) {
    await untilCompleted(report, `triage.save ${key}`, async () =>
      judge(
        await invokeAs(site.url, 'product-manager', {
          resource: 'panel',
          resolver: 'triage.save',
          payload: { inputs: wanted[index] },
          context: { issueKey: key },
        }),
        () => true,
      ),
    );
  }
  return async () => {
    const ids = fieldIds(site);
    for (const [index, key] of keys.entries()) {
      const outcome = await invokeAs(site.url, 'product-manager', {
        resource: 'panel',
        resolver: 'triage.get',
        payload: {},
        context: { issueKey: key },
      });
      if (!outcome.result?.ok) throw new Error(`triage.get ${key}: ${outcome.text}`);
      const view = outcome.result.data as TriageView;
      const expected = scoreRequirement(view.inputs, view.framework).computed;
      const inputsKept = Object.entries(wanted[index]!).every(
        ([name, value]) => view.inputs[name as keyof typeof view.inputs] === value,
      );
      if (!inputsKept || JSON.stringify(view.computed) !== JSON.stringify(expected)) {
        report.lost += 1;
        report.problems.push(
          `${key}: stored ${JSON.stringify({ inputs: view.inputs, computed: view.computed })}, expected inputs ${JSON.stringify(wanted[index])} scored ${JSON.stringify(expected)}`,
        );
      }
      // Each input went from empty to its value once: one changelog item each, no more.
      const issue = site.sandbox.store.list<IssueRecord>('jira-issues').find((candidate) => candidate.key === key)!;
      for (const name of Object.values(INPUT_NAMES)) {
        const changes = issue.changelog.flatMap((entry) => entry.items).filter((item) => item.fieldId === ids[name]).length;
        if (changes > 1) {
          report.duplicates += changes - 1;
          report.problems.push(`${key}: ${name} changed ${changes} times`);
        }
      }
    }
  };
}

const STEP_COUNT = 7;

async function setups(site: Site, report: FaultRunReport, count: number, faults: object): Promise<() => Promise<void>> {
  const projectKeys = Array.from({ length: count }, (_unused, index) => `FLT${index}`);
  await setFaults(site.url, { rate: 0 });
  for (const key of projectKeys) {
    const created = rest(site, 'admin', 'POST', '/rest/api/3/project', {
      key,
      name: `Fault run ${key}`,
      projectTypeKey: 'business',
      leadAccountId: accountId('admin'),
    });
    if (created.status !== 201) throw new Error(`project ${key}: ${JSON.stringify(created.body)}`);
  }
  await setFaults(site.url, faults);
  for (const projectKey of projectKeys) {
    await untilCompleted(report, `setup.run ${projectKey}`, async () =>
      judge(await invokeAs(site.url, 'admin', { resource: 'admin', resolver: 'setup.run', payload: { projectKey } }), (data) => {
        const steps = (data as SetupReport).steps;
        return steps.length === STEP_COUNT && steps.every((step) => step.status !== 'failed');
      }),
    );
  }
  return async () => {
    for (const projectKey of projectKeys) {
      // With faults off a re-run must find everything in place: anything it creates was lost before.
      const again = await invokeAs(site.url, 'admin', { resource: 'admin', resolver: 'setup.run', payload: { projectKey } });
      const steps = again.result?.ok ? (again.result.data as SetupReport).steps : [];
      const notDone = steps.filter((step) => step.status !== 'done');
      if (steps.length !== STEP_COUNT || notDone.length > 0) {
        report.lost += Math.max(notDone.length, 1);
        report.problems.push(`setup ${projectKey} incomplete after completion: ${again.text.slice(0, 300)}`);
      }
    }
    const store = site.sandbox.store;
    const repeated = (names: string[]) => names.length - new Set(names).size;
    const found = {
      'issue types': repeated(store.list<{ name: string }>('jira-issue-types').map((type) => type.name)),
      statuses: repeated(store.list<{ name: string }>('jira-statuses').map((status) => status.name)),
      workflows: repeated(store.list<{ name: string }>('jira-workflows').map((workflow) => workflow.name)),
      'screen fields': store
        .list<{ tabs: { fieldIds: string[] }[] }>('jira-screens')
        .reduce((sum, screen) => sum + repeated(screen.tabs.flatMap((tab) => tab.fieldIds)), 0),
      'scheme issue types': store
        .list<{ issueTypeIds: string[] }>('jira-issue-type-schemes')
        .reduce((sum, scheme) => sum + repeated(scheme.issueTypeIds), 0),
    };
    for (const [what, extra] of Object.entries(found)) {
      if (extra > 0) {
        report.duplicates += extra;
        report.problems.push(`${extra} duplicate ${what}`);
      }
    }
  };
}

async function frameworkSaves(site: Site, report: FaultRunReport, count: number, faults: object): Promise<() => Promise<void>> {
  await setFaults(site.url, { rate: 0 });
  const before = await globalFrameworkVersion(site.url);
  const settings = (await invokeAs(site.url, 'admin', { resource: 'admin', resolver: 'framework.current', payload: {} }))
    .result as { ok: true; data: { settings: Record<string, unknown> } };
  await setFaults(site.url, faults);
  let saved = 0;
  for (let index = 0; index < count; index += 1) {
    const urgency = index % 2 === 0 ? 40 : 30;
    const payload = {
      settings: { ...settings.data.settings, weights: { urgency, importance: 60 - urgency, feasibility: 20, customerValue: 20 } },
      note: `Fault run save ${index}`,
      baseVersion: await globalFrameworkVersion(site.url),
    };
    // A re-run keeps the base the admin loaded: a conflict then means a reported failure was in fact saved.
    await untilCompleted(report, `framework.save #${index}`, async () => {
      const verdict = judge(
        await invokeAs(site.url, 'admin', { resource: 'admin', resolver: 'framework.save', payload }),
        () => true,
      );
      if (verdict === 'completed') saved += 1;
      return verdict;
    });
  }
  return async () => {
    const after = await globalFrameworkVersion(site.url);
    const versions = after - before;
    if (versions !== saved) {
      if (versions > saved) report.duplicates += versions - saved;
      else report.lost += saved - versions;
      report.problems.push(`${saved} framework saves completed, ${versions} versions stored`);
    }
    const status = await invokeAs(site.url, 'admin', { resource: 'admin', resolver: 'rescoring.status', payload: {} });
    const job = status.result?.ok
      ? (status.result.data as { status: string; frameworkVersion: number; failures: unknown[] })
      : undefined;
    if (!job || job.status !== 'done' || job.frameworkVersion !== after || job.failures.length > 0)
      report.problems.push(`last re-scoring job: ${status.text.slice(0, 300)}`);
    // Every Requirement carries the newest version's scores, whether or not its values changed.
    const ids = fieldIds(site);
    for (const issue of site.sandbox.store.list<IssueRecord>('jira-issues')) {
      if (issue.fields[ids['Scoring framework version']!] === undefined || issue.fields[ids['Weighted score']!] === null)
        continue;
      if (issue.fields[ids['Scoring framework version']!] !== after) {
        report.lost += 1;
        report.problems.push(
          `${issue.key} still on framework version ${String(issue.fields[ids['Scoring framework version']!])}, newest ${after}`,
        );
      }
    }
  };
}

export async function runFaultScenario(site: Site, size: FaultRunSize): Promise<FaultRunReport> {
  const report: FaultRunReport = {
    attempted: 0,
    completed: 0,
    reportedFailed: 0,
    lost: 0,
    duplicates: 0,
    problems: [],
    injected: 0,
  };
  const faults = { rate: size.rate, seed: size.seed, ...FAULTS };
  const checks: (() => Promise<void>)[] = [];
  let injected = 0;
  const phases = [
    () => triageSaves(site, report, size.triageSaves, faults),
    () => setups(site, report, size.setups, faults),
    () => frameworkSaves(site, report, size.frameworkSaves, faults),
  ];
  try {
    for (const phase of phases) {
      checks.push(await phase());
      // Triggers and queued re-scoring run under faults too; count before the next setting resets the counters.
      await site.sandbox.idle();
      injected += site.sandbox.faults.report().injected;
    }
  } finally {
    await setFaults(site.url, { rate: 0 });
  }
  for (const check of checks) await check();
  report.injected = injected;
  return report;
}
