import { randomUUID } from 'node:crypto';
import { SEED_USERS, type Role } from '../../sandbox/jira/model';
import type { DurableStore } from '../../sandbox/store/durable-store';
import { DEMO_DELIVERY_SETTINGS } from '../../sandbox/seed';
import { DEFAULT_FRAMEWORK_SETTINGS } from '../../src/domain/framework';
import { DEFAULT_KIND_TAGS } from '../../src/domain/kind-tags';
import type { ResolverKey, ResolverResult } from '../../src/shared/api';

/**
 * Calling the app's resolvers through the sandbox control API as any seeded role, with one valid
 * call per resolver. The roles test, the fuzz test and `npm run bench -- fuzz` share these.
 * The calls name the demo site's issues on purpose: the fuzz and the bench run against the demo
 * as it starts (`npm start`), which holds a requirement in every state a resolver needs (delivered
 * and waiting for its notice, told, a support ticket), and the bench cannot use the test builders.
 */

export const ROLES: readonly Role[] = SEED_USERS.map((user) => user.role);

export interface ResolverListEntry {
  resource: string;
  moduleKey: string;
  moduleType: string;
  resolver: string;
  access: { scope: string; permission?: string | string[] } | null;
  schema: boolean;
}

export interface Invocation {
  resource: string;
  resolver: string;
  payload: unknown;
  context?: Record<string, string>;
}

/** The control API's HTTP status and the resolver's envelope (absent when the call itself failed). */
export interface InvocationOutcome {
  status: number;
  result?: ResolverResult<unknown>;
  text: string;
}

function authorization(role: Role): Record<string, string> {
  const user = SEED_USERS.find((candidate) => candidate.role === role)!;
  return {
    authorization: `Basic ${Buffer.from(`${user.emailAddress}:${user.apiToken}`).toString('base64')}`,
    'content-type': 'application/json',
  };
}

export async function invokeAs(url: string, role: Role, invocation: Invocation): Promise<InvocationOutcome> {
  const response = await fetch(`${url}/__sandbox/invoke`, {
    method: 'POST',
    headers: authorization(role),
    body: JSON.stringify(invocation),
  });
  const text = await response.text();
  let result: ResolverResult<unknown> | undefined;
  try {
    result = (JSON.parse(text) as { result?: ResolverResult<unknown> }).result;
  } catch {
    result = undefined;
  }
  return { status: response.status, result, text };
}

export async function listResolvers(url: string): Promise<ResolverListEntry[]> {
  return (await (await fetch(`${url}/__sandbox/resolvers`)).json()) as ResolverListEntry[];
}

/** What a valid payload may depend on: the version the scope uses now (a save must name it). */
export interface CurrentState {
  globalFrameworkVersion: number;
  /** The demo project's shared saved filter. */
  demoFilterId: string;
  /** The demo customer of case XY2024001. */
  demoCustomerNumber: string;
  /** Its version now (a review confirmation must name it). */
  demoCustomerVersion: number;
  /** The customers linked to REQ-1 now (sandbox/seed.ts links some). */
  demoLinkedCustomers: string[];
  /** The revision of REQ's delivery settings (a save must name it). */
  demoDeliveryRevision: number;
  /** The revision of REQ's second-level tag lists (a save must name it). */
  demoKindTagsRevision: number;
  /** The sandbox clock's time (ISO): dated entries such as a closure notice must not be in its future. */
  now: string;
}

export interface ValidCall {
  /** The surface that calls it, and the issue or project that surface shows (demo data). */
  resource: string;
  context: Record<string, string>;
  payload: (state: CurrentState) => Record<string, unknown>;
}

const onIssue = { resource: 'panel', context: { issueKey: 'REQ-1' } };
const onProject = { resource: 'matrix', context: { projectKey: 'REQ' } };
const onAdminPage = { resource: 'admin', context: {} };
// The customer archive is the project page's second subpage, on the same resource as the matrix.
// Delivered demo requirements (sandbox/seed.ts): REQ-5 is Done waiting for its notice, REQ-6 told and waiting for its follow-up.
const onDoneIssue = { resource: 'panel', context: { issueKey: 'REQ-5' } };
const onToldIssue = { resource: 'panel', context: { issueKey: 'REQ-6' } };
const onTicket = { resource: 'ticket', context: { issueKey: 'SUP-1' } };
const onCustomersPage = { resource: 'matrix', context: { projectKey: 'REQ' } };
const newCustomer = {
  name: 'Access test customer',
  industry: 'C',
  type: 'regular',
  staffBand: '100-299',
  revenueBand: '20m-100m',
  region: 'Zhejiang',
  contacts: [],
  trade: { firstDealOn: null, dealsLast12Months: 0, totalAmount: 0, renewed: false, complaints: 0 },
};
const heavierUrgency = {
  ...DEFAULT_FRAMEWORK_SETTINGS,
  weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
};

const accessSheet = { headers: ['需求', '客户原话'], rows: [['Export orders', '希望能导出订单']] };
const accessSheetMapping = {
  summary: 0,
  originalWords: 1,
  customer: null,
  channel: null,
  date: null,
  submitter: null,
  nature: null,
  kind: null,
};

const captureForm = {
  summary: 'Export orders from the mini-program',
  channel: 'customer-interview',
  originalWords: '希望能导出订单',
  submitter: 'Li Na',
  date: '2026-11-30',
};

/** One valid call per resolver; a resolver missing here fails the tests that need it, by name. */
export const VALID_CALLS: Record<ResolverKey, ValidCall> = {
  'triage.get': { ...onIssue, payload: () => ({}) },
  'triage.history': { ...onIssue, payload: () => ({}) },
  'glance.get': { resource: 'glance', context: { issueKey: 'REQ-1' }, payload: () => ({ issueKey: 'REQ-1' }) },
  'triage.save': { ...onIssue, payload: () => ({ inputs: { urgency: 4, moscow: 'Must' } }) },
  'requirements.list': { ...onProject, payload: () => ({ projectKey: 'REQ', nextPageToken: null }) },
  'exports.page': { ...onProject, payload: () => ({ projectKey: 'REQ', jql: 'status != Closed', nextPageToken: null }) },
  'requirements.distribution': { ...onProject, payload: () => ({ projectKey: 'REQ', topN: 5 }) },
  // Moving REQ-1 to where it already is: valid, and leaves nothing changed for the next role.
  'requirements.move': {
    ...onProject,
    payload: () => ({
      issueKey: 'REQ-1',
      businessValue: 8,
      implementationCost: 4,
      expected: { businessValue: 8, implementationCost: 4 },
    }),
  },
  'filters.distribution': { resource: 'gadget', context: {}, payload: (state) => ({ filterId: state.demoFilterId, topN: 5 }) },
  'filters.list': { resource: 'gadget', context: {}, payload: () => ({ query: 'CRM' }) },
  'framework.current': { ...onAdminPage, payload: () => ({ projectKey: 'REQ' }) },
  'framework.history': { ...onAdminPage, payload: () => ({}) },
  'framework.overrides': { ...onAdminPage, payload: () => ({}) },
  'framework.preview': { ...onAdminPage, payload: () => ({ settings: heavierUrgency }) },
  'framework.save': {
    ...onAdminPage,
    payload: (state) => ({ settings: heavierUrgency, note: 'Urgency weighs more', baseVersion: state.globalFrameworkVersion }),
  },
  'framework.diff': { ...onAdminPage, payload: () => ({ from: 1, to: 1 }) },
  'framework.revert': {
    ...onAdminPage,
    payload: (state) => ({ version: 1, note: 'Back to version 1', baseVersion: state.globalFrameworkVersion }),
  },
  'rescoring.status': { ...onAdminPage, payload: () => ({}) },
  'projects.list': { ...onAdminPage, payload: () => ({}) },
  'setup.run': { ...onAdminPage, payload: () => ({ projectKey: 'REQ' }) },
  'setup.projects': { ...onAdminPage, payload: () => ({}) },
  'duplicates.similar': { ...onIssue, payload: () => ({}) },
  // Merging an already merged pair and undoing an undone one change nothing, so every role may repeat them.
  'duplicates.merge': { ...onIssue, payload: () => ({ otherIssueKey: 'REQ-2', keep: 'this', descriptionFrom: 'this' }) },
  'duplicates.undo': { ...onIssue, payload: () => ({ otherIssueKey: 'REQ-2' }) },
  'classification.get': { ...onIssue, payload: () => ({}) },
  // REQ-1's own values: leaves nothing changed for the next role.
  'classification.save': { ...onIssue, payload: () => ({ nature: 'functional', kind: 'optimisation' }) },
  'customers.list': { ...onCustomersPage, payload: () => ({ query: '中型' }) },
  'customers.get': { ...onCustomersPage, payload: (state) => ({ number: state.demoCustomerNumber }) },
  'customers.save': { ...onCustomersPage, payload: () => ({ customer: newCustomer }) },
  'customers.import': {
    ...onCustomersPage,
    payload: () => ({
      importId: randomUUID(),
      part: 0,
      parts: 1,
      text: 'name,industry,type,staffBand,revenueBand,region\nImported for access,F,new,under-20,under-3m,Hubei',
    }),
  },
  'customers.export': { ...onCustomersPage, payload: (state) => ({ number: state.demoCustomerNumber }) },
  'customers.archive': { ...onCustomersPage, payload: () => ({ projectKey: 'REQ', cursor: null }) },
  'customers.review.list': { ...onCustomersPage, payload: () => ({ projectKey: 'REQ' }) },
  'customers.review.confirm': {
    ...onCustomersPage,
    payload: (state) => ({ projectKey: 'REQ', number: state.demoCustomerNumber, expectedVersion: state.demoCustomerVersion }),
  },
  'customers.erase': { ...onCustomersPage, payload: (state) => ({ number: state.demoCustomerNumber }) },
  'customers.linked': { ...onIssue, payload: () => ({}) },
  // Linking a customer REQ-1 already has: valid, and leaves nothing changed for the next role.
  'customers.link': {
    ...onIssue,
    payload: (state) => ({ add: state.demoLinkedCustomers.slice(0, 1), expected: state.demoLinkedCustomers }),
  },
  'delivery.get': { ...onIssue, payload: () => ({}) },
  // REQ-1 has no offer to move its due date: the move changes nothing and answers the due date as it is.
  'delivery.dueDate.move': { ...onIssue, payload: () => ({ expectedDueDate: '2024-07-15', toGrade: 'S' }) },
  // The first role's "keep" is stored; the others' repeat it and change nothing.
  'delivery.dueDate.keep': { ...onIssue, payload: () => ({ grade: 'S' }) },
  // REQ-1's own department: leaves nothing changed for the next role.
  'delivery.responsibility.save': { ...onIssue, payload: () => ({ department: '产品部', expectedDepartment: '产品部' }) },
  'review.list': { ...onProject, payload: () => ({ projectKey: 'REQ', nextPageToken: null }) },
  'review.confirm': { ...onProject, payload: () => ({ issueKey: 'REQ-1' }) },
  'reports.get': { ...onProject, payload: () => ({ projectKey: 'REQ', from: '2026-01', to: '2026-12' }) },
  'reports.gadget': { resource: 'gadget', context: {}, payload: () => ({ projectKey: 'REQ' }) },
  'keyDates.get': { ...onIssue, payload: () => ({}) },
  // No dates on REQ-1, and none sent: valid, and leaves nothing changed for the next role.
  'keyDates.save': { ...onIssue, payload: () => ({ dates: [], expected: null }) },
  'keyDates.timeline': { ...onProject, payload: () => ({ projectKey: 'REQ' }) },
  'feasibility.get': { ...onIssue, payload: () => ({}) },
  // The tech lead's own seeded mark on REQ-1 again: valid, and stores nothing new.
  'feasibility.mark': { ...onIssue, payload: () => ({ dimension: 'technical', verdict: 'feasible', note: '' }) },
  'delivery.settings.get': { ...onProject, payload: () => ({ projectKey: 'REQ' }) },
  'delivery.settings.save': {
    ...onAdminPage,
    payload: (state) => ({ projectKey: 'REQ', settings: DEMO_DELIVERY_SETTINGS, expectedRevision: state.demoDeliveryRevision }),
  },
  'kindTags.get': { ...onProject, payload: () => ({ projectKey: 'REQ' }) },
  'kindTags.save': {
    ...onAdminPage,
    payload: (state) => ({ projectKey: 'REQ', tags: DEFAULT_KIND_TAGS, expectedRevision: state.demoKindTagsRevision }),
  },
  'delivery.holders': { ...onAdminPage, payload: () => ({ projectKey: 'REQ', query: 'team' }) },
  'closure.get': { ...onToldIssue, payload: () => ({}) },
  // Notice, follow-up and waiver may be recorded again (a correction), so every role may repeat them.
  'closure.notice': {
    ...onDoneIssue,
    payload: (state) => ({ channel: 'phone', at: state.now, summary: 'Reports open in 3 seconds', customers: ['华东物流集团'] }),
  },
  'closure.followUp': {
    ...onToldIssue,
    payload: (state) => ({
      at: state.now,
      answers: [
        { customer: '中型汽车零部件制造商', satisfaction: 4, comment: 'works' },
        { customer: '华东物流集团', satisfaction: 5 },
      ],
    }),
  },
  'closure.waive': { ...onDoneIssue, payload: () => ({ reason: 'The customer asked not to be called again' }) },
  // REQ-1 is not done: nothing to reopen, which is not an error.
  'closure.reopen': { ...onIssue, payload: () => ({}) },
  // REQ-1 is not ready to close: nothing to close, which is not an error.
  'closure.close': { ...onIssue, payload: () => ({}) },
  'intake.status': { ...onAdminPage, payload: () => ({ projectKey: 'REQ' }) },
  'intake.rotateSecret': { ...onAdminPage, payload: () => ({ projectKey: 'REQ' }) },
  'sheetImport.upload': {
    ...onProject,
    payload: () => ({ importId: randomUUID(), part: 0, parts: 1, text: JSON.stringify(accessSheet) }),
  },
  'sheetImport.preview': {
    ...onProject,
    payload: () => ({
      table: accessSheet,
      mapping: accessSheetMapping,
      defaults: { channel: 'questionnaire', date: '2026-12-01' },
      offset: 0,
      limit: 10,
    }),
  },
  // Every row skipped: a valid import that writes nothing, so every role may repeat it.
  'sheetImport.start': {
    ...onProject,
    payload: () => ({
      table: accessSheet,
      fileName: 'access.csv',
      mapping: accessSheetMapping,
      defaults: { channel: 'questionnaire', date: '2026-12-01' },
      decisions: [{ row: 2, action: 'skip' }],
    }),
  },
  'sheetImport.status': { ...onProject, payload: () => ({}) },
  'capture.get': { ...onProject, payload: () => ({}) },
  'capture.similar': { ...onProject, payload: () => ({ summary: '导出订单', words: '希望能导出订单' }) },
  'capture.create': { ...onProject, payload: () => ({ form: captureForm }) },
  // One of REQ-1's own customers (not the one customers.erase may have erased): the words are appended, and the demand does not count again.
  'capture.addDemand': {
    ...onProject,
    payload: (state) => {
      const customerNumber = state.demoLinkedCustomers.find((number) => number !== state.demoCustomerNumber);
      return { projectKey: 'REQ', issueKey: 'REQ-1', form: { ...captureForm, ...(customerNumber ? { customerNumber } : {}) } };
    },
  },
  // The seeded support desk (sandbox/service-desk-seed.ts): SUP-1 raised into REQ (again: the first requirement is answered), SUP-2 added to REQ-1.
  'ticket.get': { ...onTicket, payload: () => ({}) },
  'ticket.similar': { ...onTicket, payload: () => ({ projectKey: 'REQ' }) },
  'ticket.create': { ...onTicket, payload: () => ({ projectKey: 'REQ', customers: [] }) },
  'ticket.add': {
    resource: 'ticket',
    context: { issueKey: 'SUP-2' },
    payload: () => ({ requirementKey: 'REQ-1', customers: [] }),
  },
};

export function validCallFor(resolver: string): ValidCall {
  const call = (VALID_CALLS as Record<string, ValidCall | undefined>)[resolver];
  if (!call)
    throw new Error(
      `Resolver ${resolver} has no entry in VALID_CALLS (test/support/resolver-calls.ts): add a valid call for it.`,
    );
  return call;
}

/** Per sandbox URL: a customer's number never changes, so it is looked up once (before any fault run starts). */
const demoCustomerNumbers = new Map<string, string>();

async function demoCustomerNumber(url: string): Promise<string> {
  const known = demoCustomerNumbers.get(url);
  if (known) return known;
  const customers = await invokeAs(url, 'admin', {
    resource: 'matrix',
    resolver: 'customers.list',
    payload: {},
    context: { projectKey: 'REQ' },
  });
  if (!customers.result?.ok) throw new Error(`customers.list failed: ${customers.text}`);
  // The oldest demo number: the first row of the demo import (the list shows newest first).
  const oldest = (customers.result.data as { customers: { number: string }[] }).customers
    .map((customer) => customer.number)
    .sort()[0];
  if (!oldest) throw new Error('The demo customers are missing (sandbox/seed.ts).');
  demoCustomerNumbers.set(url, oldest);
  return oldest;
}

/** The version the global default uses now; reads only the app's storage, so it works while Jira faults are injected. */
export async function globalFrameworkVersion(url: string): Promise<number> {
  const outcome = await invokeAs(url, 'admin', { resource: 'admin', resolver: 'framework.current', payload: {} });
  if (!outcome.result?.ok) throw new Error(`framework.current failed: ${outcome.text}`);
  return (outcome.result.data as { version: number }).version;
}

export async function currentState(url: string): Promise<CurrentState> {
  const filters = await invokeAs(url, 'product-manager', {
    resource: 'gadget',
    resolver: 'filters.list',
    payload: { query: 'CRM requirements' },
  });
  if (!filters.result?.ok) throw new Error(`filters.list failed: ${filters.text}`);
  const [demoFilter] = filters.result.data as { id: string }[];
  if (!demoFilter) throw new Error('The demo saved filter is missing (sandbox/seed.ts).');
  const linked = await invokeAs(url, 'admin', {
    resource: 'panel',
    resolver: 'customers.linked',
    payload: {},
    context: { issueKey: 'REQ-1' },
  });
  if (!linked.result?.ok) throw new Error(`customers.linked failed: ${linked.text}`);
  const demoLinkedCustomers = (linked.result.data as { customers: { number: string }[] }).customers.map(
    (customer) => customer.number,
  );
  if (demoLinkedCustomers.length === 0) throw new Error('REQ-1 has no linked customers (sandbox/seed.ts links them).');
  const delivery = await invokeAs(url, 'admin', {
    resource: 'admin',
    resolver: 'delivery.settings.get',
    payload: { projectKey: 'REQ' },
  });
  if (!delivery.result?.ok) throw new Error(`delivery.settings.get failed: ${delivery.text}`);
  const kindTags = await invokeAs(url, 'admin', { resource: 'admin', resolver: 'kindTags.get', payload: { projectKey: 'REQ' } });
  if (!kindTags.result?.ok) throw new Error(`kindTags.get failed: ${kindTags.text}`);
  const { now } = (await (await fetch(`${url}/__sandbox/clock`)).json()) as { now: string };
  const customerNumber = await demoCustomerNumber(url);
  const customer = await invokeAs(url, 'admin', {
    resource: 'matrix',
    resolver: 'customers.get',
    payload: { number: customerNumber },
    context: { projectKey: 'REQ' },
  });
  if (!customer.result?.ok) throw new Error(`customers.get failed: ${customer.text}`);
  return {
    demoCustomerVersion: (customer.result.data as { version: number }).version,
    globalFrameworkVersion: await globalFrameworkVersion(url),
    demoFilterId: demoFilter.id,
    demoCustomerNumber: await demoCustomerNumber(url),
    demoLinkedCustomers,
    demoDeliveryRevision: (delivery.result.data as { revision: number }).revision,
    demoKindTagsRevision: (kindTags.result.data as { revision: number }).revision,
    now,
  };
}

/**
 * Everything the sandbox persists (Jira's issues and configuration, the app's KVS, queued events),
 * as one string: equal strings mean nothing was written.
 */
export function persistedState(store: DurableStore): string {
  return JSON.stringify(store.collections().map((name) => [name, store.ids(name).map((id) => [id, store.get(name, id)])]));
}
