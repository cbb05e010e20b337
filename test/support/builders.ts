import { addRequirement } from '../../bench/helpers';
import type { NoticeChannel } from '../../src/domain/delivery/closure';
import type { FeasibilityDimension, FeasibilityVerdict } from '../../src/domain/delivery/feasibility';
import type { Customer } from '../../src/shared/api';
import {
  SERVICE_DESK_COLLECTIONS,
  type PortalCustomerRecord,
  type ServiceDeskRecord,
} from '../../sandbox/jira/resources/service-desk';
import { SUPPORT_PROJECT, SUPPORT_REQUEST_TYPES } from '../../sandbox/service-desk-seed';
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

/** The source documents' worked case (需求评分示例): weighted score 4.3, grade A; value 8 and cost 4, a quick win. */
export const WORKED_CASE = {
  Urgency: 4,
  Importance: 5,
  Feasibility: 3,
  'Customer value': 5,
  'Business value': 8,
  'Implementation cost': 4,
} as const;

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

  /** A portal customer of the support desk (a JSM customer account: no Jira licence), as JSM's customer sign-up adds one. */
  function portalCustomer(spec: Partial<Pick<PortalCustomerRecord, 'displayName' | 'emailAddress'>> = {}): PortalCustomerRecord {
    built += 1;
    const made: PortalCustomerRecord = {
      accountId: `qm:test-portal-customer-${built}`,
      displayName: spec.displayName ?? `Test portal customer ${built}`,
      emailAddress: spec.emailAddress ?? `portal.customer.${built}@test.example`,
      timeZone: 'Asia/Shanghai',
    };
    env.site.sandbox.emulator.serviceDesk.addCustomer(made);
    return made;
  }

  /**
   * A request raised on the support desk's portal (project SUP) by its customer, as JSM records it:
   * a new portal customer unless `reporter` names one, in the given organizations, with files named
   * as attached and the customer's satisfaction rating. Returns the request's key and its reporter.
   */
  async function supportTicket(spec: SupportTicketSpec = {}): Promise<{ key: string; reporter: PortalCustomerRecord }> {
    const reporter = spec.reporter ?? portalCustomer();
    built += 1;
    const serviceDesk = env.site.sandbox.emulator.serviceDesk;
    const deskProject = env.site.sandbox.store
      .list<{ id: string; key: string }>('jira-projects')
      .find((project) => project.key === SUPPORT_PROJECT.key)!;
    const desk = env.site.sandbox.store
      .list<ServiceDeskRecord>(SERVICE_DESK_COLLECTIONS.desks)
      .find((candidate) => candidate.projectId === deskProject.id)!;
    for (const name of spec.organizations ?? []) serviceDesk.addOrganization(name, [reporter.accountId], [desk.id]);
    const asReporter = { kind: 'user' as const, accountId: reporter.accountId };
    const created = env.site.sandbox.gateway().handle(
      {
        method: 'POST',
        path: '/rest/servicedeskapi/request',
        query: {},
        body: {
          serviceDeskId: desk.id,
          requestTypeId: SUPPORT_REQUEST_TYPES[REQUEST_TYPE_INDEX[spec.requestType ?? 'suggestion']]!.id,
          requestFieldValues: {
            summary: spec.summary ?? `Test support request ${built}`,
            description: spec.description ?? `What test customer ${built} asks for.`,
          },
        },
      },
      asReporter,
    );
    if (created.status !== 201) throw new Error(`raising a support request: ${JSON.stringify(created.body)}`);
    const key = String((created.body as { issueKey: string }).issueKey);
    if (spec.attachments?.length)
      serviceDesk.attachFiles(
        key,
        spec.attachments.map((filename) => ({ filename, mimeType: 'application/octet-stream', size: 1024 })),
      );
    if (spec.rating) {
      const rated = env.site.sandbox.gateway().handle(
        {
          method: 'POST',
          path: `/rest/servicedeskapi/request/${key}/feedback`,
          query: {},
          body: {
            type: 'csat',
            rating: spec.rating.rating,
            ...(spec.rating.comment ? { comment: { body: spec.rating.comment } } : {}),
          },
        },
        asReporter,
      );
      if (rated.status !== 201) throw new Error(`rating ${key}: ${JSON.stringify(rated.body)}`);
    }
    await env.site.sandbox.idle();
    return { key, reporter };
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

  return { requirement, customer, markFeasibility, linkCustomers, portalCustomer, supportTicket, savedFilter };
}

/** The requirement workflow's way from To confirm to Done (it needs all three marks feasible first). */
export const TO_DONE = ['Confirm', 'Accept', 'Start work', 'Send to test', 'Pass test'];

/** The support desk's request types in the demo seed's order. */
const REQUEST_TYPE_INDEX = { problem: 0, suggestion: 1, question: 2 } as const;

export interface SupportTicketSpec {
  /** Unique when left out. */
  summary?: string;
  /** The customer's words, as plain text. */
  description?: string;
  /** Who raises it (see `portalCustomer`); a new portal customer when left out. */
  reporter?: PortalCustomerRecord;
  /** Organizations made on the desk with the reporter as their member. */
  organizations?: string[];
  requestType?: keyof typeof REQUEST_TYPE_INDEX;
  /** File names attached to the request. */
  attachments?: string[];
  /** The reporter's satisfaction rating on JSM (1-5) and its comment. */
  rating?: { rating: number; comment?: string };
}

/** How customer success told the customers a delivered requirement is done, as the panel records it. */
export interface NoticeSpec {
  channel: NoticeChannel;
  /** Customer names as the notice lists them. */
  customers: string[];
  summary: string;
}

/**
 * Builders for the closure loop: a requirement delivered as the workflow delivers it (marked
 * feasible, moved to Done, its completion recorded by the app's trigger) and, when `told` is given,
 * the notice to its customers recorded by customer success now; returns its key.
 */
export function closureBuilders(env: { site: TestSandbox }) {
  const { requirement } = testBuilders(env);
  const invoke = resolverCaller(env);
  const { clockNow } = siteRest(env);
  let delivered = 0;

  async function deliveredRequirement(spec: RequirementSpec & { told?: NoticeSpec } = {}): Promise<string> {
    delivered += 1;
    const { told, ...rest } = spec;
    const key = await requirement({
      summary: `Delivered requirement ${delivered}`,
      ...rest,
      feasibility: 'feasible',
      moves: [...TO_DONE, ...(rest.moves ?? [])],
    });
    if (told) {
      const noticed = await invoke('cs', 'panel', 'closure.notice', { ...told, at: await clockNow() }, { issueKey: key });
      if (!noticed.ok) throw new Error(`notice on ${key}: ${JSON.stringify(noticed.error)}`);
      await env.site.sandbox.idle();
    }
    return key;
  }

  return { deliveredRequirement };
}

/** The product manager, the demo requirements' assignee and the project lead. */
export const PRODUCT_MANAGER_ID = '5b10a2844c20165700ede21g';

/** Builders for deadlines: requirements due some days from the sandbox clock's today. */
export function deadlineBuilders(env: { site: TestSandbox }) {
  const { requirement } = testBuilders(env);

  /** The day `days` from the sandbox clock's today (negative: before it), as Jira writes a due date. */
  const dayFromToday = (days: number): string => {
    const today = env.site.sandbox.clock.now().toISOString().slice(0, 10);
    return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  };

  /** A requirement due `days` from today (negative: overdue), assigned to the product manager unless `spec` says; returns its key. */
  const requirementDueIn = (days: number, spec: RequirementSpec = {}): Promise<string> =>
    requirement({
      ...spec,
      fields: { 'Due date': dayFromToday(days), Assignee: { accountId: PRODUCT_MANAGER_ID }, ...spec.fields },
    });

  return { dayFromToday, requirementDueIn };
}
