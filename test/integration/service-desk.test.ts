import { ServiceDesk } from 'jira.js';
import { SUPPORT_CUSTOMERS } from '../../sandbox/service-desk-seed';
import { loadServiceDeskModels } from '../../sandbox/openapi/service-desk-contract';
import type { SupportTicketView, TicketRaised, TicketSimilarRequirement } from '../../src/shared/api';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * Jira Service Management in the sandbox and the ticket action on it: jira.js's own ServiceDesk
 * client works unchanged against the emulator, every JSM answer is checked against jira.js's
 * service-desk models (the sandbox's contract check), and a ticket becomes a requirement, or demand
 * on one, whose notice and follow-up go back to the ticket as public replies.
 */

const env = useTestSandbox({ queueDelayScale: 0.01 });
const invoke = resolverCaller(env);
const onTicket = (key: string) => ({ issueKey: key });

const agentClient = () =>
  new ServiceDesk.ServiceDeskClient({
    host: env.site.url,
    authentication: { basic: { email: 'cs@example.com', apiToken: 'cs-token' } },
  });
const asApp = (method: string, path: string, body?: unknown) =>
  env.site.sandbox.gateway().handle({ method, path, query: {}, body }, { kind: 'app' });
const asCustomer = (accountId: string, method: string, path: string, body?: unknown) =>
  env.site.sandbox.gateway().handle({ method, path, query: {}, body }, { kind: 'user', accountId });
const kvs = <T>(key: string): T | undefined => env.site.sandbox.store.get<{ value: T }>('kvs', key)?.value;
const comments = (key: string) =>
  (
    asApp('GET', `/rest/servicedeskapi/request/${key}/comment`).body as {
      values: { body: string; public: boolean; author: { accountId: string } }[];
    }
  ).values;
const { rest, advance } = siteRest(env);
const fieldIdOf = (moduleKey: string) =>
  env.site.sandbox.store
    .list<{ id: string; schema: { custom?: string } }>('jira-fields')
    .find((field) => field.schema.custom?.endsWith(`/${moduleKey}`))!.id;

afterAll(() => expect(env.site.sandbox.contractViolations).toEqual([]));

describe("jira.js's ServiceDesk client against the emulator", () => {
  test('lists the seeded desk, its request types, customers and organizations, and reads a request', async () => {
    const client = agentClient();
    const desks = await client.serviceDesk.getServiceDesks();
    expect(desks.values).toEqual([expect.objectContaining({ projectKey: 'SUP' })]);
    const deskId = desks.values![0]!.id!;
    const types = await client.serviceDesk.getRequestTypes({ serviceDeskId: deskId });
    expect(types.values!.map((type) => type.name)).toEqual(
      expect.arrayContaining(['报告问题 · Report a problem', '提出建议 · Suggest an improvement']),
    );
    const customers = await client.serviceDesk.getCustomers({ serviceDeskId: deskId });
    expect(customers.values!.map((user) => user.emailAddress).sort()).toEqual(
      Object.values(SUPPORT_CUSTOMERS)
        .map((customer) => customer.emailAddress)
        .sort(),
    );
    // jira.js's parameter type asks for a serviceDeskId the call does not send (GET /rest/servicedeskapi/organization?accountId=).
    const organizations = await client.organization.getOrganizations({
      serviceDeskId: deskId,
      accountId: SUPPORT_CUSTOMERS.liNa.accountId,
    });
    expect(organizations.values!.map((organization) => organization.name)).toEqual(['中型汽车零部件制造商']);
    const request = await client.request.getCustomerRequestByIdOrKey({ issueIdOrKey: 'SUP-1' });
    expect(request).toMatchObject({ issueKey: 'SUP-1', serviceDeskId: deskId, reporter: { emailAddress: 'li.na@example.com' } });
    expect(request.requestFieldValues!.find((field) => field.fieldId === 'description')!.value).toContain('误报');
    expect(
      (await client.request.getAttachmentsForRequest({ issueIdOrKey: 'SUP-1' })).values!.map((file) => file.filename),
    ).toEqual(['误报记录-2024-05.xlsx']);
    expect(await client.request.getFeedback({ requestIdOrKey: 'SUP-3' })).toEqual({
      type: 'csat',
      rating: 5,
      comment: { body: '回复很快，谢谢！' },
    });
  });

  test('an agent posts a public reply and an internal note; the customer sees only the reply and may not post internally', async () => {
    const client = agentClient();
    await client.request.createRequestComment({ issueIdOrKey: 'SUP-4', body: 'We are looking into it.', public: true });
    await client.request.createRequestComment({ issueIdOrKey: 'SUP-4', body: 'Ask the UI team.', public: false });
    const all = await client.request.getRequestComments({ issueIdOrKey: 'SUP-4' });
    expect(all.values!.map((comment) => [comment.body, comment.public])).toEqual([
      ['We are looking into it.', true],
      ['Ask the UI team.', false],
    ]);
    const seen = asCustomer(SUPPORT_CUSTOMERS.emmaReed.accountId, 'GET', '/rest/servicedeskapi/request/SUP-4/comment');
    expect((seen.body as { values: { body: string }[] }).values.map((comment) => comment.body)).toEqual([
      'We are looking into it.',
    ]);
    expect(
      asCustomer(SUPPORT_CUSTOMERS.emmaReed.accountId, 'POST', '/rest/servicedeskapi/request/SUP-4/comment', {
        body: 'secret',
        public: false,
      }).status,
    ).toBe(400);
    // Another customer's request does not exist for her.
    expect(asCustomer(SUPPORT_CUSTOMERS.emmaReed.accountId, 'GET', '/rest/servicedeskapi/request/SUP-1').status).toBe(404);
    // Feedback: only the reporter rates, 1-5.
    expect(
      asCustomer(SUPPORT_CUSTOMERS.emmaReed.accountId, 'POST', '/rest/servicedeskapi/request/SUP-4/feedback', {
        type: 'csat',
        rating: 6,
      }).status,
    ).toBe(400);
    await expect(client.request.postFeedback({ requestIdOrKey: 'SUP-4', type: 'csat', rating: 4 })).rejects.toThrow();
  });

  test("the contract check reads jira.js's models and catches a field they do not declare", () => {
    const models = loadServiceDeskModels();
    expect(models.get('Comment')!.has('public')).toBe(true);
    expect(models.get('CustomerRequest')!.has('_links')).toBe(true);
    const before = env.site.sandbox.contractViolations.length;
    // A body with a field CommentCreate does not have is recorded as a request problem (and refused by the emulator for its blank body).
    asApp('POST', '/rest/servicedeskapi/request/SUP-4/comment', { body: '', visibility: 'internal' });
    const recorded = env.site.sandbox.contractViolations.splice(before);
    expect(recorded).toEqual([
      expect.objectContaining({ direction: 'request', problems: ["$.visibility: not a field of jira.js's CommentCreate"] }),
    ]);
  });
});

describe('the ticket action', () => {
  let created: string;

  test('shows the ticket: words, reporter, organization, attachment, language and the archive customer it matches', async () => {
    const result = await invoke<SupportTicketView>('pm', 'ticket', 'ticket.get', {}, onTicket('SUP-1'));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.ticket).toMatchObject({
      key: 'SUP-1',
      serviceRequest: true,
      language: 'zh-CN',
      reporter: { displayName: '李娜', organizations: ['中型汽车零部件制造商'] },
    });
    expect(result.data.ticket.words).toContain('误报了 30 多次');
    expect(result.data.ticket.attachments.map((file) => file.filename)).toEqual(['误报记录-2024-05.xlsx']);
    expect(result.data.matches).toEqual([expect.objectContaining({ name: '中型汽车零部件制造商', reason: 'contact-email' })]);
    expect(result.data.newCustomer).toBeNull();
    expect(result.data.projects).toEqual(['REQ']);
  });

  test('a reporter the archive does not know is offered as a new customer; an English request is answered in English', async () => {
    const result = await invoke<SupportTicketView>('pm', 'ticket', 'ticket.get', {}, onTicket('SUP-2'));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.ticket.language).toBe('en-US');
    expect(result.data.matches).toEqual([]);
    expect(result.data.newCustomer).toEqual({
      name: 'Northwind Retail',
      contact: { name: 'Tom Baker', email: 'tom.baker@northwind.example' },
    });
  });

  test("the requirement's likely duplicates come first: SUP-1 reads like REQ-1 (the false alarms)", async () => {
    const result = await invoke<TicketSimilarRequirement[]>(
      'pm',
      'ticket',
      'ticket.similar',
      { projectKey: 'REQ' },
      onTicket('SUP-1'),
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data[0]?.key).toBe('REQ-1');
  });

  test('creates a Requirement of the ticket: channel support ticket, the words, the attachment referenced, linked to ticket and customer; a second create makes nothing', async () => {
    const customer = (await invoke<SupportTicketView>('pm', 'ticket', 'ticket.get', {}, onTicket('SUP-1'))) as {
      ok: true;
      data: SupportTicketView;
    };
    const number = customer.data.matches[0]!.number;
    const result = await invoke<TicketRaised>(
      'pm',
      'ticket',
      'ticket.create',
      { projectKey: 'REQ', customers: [number] },
      onTicket('SUP-1'),
    );
    if (!result.ok) throw new Error(result.error.message);
    created = result.data.key;
    const issue = env.site.issue(created);
    expect(issue.fields[fieldIdOf('rt-source-channel')]).toBe('support-ticket');
    expect(issue.fields[fieldIdOf('rt-customer-words')]).toContain('误报了 30 多次');
    expect(issue.fields[fieldIdOf('rt-linked-customers')]).toEqual([number]);
    expect(JSON.stringify(issue.fields.description)).toContain('误报记录-2024-05.xlsx');
    const links = env.site.sandbox.store
      .list<{ typeId: string; inwardIssueId: string; outwardIssueId: string }>('jira-links')
      .filter((link) => link.outwardIssueId === issue.id);
    expect(links).toEqual([expect.objectContaining({ typeId: '10002', inwardIssueId: env.site.issue('SUP-1').id })]);
    expect(result.data.view.linkedRequirements.map((requirement) => requirement.key)).toEqual([created]);

    const issuesBefore = env.site.sandbox.store.size('jira-issues');
    const again = await invoke<TicketRaised>(
      'pm',
      'ticket',
      'ticket.create',
      { projectKey: 'REQ', customers: [number] },
      onTicket('SUP-1'),
    );
    expect(again).toMatchObject({ ok: true, data: { key: created } });
    expect(env.site.sandbox.store.size('jira-issues')).toBe(issuesBefore);
  });

  test('refusals name the rule and change nothing: no Create issues, a project not set up, a contact without consent', async () => {
    const issuesBefore = env.site.sandbox.store.size('jira-issues');
    expect(
      await invoke('manager', 'ticket', 'ticket.create', { projectKey: 'REQ', customers: [] }, onTicket('SUP-4')),
    ).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Create issues" permission on project REQ.' },
    });
    expect(await invoke('guest', 'ticket', 'ticket.get', {}, onTicket('SUP-4'))).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(
      await invoke('admin', 'ticket', 'ticket.create', { projectKey: 'SUP', customers: [] }, onTicket('SUP-4')),
    ).toMatchObject({ ok: false, error: { kind: 'validation', violations: [expect.objectContaining({ field: 'projectKey' })] } });
    const noConsent = {
      name: 'Emma Reed',
      industry: 'I',
      type: 'new',
      staffBand: 'under-20',
      revenueBand: 'under-3m',
      region: 'London',
      contacts: [
        {
          name: 'Emma Reed',
          role: '',
          preferredChannel: 'email',
          email: 'emma.reed@example.org',
          phone: null,
          consentGivenOn: '',
        },
      ],
      trade: { firstDealOn: null, dealsLast12Months: 0, totalAmount: 0, renewed: false, complaints: 0 },
    };
    const refused = await invoke(
      'pm',
      'ticket',
      'ticket.create',
      { projectKey: 'REQ', customers: [], newCustomer: noConsent },
      onTicket('SUP-4'),
    );
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(JSON.stringify(refused)).toMatch(/consent/i);
    expect(env.site.sandbox.store.size('jira-issues')).toBe(issuesBefore);
    // A requirement the caller may not edit is refused like one that does not exist.
    expect(
      await invoke('cs', 'ticket', 'ticket.add', { requirementKey: 'REQ-1', customers: [] }, onTicket('SUP-4')),
    ).toMatchObject({ ok: false, error: { kind: 'forbidden', message: 'You need the "Edit issues" permission on REQ-1.' } });
    expect(
      await invoke('pm', 'ticket', 'ticket.add', { requirementKey: 'REQ-999', customers: [] }, onTicket('SUP-4')),
    ).toMatchObject({ ok: false, error: { kind: 'forbidden', message: 'You need the "Edit issues" permission on REQ-999.' } });
  });

  test('adds a ticket as demand: words appended, duplicate count up, customer counted once; adding it again changes nothing', async () => {
    const view = (await invoke<SupportTicketView>('pm', 'ticket', 'ticket.get', {}, onTicket('SUP-3'))) as {
      ok: true;
      data: SupportTicketView;
    };
    expect(view.data.matches).toEqual([expect.objectContaining({ name: '华东物流集团', reason: 'organization' })]);
    const number = view.data.matches[0]!.number;
    const before = env.site.issue('REQ-5');
    const added = await invoke<TicketRaised>(
      'pm',
      'ticket',
      'ticket.add',
      { requirementKey: 'REQ-5', customers: [number] },
      onTicket('SUP-3'),
    );
    expect(added).toMatchObject({ ok: true, data: { key: 'REQ-5' } });
    const after = env.site.issue('REQ-5');
    expect(after.fields[fieldIdOf('rt-customer-words')]).toContain('希望能用 Excel 批量导入');
    expect(after.fields[fieldIdOf('rt-duplicate-count')]).toBe(Number(before.fields[fieldIdOf('rt-duplicate-count')] ?? 0) + 1);
    expect(after.fields[fieldIdOf('rt-linked-customers')]).toEqual([number]);
    await invoke('pm', 'ticket', 'ticket.add', { requirementKey: 'REQ-5', customers: [number] }, onTicket('SUP-3'));
    expect(env.site.issue('REQ-5').fields).toEqual(after.fields);
    // SUP-1 goes on REQ-5 too (the false alarms were part of the delivered work): a ticket may feed several requirements.
    const first = (await invoke<SupportTicketView>('pm', 'ticket', 'ticket.get', {}, onTicket('SUP-1'))) as {
      ok: true;
      data: SupportTicketView;
    };
    expect(
      await invoke(
        'pm',
        'ticket',
        'ticket.add',
        { requirementKey: 'REQ-5', customers: [first.data.matches[0]!.number] },
        onTicket('SUP-1'),
      ),
    ).toMatchObject({ ok: true });
  });

  test("the notice recorded on REQ-5 is a public reply on each ticket, in its customer's language, once however often it is recorded", async () => {
    const now = ((await (await fetch(`${env.site.url}/__sandbox/clock`)).json()) as { now: string }).now;
    const notice = {
      channel: 'email',
      at: now,
      summary: '批量导入和误报过滤已上线。',
      customers: ['中型汽车零部件制造商', '华东物流集团'],
    };
    expect(await invoke('cs', 'panel', 'closure.notice', notice, { issueKey: 'REQ-5' })).toMatchObject({ ok: true });
    for (const key of ['SUP-1', 'SUP-3']) {
      const replies = comments(key).filter((comment) => comment.body.includes('[Requirement Triage · REQ-5 · notice'));
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ public: true });
      expect(replies[0]!.body).toContain('已经解决。解决方案：批量导入和误报过滤已上线。');
    }
    // Corrected and recorded again: nothing is posted twice.
    expect(
      await invoke('cs', 'panel', 'closure.notice', { ...notice, summary: '批量导入与误报过滤已上线。' }, { issueKey: 'REQ-5' }),
    ).toMatchObject({ ok: true });
    expect(comments('SUP-1').filter((comment) => comment.body.includes('REQ-5 · notice'))).toHaveLength(1);
    // The customer sees it on the portal.
    const seen = asCustomer(SUPPORT_CUSTOMERS.liNa.accountId, 'GET', '/rest/servicedeskapi/request/SUP-1/comment').body as {
      values: { body: string }[];
    };
    expect(seen.values.some((comment) => comment.body.includes('REQ-5 · notice'))).toBe(true);
  });

  test("when the follow-up is due it asks on the tickets; the reply and JSM's rating land in the follow-up record", async () => {
    await advance('P7DT2H');
    await env.site.sandbox.idle();
    const asks = comments('SUP-1').filter((comment) => comment.body.includes('REQ-5 · follow-up'));
    expect(asks).toHaveLength(1);
    expect(asks[0]!.body).toContain('请回复 1（完全没有解决）到 5（非常满意）');
    // SUP-3 answered through JSM's own rating already; SUP-1's customer has not answered: no follow-up yet.
    const record = () =>
      kvs<{ closure: { followUp: { answers: unknown[]; recordedBy: { accountId: string } } | null } }>(
        `delivery:issue:${env.site.issue('REQ-5').id}`,
      )!.closure;
    expect(record().followUp).toBeNull();
    expect(
      asCustomer(SUPPORT_CUSTOMERS.liNa.accountId, 'POST', '/rest/servicedeskapi/request/SUP-1/comment', {
        body: '误报少多了，打 4 分。',
        public: true,
      }).status,
    ).toBe(201);
    await advance('PT2H');
    await env.site.sandbox.idle();
    expect(record().followUp).toMatchObject({
      answers: [
        { customer: '中型汽车零部件制造商', satisfaction: 4, comment: '误报少多了，打 4 分。' },
        { customer: '华东物流集团', satisfaction: 5, comment: '回复很快，谢谢！' },
      ],
      recordedBy: { accountId: 'app' },
    });
    // More hourly runs ask nothing again.
    await advance('PT3H');
    await env.site.sandbox.idle();
    expect(comments('SUP-1').filter((comment) => comment.body.includes('REQ-5 · follow-up'))).toHaveLength(1);
  }, 120_000);

  test("a plain Jira issue works as a ticket: its description is the customer's words", async () => {
    const createdIssue = await rest('POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'REQ' },
        issuetype: { name: 'Task' },
        summary: 'Sales call: wants SSO',
        description: {
          type: 'doc',
          version: 1,
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'The customer asked for single sign-on with their AD.' }] },
          ],
        },
      },
    });
    expect(createdIssue.status).toBe(201);
    const key = String(createdIssue.body.key);
    const view = await invoke<SupportTicketView>('pm', 'ticket', 'ticket.get', {}, onTicket(key));
    expect(view).toMatchObject({
      ok: true,
      data: {
        ticket: { serviceRequest: false, words: 'The customer asked for single sign-on with their AD.', language: 'en-US' },
      },
    });
  });

  afterAll(() => expect(created).toMatch(/^REQ-\d+$/));
});
