import type { IssueRecord } from '../../sandbox/jira/model';
import type { DeliveryRecord } from '../../src/storage/delivery-store';
import type { DutyHolder, StoredDeliverySettings } from '../../src/domain/delivery-settings';
import type { ClosureView, ExportPage } from '../../src/shared/api';
import { closureBuilders, testBuilders, type NoticeSpec, type RequirementSpec } from '../support/builders';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';
import { serverText } from '../support/server-text';

/**
 * The closure-feedback loop against the sandbox: completion from the Done change (once, under
 * replays), who may record, bad input refused with nothing stored, the 24-hour and follow-up
 * reminders on the sandbox clock, unsatisfied → reopen, the archive written on closing and exported.
 * Each test delivers its own requirements (assigned to the product manager). REQ's delivery
 * settings: customer success records notices and follow-ups, managers waive.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const { rest, transition, advance, clockNow, fieldId } = siteRest(env);
const { requirement } = testBuilders(env);
const { deliveredRequirement } = closureBuilders(env);
const PM_ID = '5b10a2844c20165700ede21g';
const CS_ID = '5b10ac8d82e05b22cc7d4ef6';
const MANAGER_ID = '5b109f2e9729b51b54dc274d';
const CONTACT_REFUSAL = 'Only Customer success may record the notice to the customer and the follow-up on project REQ.';
const WAIVER_REFUSAL = 'Only Managers may waive the follow-up on project REQ.';

const recordOf = (key: string): DeliveryRecord | undefined =>
  env.site.sandbox.store.get<{ value: DeliveryRecord }>('kvs', `delivery:issue:${env.site.issue(key).id}`)?.value;
const day = (iso: string) => iso.slice(0, 10);
const comments = (key: string) => env.site.issue(key).comments.map((comment) => JSON.stringify(comment.body));
const issueContext = (key: string) => ({ issueKey: key });
/** The accounts a comment mentions, in order. */
const mentioned = (body: string) => [...body.matchAll(/"type":"mention","attrs":\{"id":"([^"]+)"\}/g)].map((match) => match[1]);

/** The changelog entry that moved the issue to a status, and the trigger event Jira sent for it. */
function statusEvent(issue: IssueRecord, status: string, nth = 0) {
  const entry = issue.changelog.filter((candidate) =>
    candidate.items.some((item) => item.fieldId === 'status' && item.toString === status),
  )[nth]!;
  return {
    entry,
    event: {
      eventType: 'avi:jira:updated:issue',
      issue: { id: issue.id, key: issue.key, fields: {} },
      changelog: { id: entry.id, items: entry.items },
    },
  };
}
const issueTrigger = () => env.site.sandbox.runtime.manifest.modules.trigger!.find((module) => module.key === 'rt-issue-events')!;
const iso = (jiraTime: string) => new Date(Date.parse(jiraTime)).toISOString();

/** Done (completion recorded), assigned to the product manager unless told otherwise; told its customers if `told` is given. */
const delivered = (spec: RequirementSpec & { told?: NoticeSpec } = {}) =>
  deliveredRequirement({ ...spec, fields: { Assignee: { accountId: PM_ID }, ...spec.fields } });
/** Told two customers over WeChat, waiting for the follow-up. */
const TOLD_TWO: NoticeSpec = {
  channel: 'wechat',
  customers: ['中型汽车零部件制造商', '华东物流集团'],
  summary: '告警推送到企业微信与手机浏览器，值班人员可直接确认告警。',
};

describe('completion', () => {
  test('Done records the completion at the change’s own time, once, however often and late the event comes', async () => {
    const key = await delivered();
    const issue = env.site.issue(key);
    const { entry, event } = statusEvent(issue, 'Done');
    const before = recordOf(key)!;
    expect(before.closure).toMatchObject({
      completedAt: iso(entry.created),
      notice: null,
      followUp: null,
      waiver: null,
      history: [],
    });
    await advance('PT2H');
    for (let repeat = 0; repeat < 3; repeat += 1) await env.site.sandbox.runtime.redeliver(issueTrigger(), event, key);
    expect(recordOf(key)).toEqual(before);
  });

  test('a reopen and a second Done start a new round, keeping the first as history; the first Done replayed changes nothing', async () => {
    const key = await delivered({ summary: 'Round trip' });
    const first = recordOf(key)!.closure.completedAt!;
    expect(
      (
        await invoke<ClosureView>(
          'cs',
          'panel',
          'closure.notice',
          { channel: 'email', at: await clockNow(), summary: 'First fix', customers: ['华东物流集团'] },
          issueContext(key),
        )
      ).ok,
    ).toBe(true);
    await transition(key, 'Reopen');
    await advance('PT1H');
    await transition(key, 'Send to test');
    await transition(key, 'Pass test');
    const closure = recordOf(key)!.closure;
    expect(Date.parse(closure.completedAt!)).toBeGreaterThan(Date.parse(first));
    expect(closure.notice).toBeNull();
    expect(closure.history).toEqual([
      expect.objectContaining({ completedAt: first, notice: expect.objectContaining({ summary: 'First fix' }) }),
    ]);
    const revision = recordOf(key)!.revision;
    await env.site.sandbox.runtime.redeliver(issueTrigger(), statusEvent(env.site.issue(key), 'Done', 0).event, key);
    expect(recordOf(key)!.revision).toBe(revision);
  });
});

describe('who may record, and bad input', () => {
  // Shared by the cases below: each is refused and each checks that nothing was stored.
  let waiting = '';
  let told = '';
  beforeAll(async () => {
    waiting = await delivered();
    told = await delivered({ told: TOLD_TWO });
  });

  test.each(['pm', 'manager', 'compliance', 'techlead'] as const)(
    'a notice or follow-up by %s, without that duty, is refused naming who may; nothing is stored',
    async (role) => {
      const before = [JSON.stringify(recordOf(waiting)), JSON.stringify(recordOf(told))];
      const payload = { channel: 'phone', at: await clockNow(), summary: 'Reports load in 3 s', customers: ['华东物流集团'] };
      const answers = recordOf(told)!.closure.notice!.customers.map((customer) => ({ customer, satisfaction: 4 }));
      expect(await invoke(role, 'panel', 'closure.notice', payload, issueContext(waiting))).toEqual({
        ok: false,
        error: { kind: 'forbidden', message: CONTACT_REFUSAL },
      });
      expect(await invoke(role, 'panel', 'closure.followUp', { at: await clockNow(), answers }, issueContext(told))).toEqual({
        ok: false,
        error: { kind: 'forbidden', message: CONTACT_REFUSAL },
      });
      expect([JSON.stringify(recordOf(waiting)), JSON.stringify(recordOf(told))]).toEqual(before);
    },
  );

  test.each(['pm', 'cs', 'compliance'] as const)(
    'a waiver by %s, who is not a manager, is refused naming who may; nothing is stored',
    async (role) => {
      const before = JSON.stringify(recordOf(told));
      expect(await invoke(role, 'panel', 'closure.waive', { reason: 'unreachable' }, issueContext(told))).toEqual({
        ok: false,
        error: { kind: 'forbidden', message: WAIVER_REFUSAL },
      });
      expect(JSON.stringify(recordOf(told))).toBe(before);
    },
  );

  /** A closure write the checks refuse, on a requirement waiting for its notice or one told two customers. */
  interface BadInput {
    on: 'waiting' | 'told';
    resolver: 'closure.notice' | 'closure.followUp';
    payload: (closure: DeliveryRecord['closure'], now: string) => Record<string, unknown>;
    violations: unknown[];
  }
  const answersOf = (closure: DeliveryRecord['closure'], satisfaction: number) =>
    closure.notice!.customers.map((customer) => ({ customer, satisfaction }));
  const shifted = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
  const badInputs: [string, BadInput][] = [
    [
      'satisfaction 0',
      {
        on: 'told',
        resolver: 'closure.followUp',
        payload: (closure, now) => ({ at: now, answers: answersOf(closure, 0) }),
        violations: [
          expect.objectContaining({ field: 'answers.0.satisfaction', rule: 'range' }),
          expect.objectContaining({ field: 'answers.1.satisfaction', rule: 'range' }),
        ],
      },
    ],
    [
      'satisfaction 6',
      {
        on: 'told',
        resolver: 'closure.followUp',
        payload: (closure, now) => ({ at: now, answers: answersOf(closure, 6) }),
        violations: [
          expect.objectContaining({ field: 'answers.0.satisfaction' }),
          expect.objectContaining({ field: 'answers.1.satisfaction' }),
        ],
      },
    ],
    [
      'a follow-up before the notice was given',
      {
        on: 'told',
        resolver: 'closure.followUp',
        payload: (closure) => ({ at: shifted(closure.notice!.at, -60_000), answers: answersOf(closure, 4) }),
        violations: [
          {
            field: 'at',
            rule: 'order',
            message: 'Followed up on cannot be before the customer was told.',
            params: { limit: 'notice' },
          },
        ],
      },
    ],
    [
      'a notice before completion',
      {
        on: 'waiting',
        resolver: 'closure.notice',
        payload: (closure) => ({
          channel: 'phone',
          at: shifted(closure.completedAt!, -3_600_000),
          summary: 's',
          customers: ['A'],
        }),
        violations: [
          {
            field: 'at',
            rule: 'order',
            message: 'Told on cannot be before the requirement was completed.',
            params: { limit: 'completion' },
          },
        ],
      },
    ],
    [
      'a notice in the future',
      {
        on: 'waiting',
        resolver: 'closure.notice',
        payload: (_closure, now) => ({ channel: 'phone', at: shifted(now, 3_600_000), summary: 's', customers: ['A'] }),
        violations: [expect.objectContaining({ field: 'at', message: 'Told on cannot be in the future.' })],
      },
    ],
    [
      'a follow-up with no notice recorded',
      {
        on: 'waiting',
        resolver: 'closure.followUp',
        payload: (_closure, now) => ({ at: now, answers: [{ customer: 'A', satisfaction: 4 }] }),
        violations: [expect.objectContaining({ field: 'followUp', rule: 'order' })],
      },
    ],
  ];
  test.each(badInputs)('%s is refused naming its field; nothing is stored', async (_case, bad) => {
    const key = bad.on === 'told' ? told : waiting;
    const before = JSON.stringify(recordOf(key));
    const refused = await invoke(
      'cs',
      'panel',
      bad.resolver,
      bad.payload(recordOf(key)!.closure, await clockNow()),
      issueContext(key),
    );
    expect(!refused.ok && refused.error).toMatchObject({ kind: 'validation' });
    expect(!refused.ok && refused.error.violations).toEqual(bad.violations);
    expect(JSON.stringify(recordOf(key))).toBe(before);
  });
});

test('what is missing before closing is said in the language the page gives in the payload (Forge tells functions none); without one, in both', async () => {
  const key = await delivered();
  const blockersIn = async (payload: Record<string, unknown>) => {
    const view = await invoke<ClosureView>('cs', 'panel', 'closure.get', payload, issueContext(key));
    if (!view.ok) throw new Error(view.error.message);
    return view.data.blockers;
  };
  const [notice, followUp] = ['server.blocker.notice', 'server.blocker.follow_up'] as const;
  expect(await blockersIn({ readerLocale: 'zh-CN' })).toEqual([serverText('zh-CN', notice), serverText('zh-CN', followUp)]);
  expect(await blockersIn({ readerLocale: 'en_US' })).toEqual([serverText('en-US', notice), serverText('en-US', followUp)]);
  expect(await blockersIn({ readerLocale: undefined })).toEqual([
    `${serverText('zh-CN', notice)} / ${serverText('en-US', notice)}`,
    `${serverText('zh-CN', followUp)} / ${serverText('en-US', followUp)}`,
  ]);
  // Not a locale tag: ignored, not refused; the payload is still the resolver's own and strict.
  expect(await blockersIn({ readerLocale: '<script>' })).toHaveLength(2);
  const extra = await invoke<ClosureView>(
    'cs',
    'panel',
    'closure.get',
    { readerLocale: 'zh-CN', locale: 'zh-CN' },
    issueContext(key),
  );
  expect(extra.ok).toBe(false);
});

describe('reminders on the sandbox clock', () => {
  test('no notice 24 h after Done: one reminder per day mentioning customer success and the assignee, not again on a replay or a second jump the same day', async () => {
    const key = await delivered();
    expect(comments(key)).toEqual([]);
    const recorder = await invoke<ClosureView>('cs', 'panel', 'closure.get', {}, issueContext(key));
    expect(recorder.ok && recorder.data).toMatchObject({
      applies: true,
      stage: 'notice-due',
      canRecord: true,
      canWaive: false,
      recorders: ['Customer success'],
      waivers: ['Managers'],
    });
    const waiver = await invoke<ClosureView>('manager', 'panel', 'closure.get', {}, issueContext(key));
    expect(waiver.ok && waiver.data).toMatchObject({ canRecord: false, canWaive: true });
    const jump = await advance('PT25H');
    // The hourly runs after the 24 h mark send one reminder per (site) day they fall on: one, or two
    // when the runs after the mark straddle midnight; each names its own day.
    const days = comments(key).map((body) => /reminder notice-overdue:(\d{4}-\d{2}-\d{2})/.exec(body)?.[1]);
    expect(days.length).toBeGreaterThanOrEqual(1);
    expect(days.length).toBeLessThanOrEqual(2);
    expect(new Set(days).size).toBe(days.length);
    expect(days).toContain(day(jump.to));
    expect(mentioned(comments(key)[0]!)).toEqual([CS_ID, PM_ID]);
    expect(comments(key)[0]).toContain('the customer has not been told yet');
    const after = comments(key).length;
    await env.site.sandbox.runtime.runScheduled(new Date(Date.parse(jump.to) - 3_600_000), new Date(jump.to));
    await env.site.sandbox.idle();
    expect(comments(key)).toHaveLength(after);
    const second = await advance('PT1H');
    expect(comments(key)).toHaveLength(day(second.to) === day(jump.to) ? after : after + 1);
    const overdue = await invoke<ClosureView>('pm', 'panel', 'closure.get', {}, issueContext(key));
    expect(overdue.ok && overdue.data.stage).toBe('notice-overdue');
  }, 60_000);

  test('the follow-up window: one reminder when it opens, one when it has passed', async () => {
    const key = await delivered();
    const notice = await invoke<ClosureView>(
      'cs',
      'panel',
      'closure.notice',
      { channel: 'phone', at: await clockNow(), summary: 'Reports open in 3 seconds', customers: ['华东物流集团'] },
      issueContext(key),
    );
    expect(notice.ok && notice.data).toMatchObject({
      stage: 'follow-up-pending',
      record: { notice: { channel: 'phone', recordedBy: { accountId: CS_ID } } },
    });
    const followUps = () => comments(key).filter((body) => body.includes('follow-up'));
    // Seven days and the next hourly run: the window (7 to 14 days after the notice) has opened.
    await advance('P7DT1H');
    expect(followUps()).toHaveLength(1);
    expect(followUps()[0]).toContain('The follow-up with the customer is due');
    // Nobody in particular reads a comment: it says it in Chinese first, then in English.
    const [chinese, english] = [
      serverText('zh-CN', 'server.reminder.follow_up_due', { days: 14 }),
      serverText('en-US', 'server.reminder.follow_up_due', { days: 14 }),
    ];
    expect(followUps()[0]!.indexOf(chinese)).toBeGreaterThanOrEqual(0);
    expect(followUps()[0]!.indexOf(chinese)).toBeLessThan(followUps()[0]!.indexOf(english));
    expect(mentioned(followUps()[0]!)).toEqual([CS_ID, PM_ID]);
    await advance('P3D');
    expect(followUps()).toHaveLength(1);
    await advance('P5D');
    expect(followUps()).toHaveLength(2);
    expect(followUps()[1]).toContain('The follow-up with the customer is overdue');
    expect(mentioned(followUps()[1]!)).toEqual([CS_ID, PM_ID]);
    const view = await invoke<ClosureView>('techlead', 'panel', 'closure.get', {}, issueContext(key));
    expect(view.ok && view.data).toMatchObject({
      stage: 'follow-up-overdue',
      canRecord: false,
      canWaive: false,
      canReopen: false,
    });
    const recorder = await invoke<ClosureView>('cs', 'panel', 'closure.get', {}, issueContext(key));
    expect(recorder.ok && recorder.data).toMatchObject({ stage: 'follow-up-overdue', canRecord: true, canWaive: false });
  }, 120_000);
});

describe('follow-up, reopen and closing', () => {
  test('satisfaction 2 flags the requirement and offers Reopen, which only people who may transition it can use', async () => {
    const key = await delivered({ told: TOLD_TWO });
    const told = recordOf(key)!.closure.notice!;
    const answers = told.customers.map((customer, index) => ({
      customer,
      satisfaction: index === 0 ? 2 : 5,
      comment: index === 0 ? '手机上仍然收不到推送' : '',
    }));
    const recorded = await invoke<ClosureView>(
      'cs',
      'panel',
      'closure.followUp',
      { at: await clockNow(), answers },
      issueContext(key),
    );
    // Customer success records the answer but may not move the issue; the product manager may.
    expect(recorded.ok && recorded.data).toMatchObject({ stage: 'unsatisfied', canReopen: false });
    const offered = await invoke<ClosureView>('pm', 'panel', 'closure.get', {}, issueContext(key));
    expect(offered.ok && offered.data).toMatchObject({ stage: 'unsatisfied', canReopen: true });
    const refused = await invoke('manager', 'panel', 'closure.reopen', {}, issueContext(key));
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Transition issues" permission on this issue.' },
    });
    const reopened = await invoke<ClosureView>('pm', 'panel', 'closure.reopen', {}, issueContext(key));
    if (!reopened.ok) throw new Error(JSON.stringify(reopened.error));
    expect(reopened.ok && reopened.data.issue.status).toBe('In Progress');
    expect(env.site.issue(key).changelog.at(-1)!.items).toContainEqual(
      expect.objectContaining({ fieldId: 'status', fromString: 'Done', toString: 'In Progress' }),
    );
    // Once it has left Done there is nothing to reopen: the same answer, nothing moved.
    const again = await invoke<ClosureView>('pm', 'panel', 'closure.reopen', {}, issueContext(key));
    expect(again.ok && again.data.issue.status).toBe('In Progress');
  });

  test('a satisfied follow-up, then Close: the archive line is written to the read-only field and exported; the closed record is read-only', async () => {
    const key = await delivered({
      told: { channel: 'phone', customers: ['华东物流集团'], summary: 'Reports open in 3 seconds' },
    });
    const recorded = await invoke<ClosureView>(
      'cs',
      'panel',
      'closure.followUp',
      { at: await clockNow(), answers: [{ customer: '华东物流集团', satisfaction: 5, comment: '很快' }] },
      issueContext(key),
    );
    expect(recorded.ok && recorded.data).toMatchObject({ stage: 'ready-to-close', blockers: [] });
    await transition(key, 'Close');
    const line = env.site.issue(key).fields[fieldId('Closure record')] as string;
    // REQ writes its records in both languages (the default): Chinese, then English.
    expect(line).toMatch(
      /^\d{4}-\d{2}-\d{2} 完成 · \d{4}-\d{2}-\d{2} 已通过电话告知 华东物流集团：Reports open in 3 seconds · \d{4}-\d{2}-\d{2} 回访：华东物流集团 5\/5 \/ Done \d{4}-\d{2}-\d{2} · Told 华东物流集团 by phone on \d{4}-\d{2}-\d{2}: Reports open in 3 seconds · Follow-up \d{4}-\d{2}-\d{2}: 华东物流集团 5\/5$/,
    );
    const changes = env.site.issue(key).changelog.length;
    await env.site.sandbox.runtime.redeliver(issueTrigger(), statusEvent(env.site.issue(key), 'Closed').event, key);
    expect(env.site.issue(key).changelog).toHaveLength(changes);

    const view = await invoke<ClosureView>('cs', 'panel', 'closure.get', {}, issueContext(key));
    expect(view.ok && view.data).toMatchObject({ stage: 'closed', archive: line, canRecord: false });
    const late = await invoke(
      'cs',
      'panel',
      'closure.notice',
      { channel: 'email', at: await clockNow(), summary: 'x', customers: ['A'] },
      issueContext(key),
    );
    expect(!late.ok && late.error.violations?.[0]).toMatchObject({ field: 'status', rule: 'order' });
    // People cannot write the field themselves.
    expect((await rest('PUT', `/rest/api/3/issue/${key}`, { fields: { [fieldId('Closure record')]: 'edited' } })).status).toBe(
      400,
    );

    const page = await invoke<ExportPage>('manager', 'matrix', 'exports.page', { projectKey: 'REQ', jql: `key = ${key}` });
    expect(page.ok && page.data.rows[0]!.record.closureRecord).toBe(line);
  });

  test("a manager's waiver instead of the follow-up is archived with its reason", async () => {
    const key = await delivered({ summary: 'Waived follow-up' });
    expect(
      (
        await invoke(
          'cs',
          'panel',
          'closure.notice',
          { channel: 'visit', at: await clockNow(), summary: 'On-site fix', customers: ['华东物流集团'] },
          issueContext(key),
        )
      ).ok,
    ).toBe(true);
    const empty = await invoke('manager', 'panel', 'closure.waive', { reason: '  ' }, issueContext(key));
    expect(!empty.ok && empty.error.violations).toEqual([
      { field: 'reason', rule: 'required', message: 'Reason for waiving the follow-up is required.' },
    ]);
    const waived = await invoke<ClosureView>(
      'manager',
      'panel',
      'closure.waive',
      { reason: 'Customer asked not to be called again' },
      issueContext(key),
    );
    expect(waived.ok && waived.data).toMatchObject({
      stage: 'ready-to-close',
      record: { waiver: { by: MANAGER_ID, reason: 'Customer asked not to be called again' } },
    });
    await transition(key, 'Close');
    expect(env.site.issue(key).fields[fieldId('Closure record')]).toContain(
      '· Maria Manager 豁免回访：Customer asked not to be called again / ',
    );
    // Both languages share the field's 255 characters: the English half is shortened, marked with an ellipsis.
    expect(env.site.issue(key).fields[fieldId('Closure record')]).toMatch(
      / \/ Done \d{4}-\d{2}-\d{2} · Told 华东物流集团 by visit on .*Follow-up waived by Maria Manager: .*…$/,
    );
  });

  test("a Won't-have is told without being done, and its archive names the reason", async () => {
    const key = await requirement({
      summary: 'Price change',
      fields: { MoSCoW: "Won't", "Won't-have reason": 'Pricing is set by sales, not the product' },
    });
    const view = await invoke<ClosureView>('cs', 'panel', 'closure.get', {}, issueContext(key));
    expect(view.ok && view.data).toMatchObject({
      applies: true,
      wontHave: true,
      stage: 'notice-due',
      due: { noticeDueAt: null },
    });
    const told = await invoke<ClosureView>(
      'cs',
      'panel',
      'closure.notice',
      {
        channel: 'email',
        at: await clockNow(),
        summary: 'We will not change prices in the product',
        customers: ['小型互联网公司'],
      },
      issueContext(key),
    );
    expect(told.ok && told.data).toMatchObject({ stage: 'ready-to-close', blockers: [] });
    await transition(key, 'Reject');
    expect(env.site.issue(key).fields[fieldId('Closure record')]).toMatch(
      /^不做：Pricing is set by sales, not the product · \d{4}-\d{2}-\d{2} 已通过邮件告知 小型互联网公司：We will not change prices in the product \/ Won't-have: Pricing is set by sales, not the product · Told 小型互联网公司 by email on \d{4}-\d{2}-\d{2}: We will not change prices in the …$/,
    );
  });
});

describe('who the closure reminders mention', () => {
  const TECHLEAD_ID = '5b10a0effa615349cb016cd8';

  async function saveCustomerContact(holders: DutyHolder[]): Promise<void> {
    const current = await invoke<StoredDeliverySettings>('admin', 'admin', 'delivery.settings.get', { projectKey: 'REQ' });
    if (!current.ok) throw new Error(JSON.stringify(current.error));
    const { revision, ...settings } = current.data;
    const saved = await invoke('admin', 'admin', 'delivery.settings.save', {
      projectKey: 'REQ',
      settings: { ...settings, duties: { ...settings.duties, customerContact: holders } },
      expectedRevision: revision,
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  }

  test('the members of a holding group and of a role acted in through a group, then the assignee; with no holders, the assignee and the project lead', async () => {
    // Tech leads act in their role through the tech-leads group; managers is a group holder itself.
    await saveCustomerContact([
      { kind: 'role', id: '10101', name: 'Tech leads' },
      { kind: 'group', id: '9a1e2c3d-0000-4000-8000-000000000004', name: 'managers' },
    ]);
    const byGroups = await delivered({ summary: 'Told by the groups' });
    await advance('PT25H');
    expect(comments(byGroups).length).toBeGreaterThan(0);
    expect(mentioned(comments(byGroups)[0]!)).toEqual([TECHLEAD_ID, MANAGER_ID, PM_ID]);

    await saveCustomerContact([]);
    const unassigned = await delivered({ summary: 'Told by whoever may edit', fields: { Assignee: { accountId: TECHLEAD_ID } } });
    await advance('PT25H');
    expect(comments(unassigned).length).toBeGreaterThan(0);
    // The assignee, then the project lead (the product manager).
    expect(mentioned(comments(unassigned)[0]!)).toEqual([TECHLEAD_ID, PM_ID]);
  }, 60_000);
});

test('every Jira call of the closure loop matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
