import { ServiceDesk } from 'jira.js';
import { loadServiceDeskModels } from '../../sandbox/openapi/service-desk-contract';
import type { PortalCustomerRecord } from '../../sandbox/jira/resources/service-desk';
import type { SupportTicketView, TicketRaised, TicketSimilarRequirement } from '../../src/shared/api';
import { TO_DONE, paragraph, testBuilders } from '../support/builders';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * Jira Service Management in the sandbox and the ticket action on it: jira.js's own ServiceDesk
 * client works unchanged against the emulator, every JSM answer is checked against jira.js's
 * service-desk models (the sandbox's contract check), and a ticket becomes a requirement, or demand
 * on one, whose notice and follow-up go back to the ticket as public replies. Each test raises its
 * own requests on the desk and builds the archive customers and requirements they meet.
 */

const env = useTestSandbox({ queueDelayScale: 0.01 });
const invoke = resolverCaller(env);
const build = testBuilders(env);
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
const { rest, advance, clockNow } = siteRest(env);
const fieldIdOf = (moduleKey: string) =>
  env.site.sandbox.store
    .list<{ id: string; schema: { custom?: string } }>('jira-fields')
    .find((field) => field.schema.custom?.endsWith(`/${moduleKey}`))!.id;
const ticketView = async (key: string): Promise<SupportTicketView> => {
  const result = await invoke<SupportTicketView>('pm', 'ticket', 'ticket.get', {}, onTicket(key));
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};

/**
 * An archive customer with the portal customer as its contact (consented): a ticket of theirs filed
 * under an organization of the customer's name matches it by e-mail (the archive is searched by name).
 */
const customerWithContact = (name: string, contact: PortalCustomerRecord) =>
  build.customer({
    name,
    contacts: [
      {
        name: contact.displayName,
        role: '质量工程师',
        preferredChannel: 'email',
        email: contact.emailAddress,
        phone: null,
        consentGivenOn: '2024-01-10',
      },
    ],
  });

afterAll(() => expect(env.site.sandbox.contractViolations).toEqual([]));

describe("jira.js's ServiceDesk client against the emulator", () => {
  test('lists the desk, its request types, the customers who raised requests on it and their organizations, and reads a request', async () => {
    const { key, reporter } = await build.supportTicket({
      requestType: 'problem',
      summary: '包装机的计数器不准',
      description: '包装机的计数器每班要差十几个，月底对账对不上。附件是上周的计数记录。',
      organizations: ['精密轴承制造商'],
      attachments: ['计数记录-2024-06.xlsx'],
      rating: { rating: 5, comment: '回复很快，谢谢！' },
    });
    // A portal customer who raised nothing here and belongs to none of its organizations is not the desk's customer.
    const stranger = build.portalCustomer();
    const client = agentClient();
    const desks = await client.serviceDesk.getServiceDesks();
    expect(desks.values).toEqual([expect.objectContaining({ projectKey: 'SUP' })]);
    const deskId = desks.values![0]!.id!;
    const types = await client.serviceDesk.getRequestTypes({ serviceDeskId: deskId });
    expect(types.values!.map((type) => type.name)).toEqual(
      expect.arrayContaining(['报告问题 · Report a problem', '提出建议 · Suggest an improvement']),
    );
    const customers = (await client.serviceDesk.getCustomers({ serviceDeskId: deskId })).values!.map((user) => user.emailAddress);
    expect(customers).toContain(reporter.emailAddress);
    expect(customers).not.toContain(stranger.emailAddress);
    // jira.js's parameter type asks for a serviceDeskId the call does not send (GET /rest/servicedeskapi/organization?accountId=).
    const organizations = await client.organization.getOrganizations({ serviceDeskId: deskId, accountId: reporter.accountId });
    expect(organizations.values!.map((organization) => organization.name)).toEqual(['精密轴承制造商']);
    const request = await client.request.getCustomerRequestByIdOrKey({ issueIdOrKey: key });
    expect(request).toMatchObject({ issueKey: key, serviceDeskId: deskId, reporter: { emailAddress: reporter.emailAddress } });
    expect(request.requestFieldValues!.find((field) => field.fieldId === 'description')!.value).toContain('差十几个');
    expect((await client.request.getAttachmentsForRequest({ issueIdOrKey: key })).values!.map((file) => file.filename)).toEqual([
      '计数记录-2024-06.xlsx',
    ]);
    expect(await client.request.getFeedback({ requestIdOrKey: key })).toEqual({
      type: 'csat',
      rating: 5,
      comment: { body: '回复很快，谢谢！' },
    });
  });

  test('an agent posts a public reply and an internal note; the customer sees only the reply and may not post internally', async () => {
    const { key, reporter } = await build.supportTicket({ requestType: 'question' });
    const someoneElses = await build.supportTicket();
    const client = agentClient();
    await client.request.createRequestComment({ issueIdOrKey: key, body: 'We are looking into it.', public: true });
    await client.request.createRequestComment({ issueIdOrKey: key, body: 'Ask the UI team.', public: false });
    const all = await client.request.getRequestComments({ issueIdOrKey: key });
    expect(all.values!.map((comment) => [comment.body, comment.public])).toEqual([
      ['We are looking into it.', true],
      ['Ask the UI team.', false],
    ]);
    const seen = asCustomer(reporter.accountId, 'GET', `/rest/servicedeskapi/request/${key}/comment`);
    expect((seen.body as { values: { body: string }[] }).values.map((comment) => comment.body)).toEqual([
      'We are looking into it.',
    ]);
    expect(
      asCustomer(reporter.accountId, 'POST', `/rest/servicedeskapi/request/${key}/comment`, { body: 'secret', public: false })
        .status,
    ).toBe(400);
    // Another customer's request does not exist for her.
    expect(asCustomer(reporter.accountId, 'GET', `/rest/servicedeskapi/request/${someoneElses.key}`).status).toBe(404);
    // Feedback: only the reporter rates, 1-5.
    expect(
      asCustomer(reporter.accountId, 'POST', `/rest/servicedeskapi/request/${key}/feedback`, { type: 'csat', rating: 6 }).status,
    ).toBe(400);
    await expect(client.request.postFeedback({ requestIdOrKey: key, type: 'csat', rating: 4 })).rejects.toThrow();
  });

  test("the contract check reads jira.js's models and catches a field they do not declare", async () => {
    const { key } = await build.supportTicket();
    const models = loadServiceDeskModels();
    expect(models.get('Comment')!.has('public')).toBe(true);
    expect(models.get('CustomerRequest')!.has('_links')).toBe(true);
    const before = env.site.sandbox.contractViolations.length;
    // A body with a field CommentCreate does not have is recorded as a request problem (and refused by the emulator for its blank body).
    asApp('POST', `/rest/servicedeskapi/request/${key}/comment`, { body: '', visibility: 'internal' });
    const recorded = env.site.sandbox.contractViolations.splice(before);
    expect(recorded).toEqual([
      expect.objectContaining({ direction: 'request', problems: ["$.visibility: not a field of jira.js's CommentCreate"] }),
    ]);
  });
});

describe('the ticket action', () => {
  let created: string;

  test('shows the ticket: words, reporter, organization, attachment, language and the archive customer it matches', async () => {
    const reporter = build.portalCustomer({ displayName: '李娜', emailAddress: 'li.na@precision-stamping.example' });
    const number = await customerWithContact('精密冲压件制造商', reporter);
    const { key } = await build.supportTicket({
      reporter,
      organizations: ['精密冲压件制造商'],
      requestType: 'problem',
      summary: '冲压机的预警误报太多',
      description: '冲压机的智能预警模块这周又误报了 30 多次，产线停了两次。附件是本月的误报记录。',
      attachments: ['误报记录-2024-05.xlsx'],
    });
    const view = await ticketView(key);
    expect(view.ticket).toMatchObject({
      key,
      serviceRequest: true,
      language: 'zh-CN',
      reporter: { displayName: '李娜', organizations: ['精密冲压件制造商'] },
    });
    expect(view.ticket.words).toContain('误报了 30 多次');
    expect(view.ticket.attachments.map((file) => file.filename)).toEqual(['误报记录-2024-05.xlsx']);
    expect(view.matches).toEqual([{ number, name: '精密冲压件制造商', reason: 'contact-email' }]);
    expect(view.newCustomer).toBeNull();
    expect(view.projects).toEqual(['REQ']);
  });

  test('a reporter the archive does not know is offered as a new customer; an English request is answered in English', async () => {
    const reporter = build.portalCustomer({ displayName: 'Ann Carter', emailAddress: 'ann.carter@fernhill.example' });
    const { key } = await build.supportTicket({
      reporter,
      organizations: ['Fernhill Stores'],
      summary: 'Export the stock list to Excel',
      description: 'Every Monday our buyers need the stock list in Excel. Today we copy it by hand from the screen.',
    });
    const view = await ticketView(key);
    expect(view.ticket.language).toBe('en-US');
    expect(view.matches).toEqual([]);
    expect(view.newCustomer).toEqual({
      name: 'Fernhill Stores',
      contact: { name: 'Ann Carter', email: 'ann.carter@fernhill.example' },
    });
  });

  test("the requirement's likely duplicates come first: a ticket about cold-store scanners reads like the requirement about them", async () => {
    const alike = await build.requirement({
      summary: '冷库扫码枪读不出条码',
      description: '冷库里零下二十度，扫码枪经常读不出条码，拣货只能手工输入单号。',
    });
    const { key } = await build.supportTicket({
      requestType: 'problem',
      summary: '冷库里的扫码枪读不出条码',
      description: '我们的冷库零下二十度，扫码枪经常读不出条码，只能手工输入单号，很慢。',
    });
    const result = await invoke<TicketSimilarRequirement[]>(
      'pm',
      'ticket',
      'ticket.similar',
      { projectKey: 'REQ' },
      onTicket(key),
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data[0]?.key).toBe(alike);
  });

  test('creates a Requirement of the ticket: channel support ticket, the words, the attachment referenced, linked to ticket and customer; a second create makes nothing', async () => {
    const reporter = build.portalCustomer({ displayName: '陈静', emailAddress: 'chen.jing@gear-works.example' });
    const number = await customerWithContact('精密齿轮制造商', reporter);
    const { key } = await build.supportTicket({
      reporter,
      organizations: ['精密齿轮制造商'],
      requestType: 'problem',
      summary: '滚齿机的预警误报太多',
      description: '滚齿机的预警这周误报了 30 多次，影响正常生产。附件是本月的误报记录。',
      attachments: ['误报记录-2024-05.xlsx'],
    });
    expect((await ticketView(key)).matches.map((match) => match.number)).toEqual([number]);
    const result = await invoke<TicketRaised>(
      'pm',
      'ticket',
      'ticket.create',
      { projectKey: 'REQ', customers: [number] },
      onTicket(key),
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
    expect(links).toEqual([expect.objectContaining({ typeId: '10002', inwardIssueId: env.site.issue(key).id })]);
    expect(result.data.view.linkedRequirements.map((requirement) => requirement.key)).toEqual([created]);

    const issuesBefore = env.site.sandbox.store.size('jira-issues');
    const again = await invoke<TicketRaised>(
      'pm',
      'ticket',
      'ticket.create',
      { projectKey: 'REQ', customers: [number] },
      onTicket(key),
    );
    expect(again).toMatchObject({ ok: true, data: { key: created } });
    expect(env.site.sandbox.store.size('jira-issues')).toBe(issuesBefore);
  });

  test('refusals name the rule and change nothing: no Create issues, a project not set up, a contact without consent', async () => {
    const { key } = await build.supportTicket({ requestType: 'question' });
    const requirement = await build.requirement();
    // A key no issue has, to be refused like one the caller may not edit.
    const missing = 'REQ-999';
    expect(env.site.sandbox.store.list<{ key: string }>('jira-issues').map((issue) => issue.key)).not.toContain(missing);
    const issuesBefore = env.site.sandbox.store.size('jira-issues');
    expect(await invoke('manager', 'ticket', 'ticket.create', { projectKey: 'REQ', customers: [] }, onTicket(key))).toMatchObject(
      {
        ok: false,
        error: { kind: 'forbidden', message: 'You need the "Create issues" permission on project REQ.' },
      },
    );
    expect(await invoke('guest', 'ticket', 'ticket.get', {}, onTicket(key))).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await invoke('admin', 'ticket', 'ticket.create', { projectKey: 'SUP', customers: [] }, onTicket(key))).toMatchObject({
      ok: false,
      error: { kind: 'validation', violations: [expect.objectContaining({ field: 'projectKey' })] },
    });
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
      onTicket(key),
    );
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(JSON.stringify(refused)).toMatch(/consent/i);
    expect(env.site.sandbox.store.size('jira-issues')).toBe(issuesBefore);
    // A requirement the caller may not edit is refused like one that does not exist.
    expect(
      await invoke('cs', 'ticket', 'ticket.add', { requirementKey: requirement, customers: [] }, onTicket(key)),
    ).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: `You need the "Edit issues" permission on ${requirement}.` },
    });
    expect(await invoke('pm', 'ticket', 'ticket.add', { requirementKey: missing, customers: [] }, onTicket(key))).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: `You need the "Edit issues" permission on ${missing}.` },
    });
  });

  afterAll(() => expect(created).toMatch(/^REQ-\d+$/));
});

describe('tickets as demand on a delivered requirement, and its closure told back on them', () => {
  /** Done and waiting for the notice to its customers. */
  let delivered: string;
  /** Raised by a contact of an archive customer, in its organization; its customer has not rated it on JSM. */
  let unrated: { key: string; reporter: PortalCustomerRecord; customer: string; name: string };
  /** Raised by a member of an organization the archive knows; its customer rated it 5 on JSM. */
  let rated: { key: string; reporter: PortalCustomerRecord; customer: string; name: string };

  beforeAll(async () => {
    delivered = await build.requirement({ summary: '批量导入运单并过滤误报', feasibility: 'feasible', moves: TO_DONE });
    const contact = build.portalCustomer({ displayName: '赵敏', emailAddress: 'zhao.min@valve-works.example' });
    unrated = {
      ...(await build.supportTicket({
        reporter: contact,
        organizations: ['精密阀门制造商'],
        requestType: 'problem',
        summary: '阀门产线的预警误报太多',
        description: '阀门产线的预警这周误报了 30 多次，产线停了两次。',
      })),
      name: '精密阀门制造商',
      customer: await customerWithContact('精密阀门制造商', contact),
    };
    rated = {
      ...(await build.supportTicket({
        organizations: ['华南冷链物流集团'],
        summary: '希望支持批量导入运单',
        description: '我们每天有上千张运单，现在只能一张张录入，希望能用 Excel 批量导入。',
        rating: { rating: 5, comment: '回复很快，谢谢！' },
      })),
      name: '华南冷链物流集团',
      customer: await build.customer({ name: '华南冷链物流集团' }),
    };
  }, 120_000);

  test('adds a ticket as demand: words appended, duplicate count up, customer counted once; adding it again changes nothing', async () => {
    expect((await ticketView(rated.key)).matches).toEqual([{ number: rated.customer, name: rated.name, reason: 'organization' }]);
    const before = env.site.issue(delivered);
    const added = await invoke<TicketRaised>(
      'pm',
      'ticket',
      'ticket.add',
      { requirementKey: delivered, customers: [rated.customer] },
      onTicket(rated.key),
    );
    expect(added).toMatchObject({ ok: true, data: { key: delivered } });
    const after = env.site.issue(delivered);
    expect(after.fields[fieldIdOf('rt-customer-words')]).toContain('希望能用 Excel 批量导入');
    expect(after.fields[fieldIdOf('rt-duplicate-count')]).toBe(Number(before.fields[fieldIdOf('rt-duplicate-count')] ?? 0) + 1);
    expect(after.fields[fieldIdOf('rt-linked-customers')]).toEqual([rated.customer]);
    await invoke('pm', 'ticket', 'ticket.add', { requirementKey: delivered, customers: [rated.customer] }, onTicket(rated.key));
    expect(env.site.issue(delivered).fields).toEqual(after.fields);
    // A second ticket goes on it too: a requirement may come from several tickets.
    expect((await ticketView(unrated.key)).matches.map((match) => match.number)).toEqual([unrated.customer]);
    expect(
      await invoke(
        'pm',
        'ticket',
        'ticket.add',
        { requirementKey: delivered, customers: [unrated.customer] },
        onTicket(unrated.key),
      ),
    ).toMatchObject({ ok: true });
  });

  test("the notice recorded on the requirement is a public reply on each ticket, in its customer's language, once however often it is recorded", async () => {
    const notice = {
      channel: 'email',
      at: await clockNow(),
      summary: '批量导入和误报过滤已上线。',
      customers: [unrated.name, rated.name],
    };
    const marker = `[Requirement Triage · ${delivered} · notice`;
    expect(await invoke('cs', 'panel', 'closure.notice', notice, { issueKey: delivered })).toMatchObject({ ok: true });
    for (const { key } of [unrated, rated]) {
      const replies = comments(key).filter((comment) => comment.body.includes(marker));
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ public: true });
      expect(replies[0]!.body).toContain('已经解决。解决方案：批量导入和误报过滤已上线。');
    }
    // Corrected and recorded again: nothing is posted twice.
    expect(
      await invoke(
        'cs',
        'panel',
        'closure.notice',
        { ...notice, summary: '批量导入与误报过滤已上线。' },
        { issueKey: delivered },
      ),
    ).toMatchObject({ ok: true });
    expect(comments(unrated.key).filter((comment) => comment.body.includes(marker))).toHaveLength(1);
    // The customer sees it on the portal.
    const seen = asCustomer(unrated.reporter.accountId, 'GET', `/rest/servicedeskapi/request/${unrated.key}/comment`).body as {
      values: { body: string }[];
    };
    expect(seen.values.some((comment) => comment.body.includes(marker))).toBe(true);
  });

  test("when the follow-up is due it asks on the tickets; the reply and JSM's rating land in the follow-up record", async () => {
    const marker = `${delivered} · follow-up`;
    await advance('P7DT2H');
    await env.site.sandbox.idle();
    const asks = comments(unrated.key).filter((comment) => comment.body.includes(marker));
    expect(asks).toHaveLength(1);
    expect(asks[0]!.body).toContain('请回复 1（完全没有解决）到 5（非常满意）');
    // The rated ticket answered through JSM's own rating already; the other's customer has not answered: no follow-up yet.
    const record = () =>
      kvs<{ closure: { followUp: { answers: unknown[]; recordedBy: { accountId: string } } | null } }>(
        `delivery:issue:${env.site.issue(delivered).id}`,
      )!.closure;
    expect(record().followUp).toBeNull();
    expect(
      asCustomer(unrated.reporter.accountId, 'POST', `/rest/servicedeskapi/request/${unrated.key}/comment`, {
        body: '误报少多了，打 4 分。',
        public: true,
      }).status,
    ).toBe(201);
    await advance('PT2H');
    await env.site.sandbox.idle();
    expect(record().followUp).toMatchObject({
      answers: [
        { customer: unrated.name, satisfaction: 4, comment: '误报少多了，打 4 分。' },
        { customer: rated.name, satisfaction: 5, comment: '回复很快，谢谢！' },
      ],
      recordedBy: { accountId: 'app' },
    });
    // More hourly runs ask nothing again.
    await advance('PT3H');
    await env.site.sandbox.idle();
    expect(comments(unrated.key).filter((comment) => comment.body.includes(marker))).toHaveLength(1);
  }, 120_000);
});

test("a plain Jira issue works as a ticket: its description is the customer's words", async () => {
  const createdIssue = await rest('POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'REQ' },
      issuetype: { name: 'Task' },
      summary: 'Sales call: wants SSO',
      description: paragraph('The customer asked for single sign-on with their AD.'),
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
