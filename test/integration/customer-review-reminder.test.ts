import { randomUUID } from 'node:crypto';
import type { PlatformCall } from '../../sandbox/forge/invocation-clock';
import type { IssueRecord } from '../../sandbox/jira/model';
import { SEED_USERS } from '../../sandbox/jira/model';
import { reviewQuarterOf } from '../../src/domain/customer-review';
import type { DutyHolder, StoredDeliverySettings } from '../../src/domain/delivery-settings';
import type { CustomerReviewPage } from '../../src/shared/api';
import { CUSTOMER_ENTITY } from '../../src/storage/customer-store';
import { resolverCaller, startTestSandbox, type TestSandbox } from '../support/test-sandbox';

/**
 * The quarterly customer review's reminder on the sandbox with the report history: three customers
 * archived four months ago are due; REQ's customer-contact duty is the "Customer success" role,
 * whose one account (陈静) reads Jira in Chinese.
 */

const cs = SEED_USERS.find((user) => user.role === 'customer-success')!;

async function nextHour(site: TestSandbox): Promise<{ statusCode?: number } | undefined> {
  const { from, to } = site.sandbox.clock.advance(3_600_000);
  await site.sandbox.runtime.runScheduled(from, to);
  await site.sandbox.idle();
  return site.sandbox.runtime.triggerRuns.filter((run) => run.moduleKey === 'rt-overdue-reminders').at(-1)?.outcome as
    { statusCode?: number } | undefined;
}

const reviewIssues = (site: TestSandbox): IssueRecord[] =>
  site.sandbox.store
    .list<IssueRecord>('jira-issues')
    .filter(
      (issue) =>
        issue.fields.labels instanceof Array &&
        (issue.fields.labels as string[]).some((label) => label.startsWith('rt-customer-review-')),
    );
const quarterOf = (site: TestSandbox) => reviewQuarterOf(site.sandbox.clock.now().toISOString().slice(0, 10));
const textOf = (adf: unknown): string => JSON.stringify(adf);

describe('the hourly run reminds the customer-contact duty once a quarter', () => {
  let site: TestSandbox;
  beforeAll(async () => {
    site = await startTestSandbox({ reportHistory: true });
  }, 120_000);
  afterAll(() => site.stop(), 60_000);

  test('opens one issue in Chinese for a Chinese duty, assigned to them, and Jira emails them', async () => {
    const invoke = resolverCaller({ site });
    const before = await invoke<CustomerReviewPage>(
      'cs',
      'matrix',
      'customers.review.list',
      { projectKey: 'REQ' },
      { projectKey: 'REQ' },
    );
    expect(before).toMatchObject({ ok: true, data: { total: 3, lastReminder: null } });
    const dueNumbers = before.ok ? before.data.customers.map((customer) => customer.number) : [];

    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    const quarter = quarterOf(site);
    const [issue, ...others] = reviewIssues(site);
    expect(others).toEqual([]);
    expect(issue!.key).toMatch(/^REQ-\d+$/);
    expect(issue!.fields).toMatchObject({
      summary: `${quarter.year}年第${quarter.quarter}季度客户信息复核`,
      assignee: cs.accountId,
      labels: [`rt-customer-review-${quarter.id}`],
    });
    // Not a Requirement: a plain Task, which the matrix, the scores and the reports leave alone.
    expect(site.sandbox.store.get<{ name: string }>('jira-issue-types', String(issue!.fields.issuetype))?.name).toBe('Task');
    const description = textOf(issue!.fields.description);
    expect(description).toContain(`"type":"mention","attrs":{"id":"${cs.accountId}"}`);
    expect(description).toContain('有 3 位客户的信息超过一个季度未复核');
    expect(description).not.toContain("customers' records");
    for (const number of dueNumbers) expect(description).toContain(`"text":"${number}"`);
    // REQ is a business project: its project page lives under /jira/core/.
    expect(description).toMatch(/"href":"http:\/\/[^"]+\/jira\/core\/projects\/REQ\/apps\/[^"/]+\/[^"/]+\/customers"/);

    const [email, ...moreEmails] = site.sandbox.emulator.notifications();
    expect(moreEmails).toEqual([]);
    expect(email).toMatchObject({
      issueKey: issue!.key,
      recipients: [cs.accountId],
      subject: `${quarter.year}年第${quarter.quarter}季度客户信息复核`,
      sentBy: 'app',
    });
    expect(email!.textBody).toContain('有 3 位客户的信息超过一个季度未复核');
    expect(email!.textBody).toContain(dueNumbers.join(', '));
    expect(email!.htmlBody).toContain('打开季度复核</a>');

    // The review page says when, to whom and where.
    const after = await invoke<CustomerReviewPage>(
      'manager',
      'matrix',
      'customers.review.list',
      { projectKey: 'REQ' },
      { projectKey: 'REQ' },
    );
    expect(after).toMatchObject({
      ok: true,
      data: {
        lastReminder: { quarter: quarter.id, issueKey: issue!.key, dueCount: 3, recipients: [cs.displayName], moreRecipients: 0 },
      },
    });
  }, 120_000);

  test('a repeated run sends nothing: no second issue, no second email', async () => {
    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    expect(reviewIssues(site)).toHaveLength(1);
    expect(site.sandbox.emulator.notifications()).toHaveLength(1);
    // Every call the runs made, the issue, the search and the email included, is one the REST spec allows.
    expect(site.sandbox.contractViolations).toEqual([]);
  }, 120_000);

  test("a list that grew from 3 to 13 within the quarter is reminded once more, as a comment on the quarter's issue", async () => {
    const invoke = resolverCaller({ site });
    const rows = Array.from(
      { length: 10 },
      (_, index) => `季度复核测试客户${index + 1},C,regular,100-299,20m-100m,江苏 苏州,2022-01-01,1,100000,no,0,,,,,,`,
    );
    const csv = [
      'name,industry,type,staffBand,revenueBand,region,firstDealOn,dealsLast12Months,totalAmount,renewed,complaints,contactName,contactRole,contactChannel,contactEmail,contactPhone,contactConsentOn',
      ...rows,
    ].join('\n');
    const imported = await invoke<{ created: string[] }>(
      'cs',
      'matrix',
      'customers.import',
      { projectKey: 'REQ', importId: randomUUID(), part: 0, parts: 1, text: csv },
      { projectKey: 'REQ' },
    );
    if (!imported.ok || !imported.data.created) throw new Error(JSON.stringify(imported));
    // Archived 100 days ago, as a batch brought in from an older system would be.
    const archivedAt = new Date(site.sandbox.clock.now().getTime() - 100 * 86_400_000).toISOString();
    for (const number of imported.data.created) {
      const item = site.sandbox.store.get<{ value: { record: Record<string, unknown> } }>(
        `kvs-entity:${CUSTOMER_ENTITY}`,
        number,
      )!;
      site.sandbox.store.commit([
        {
          collection: `kvs-entity:${CUSTOMER_ENTITY}`,
          id: number,
          value: {
            ...item,
            value: { ...item.value, record: { ...item.value.record, createdAt: archivedAt, updatedAt: archivedAt } },
          },
        },
      ]);
    }
    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    const [issue, ...others] = reviewIssues(site);
    expect(others).toEqual([]);
    const comments = issue!.comments.map((comment) => textOf(comment.body));
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(`"type":"mention","attrs":{"id":"${cs.accountId}"}`);
    expect(comments[0]).toContain('自上次提醒以来，待季度复核的客户已从 3 位增至 13 位。');
    expect(comments[0]).toContain(`reminder customer-review-grown:${quarterOf(site).id}:after-3`);
    const emails = site.sandbox.emulator.notifications();
    expect(emails).toHaveLength(2);
    expect(emails[1]).toMatchObject({ issueKey: issue!.key, recipients: [cs.accountId] });
    // Once: the next hours add nothing while the list stays as it is.
    await nextHour(site);
    expect(reviewIssues(site)[0]!.comments).toHaveLength(1);
    expect(site.sandbox.emulator.notifications()).toHaveLength(2);
    const page = await invoke<CustomerReviewPage>(
      'cs',
      'matrix',
      'customers.review.list',
      { projectKey: 'REQ' },
      { projectKey: 'REQ' },
    );
    expect(page).toMatchObject({ ok: true, data: { total: 13, lastReminder: { dueCount: 13, issueKey: issue!.key } } });
  }, 120_000);
});

describe("a run stopped after opening the quarter's issue", () => {
  let site: TestSandbox;
  beforeAll(async () => {
    site = await startTestSandbox({ reportHistory: true });
  }, 120_000);
  afterAll(() => site.stop(), 60_000);

  test('the next run finds the issue by its label and opens no second one', async () => {
    let stopped = false;
    // Stopped at the email, just after the issue was created: the claim stays pending.
    site.sandbox.runtime.endInvocationWhen = (call: PlatformCall) => {
      if (stopped || !(call.kind === 'jira' && call.method === 'POST' && call.path.endsWith('/notify'))) return false;
      stopped = true;
      return true;
    };
    await nextHour(site);
    site.sandbox.runtime.endInvocationWhen = undefined;
    expect(stopped).toBe(true);
    expect(reviewIssues(site)).toHaveLength(1);
    expect(site.sandbox.emulator.notifications()).toHaveLength(0);
    // The claim is finished once its run is certainly over (16 min); hours later, it is.
    await nextHour(site);
    await nextHour(site);
    expect(reviewIssues(site)).toHaveLength(1);
    // The email goes at most once: the run that created the issue was stopped before it; the issue and its mention remain.
    expect(site.sandbox.emulator.notifications()).toHaveLength(0);
    expect(site.sandbox.store.ids('kvs').filter((key) => key.startsWith('reminder-pending:'))).toEqual([]);
    const invoke = resolverCaller({ site });
    const page = await invoke<CustomerReviewPage>(
      'cs',
      'matrix',
      'customers.review.list',
      { projectKey: 'REQ' },
      { projectKey: 'REQ' },
    );
    expect(page).toMatchObject({ ok: true, data: { lastReminder: { issueKey: reviewIssues(site)[0]!.key } } });
  }, 120_000);
});

describe('a duty whose holders read Jira in different languages', () => {
  let site: TestSandbox;
  beforeAll(async () => {
    site = await startTestSandbox({ reportHistory: true });
  }, 120_000);
  afterAll(() => site.stop(), 60_000);

  test('gets the issue and the email in both languages, Chinese first, and all of them are reminded', async () => {
    const invoke = resolverCaller({ site });
    const manager = SEED_USERS.find((user) => user.role === 'manager')!;
    const current = await invoke<StoredDeliverySettings>('admin', 'admin', 'delivery.settings.get', { projectKey: 'REQ' });
    if (!current.ok) throw new Error(JSON.stringify(current.error));
    const { revision, ...settings } = current.data;
    // 陈静 (zh_CN) through the Customer success role, Maria Manager (en_US) through the managers group.
    const customerContact: DutyHolder[] = [
      ...settings.duties.customerContact,
      { kind: 'group', id: '9a1e2c3d-0000-4000-8000-000000000004', name: 'managers' },
    ];
    const saved = await invoke('admin', 'admin', 'delivery.settings.save', {
      projectKey: 'REQ',
      settings: { ...settings, duties: { ...settings.duties, customerContact } },
      expectedRevision: revision,
    });
    expect(saved.ok).toBe(true);

    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    const quarter = quarterOf(site);
    const [issue] = reviewIssues(site);
    expect(issue!.fields).toMatchObject({
      summary: `${quarter.year}年第${quarter.quarter}季度客户信息复核 / Quarterly customer review ${quarter.year} Q${quarter.quarter}`,
      assignee: cs.accountId,
    });
    const description = textOf(issue!.fields.description);
    for (const person of [cs, manager]) expect(description).toContain(`"type":"mention","attrs":{"id":"${person.accountId}"}`);
    expect(description.indexOf('有 3 位客户的信息超过一个季度未复核')).toBeGreaterThan(-1);
    expect(description.indexOf("3 customers' records were not confirmed for a quarter")).toBeGreaterThan(
      description.indexOf('有 3 位客户'),
    );
    expect(description).toContain('打开季度复核 / Open the quarterly review');
    const [email] = site.sandbox.emulator.notifications();
    expect(email).toMatchObject({ recipients: [cs.accountId, manager.accountId], subject: issue!.fields.summary });
    expect(email!.textBody).toContain("3 customers' records were not confirmed");
    const page = await invoke<CustomerReviewPage>(
      'manager',
      'matrix',
      'customers.review.list',
      { projectKey: 'REQ' },
      { projectKey: 'REQ' },
    );
    expect(page).toMatchObject({ ok: true, data: { lastReminder: { recipients: [cs.displayName, manager.displayName] } } });
  }, 120_000);
});

describe('a project whose app comments are set to English only', () => {
  let site: TestSandbox;
  beforeAll(async () => {
    site = await startTestSandbox({ reportHistory: true });
  }, 120_000);
  afterAll(() => site.stop(), 60_000);

  test('gets the issue in English although its duty reads Jira in Chinese', async () => {
    const invoke = resolverCaller({ site });
    const current = await invoke<StoredDeliverySettings>('admin', 'admin', 'delivery.settings.get', { projectKey: 'REQ' });
    if (!current.ok) throw new Error(JSON.stringify(current.error));
    const { revision, ...settings } = current.data;
    const saved = await invoke('admin', 'admin', 'delivery.settings.save', {
      projectKey: 'REQ',
      settings: { ...settings, jiraTextLanguage: 'en-US' },
      expectedRevision: revision,
    });
    expect(saved.ok).toBe(true);

    expect(await nextHour(site)).toEqual({ statusCode: 204 });
    const quarter = quarterOf(site);
    const [issue] = reviewIssues(site);
    expect(issue!.fields.summary).toBe(`Quarterly customer review ${quarter.year} Q${quarter.quarter}`);
    const description = textOf(issue!.fields.description);
    expect(description).toContain("3 customers' records were not confirmed for a quarter");
    expect(description).not.toContain('有 3 位客户');
  }, 120_000);
});
