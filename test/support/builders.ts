import { addRequirement } from '../../bench/helpers';
import type { FeasibilityDimension, FeasibilityVerdict } from '../../src/domain/delivery/feasibility';
import type { Customer } from '../../src/shared/api';
import { type ACCOUNTS, resolverCaller, siteRest, type TestSandbox } from './test-sandbox';

// One definition, in bench/helpers.ts: the benchmarks build with it too and cannot import Jest-typed support files.
export { addRequirement };

/** Plain text as a one-paragraph Atlassian Document, as a description or comment carries it. */
export const paragraph = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** Who marks each dimension on project REQ (its delivery settings name the role). */
const MARKED_BY: Record<FeasibilityDimension, keyof typeof ACCOUNTS> = {
  technical: 'techlead',
  business: 'pm',
  compliance: 'compliance',
};

export interface RequirementSpec {
  /** Unique when left out, so a test's own requirement is never mistaken for another one. */
  summary?: string;
  /** Plain text; stored as one paragraph. */
  description?: string;
  /** Fields as Jira names them: `{ Urgency: 3, 'Due date': '2026-01-31', Kind: 'bug' }`. */
  fields?: Record<string, unknown>;
  /** Customer numbers linked as the panel links them (by the product manager). */
  customers?: string[];
  /** Feasibility marks, each set by the role that owns it; `'feasible'` marks all three feasible. */
  feasibility?: 'feasible' | Partial<Record<FeasibilityDimension, FeasibilityVerdict>>;
  /** Workflow transitions by name, in order (`['Confirm', 'Accept']`); needs the marks the workflow asks for. */
  moves?: string[];
}

/**
 * Test builders on a sandbox: each makes what the test arranges through the app and Jira as a user
 * would, waits for the app's triggers, and returns what it made, so a test works on its own data and
 * not on a seeded key.
 */
export function testBuilders(env: { site: TestSandbox }) {
  const invoke = resolverCaller(env);
  const { transition, rest } = siteRest(env);
  let built = 0;

  async function markFeasibility(key: string, marks: RequirementSpec['feasibility']): Promise<void> {
    const verdicts: Partial<Record<FeasibilityDimension, FeasibilityVerdict>> =
      marks === 'feasible' ? { technical: 'feasible', business: 'feasible', compliance: 'feasible' } : (marks ?? {});
    for (const [dimension, verdict] of Object.entries(verdicts) as [FeasibilityDimension, FeasibilityVerdict][]) {
      // A verdict other than feasible needs its reason.
      const note = verdict === 'feasible' ? '' : `Marked ${verdict} by the test`;
      const marked = await invoke(
        MARKED_BY[dimension],
        'panel',
        'feasibility.mark',
        { dimension, verdict, note },
        { issueKey: key },
      );
      if (!marked.ok) throw new Error(`${dimension} mark on ${key}: ${JSON.stringify(marked.error)}`);
    }
  }

  async function linkCustomers(key: string, numbers: string[]): Promise<void> {
    const linked = await invoke('pm', 'panel', 'customers.link', { add: numbers, expected: [] }, { issueKey: key });
    if (!linked.ok) throw new Error(`linking customers to ${key}: ${JSON.stringify(linked.error)}`);
  }

  /** A Requirement in project REQ as the spec says; returns its key. */
  async function requirement(spec: RequirementSpec = {}): Promise<string> {
    built += 1;
    const key = addRequirement(env.site.sandbox, spec.summary ?? `Test requirement ${built}`, {
      ...(spec.description === undefined ? {} : { Description: paragraph(spec.description) }),
      ...spec.fields,
    });
    await env.site.sandbox.idle();
    if (spec.customers?.length) await linkCustomers(key, spec.customers);
    if (spec.feasibility) await markFeasibility(key, spec.feasibility);
    for (const name of spec.moves ?? []) await transition(key, name);
    await env.site.sandbox.idle();
    return key;
  }

  /** A customer of the archive, created by the product manager; returns its number. */
  async function customer(overrides: Partial<Customer> & Record<string, unknown> = {}): Promise<string> {
    built += 1;
    const saved = await invoke<Customer>(
      'pm',
      'matrix',
      'customers.save',
      {
        customer: {
          name: `Test customer ${built}`,
          industry: 'C',
          type: 'key',
          staffBand: '100-299',
          revenueBand: '20m-100m',
          region: 'Hebei',
          contacts: [],
          trade: { firstDealOn: '2021-03-01', dealsLast12Months: 1, totalAmount: 10000, renewed: false, complaints: 0 },
          ...overrides,
        },
      },
      { projectKey: 'REQ' },
    );
    if (!saved.ok) throw new Error(`creating a customer: ${JSON.stringify(saved.error)}`);
    return saved.data.number;
  }

  /** A saved filter the product manager owns and shares with project REQ, as the gadgets list them; returns its id. */
  async function savedFilter(spec: { jql: string; name?: string }): Promise<string> {
    built += 1;
    const saved = await rest('POST', '/rest/api/3/filter', {
      name: spec.name ?? `Test filter ${built}`,
      jql: spec.jql,
      sharePermissions: [{ type: 'project', project: { key: 'REQ' } }],
    });
    if (saved.status !== 200) throw new Error(`saving a filter: HTTP ${saved.status} ${JSON.stringify(saved.body)}`);
    return String(saved.body.id);
  }

  return { requirement, customer, markFeasibility, linkCustomers, savedFilter };
}
