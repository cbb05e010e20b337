import { randomUUID } from 'node:crypto';
import type { Grade } from '../src/domain/framework';
import { addDays, daysBetween } from '../src/domain/delivery/deadlines';
import { DEFAULT_MILESTONES, formatKeyDatesField, nextKeyDate, proposedPlan, type KeyDate } from '../src/domain/key-dates';
import { CUSTOMER_ENTITY } from '../src/storage/customer-store';
import { updateDeliveryRecord } from '../src/storage/delivery-store';
import { jiraTimestamp } from './jira/http';
import type { FieldRecord, IssueRecord } from './jira/model';
import type { SiteStatusRecord } from './jira/resources/workflows';
import { SEED_USERS } from './jira/model';
import type { Sandbox } from './sandbox';
import { DEMO_PROJECT } from './seed';

/**
 * Six months of delivery history for the Reports subpage: requirements raised, accepted, delivered
 * on time or late, customers told within 24 hours or later, and rated, in REQ after the worked cases
 * (REQ-7 on). Opt-in (`npm start`, the frame's reset and the report tests call it), so tests that
 * count the demo project's issues keep counting six.
 *
 * The past cannot be replayed through the app (the sandbox clock only moves forward), so each
 * requirement is created through REST like any other and its dates are then written where the app
 * keeps them: Jira's created date and status on the issue, and the app's own delivery record.
 */

const productManager = SEED_USERS.find((user) => user.role === 'product-manager')!;
const customerSuccess = SEED_USERS.find((user) => user.role === 'customer-success')!;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** More customers than the worked cases', so demand spreads over industries and regions. */
const HISTORY_CUSTOMERS_CSV = [
  'name,industry,type,staffBand,revenueBand,region,firstDealOn,dealsLast12Months,totalAmount,renewed,complaints,contactName,contactRole,contactChannel,contactEmail,contactPhone,contactConsentOn',
  '南方电网某供电局,D,strategic,1000-plus,400m-plus,广东 广州,2018-05-01,9,12500000,yes,0,,,,,,',
  '成都连锁超市,F,regular,100-299,20m-100m,四川 成都,2022-09-01,3,320000,yes,2,,,,,,',
  '杭州城商银行,J,key,1000-plus,400m-plus,浙江 杭州,2020-01-15,5,4300000,yes,1,,,,,,',
  '西安某三甲医院,Q,regular,1000-plus,100m-400m,陕西 西安,2023-03-10,2,680000,no,0,,,,,,',
  '深圳跨境电商,F,churnRisk,20-99,3m-20m,广东 深圳,2021-11-20,1,90000,no,4,,,,,,',
].join('\n');

const SCORES: Record<
  Grade,
  {
    urgency: number;
    importance: number;
    feasibility: number;
    customerValue: number;
    businessValue: number;
    implementationCost: number;
  }
> = {
  S: { urgency: 5, importance: 5, feasibility: 4, customerValue: 5, businessValue: 9, implementationCost: 4 },
  A: { urgency: 4, importance: 4, feasibility: 3, customerValue: 4, businessValue: 7, implementationCost: 5 },
  B: { urgency: 3, importance: 3, feasibility: 3, customerValue: 3, businessValue: 5, implementationCost: 6 },
  C: { urgency: 2, importance: 2, feasibility: 2, customerValue: 2, businessValue: 3, implementationCost: 8 },
};
const DEADLINE_DAYS: Record<Grade, number> = { S: 30, A: 60, B: 90, C: 120 };

const CHANNELS = [
  'customer-interview',
  'questionnaire',
  'business-department',
  'data-mining',
  'support-ticket',
  'third-party-platform',
];
const DEPARTMENTS = ['研发部', '产品部', '客户成功部'];

interface HistoryRequirement {
  summary: string;
  grade: Grade;
  /** Days before today it was raised. */
  raised: number;
  /** Status today; delivered ones are Done or Closed. */
  status: 'To confirm' | 'Analysing' | 'Pending' | 'In progress' | 'In test' | 'Done' | 'Closed';
  /** Days after acceptance it was delivered (past the grade's deadline is late). */
  deliveredAfter?: number;
  /** Hours after delivery the customers were told; absent: not told. */
  toldAfterHours?: number;
  /** Satisfaction per linked customer at the follow-up, 8 days after the notice. */
  ratings?: number[];
  /** Indexes into the history customers (0-4) and the worked cases' three (5-7). */
  customers: number[];
  /** Kind and second-level tag (the default lists'), for the matrix's tag filter and the kind/tag report; the newest are not classified yet. */
  kind?: string;
  kindTag?: string;
}

const HISTORY: HistoryRequirement[] = [
  {
    summary: '电费账单导出 Excel / Export electricity bills to Excel',
    grade: 'A',
    raised: 175,
    status: 'Closed',
    deliveredAfter: 40,
    toldAfterHours: 3,
    ratings: [5],
    kind: 'optimisation',
    kindTag: 'data-output',
    customers: [0],
  },
  {
    summary: '门店库存预警短信 / SMS alerts for low store stock',
    grade: 'B',
    raised: 170,
    status: 'Closed',
    deliveredAfter: 95,
    toldAfterHours: 30,
    ratings: [3],
    kind: 'improvement',
    kindTag: 'notifications',
    customers: [1],
  },
  {
    summary: '贷款审批进度查询 / Loan approval progress lookup',
    grade: 'S',
    raised: 160,
    status: 'Closed',
    deliveredAfter: 25,
    toldAfterHours: 5,
    ratings: [5],
    kind: 'new-feature',
    kindTag: 'new-module',
    customers: [2],
  },
  {
    summary: '门诊预约改期 / Rescheduling outpatient appointments',
    grade: 'A',
    raised: 150,
    status: 'Closed',
    deliveredAfter: 70,
    toldAfterHours: 50,
    ratings: [2],
    kind: 'optimisation',
    kindTag: 'operation-flow',
    customers: [3],
  },
  {
    summary: '跨境订单关税预估 / Duty estimate on cross-border orders',
    grade: 'B',
    raised: 145,
    status: 'Done',
    deliveredAfter: 60,
    toldAfterHours: 12,
    ratings: [4],
    kind: 'new-feature',
    kindTag: 'new-module',
    customers: [4],
  },
  {
    summary: '运单轨迹地图 / Shipment tracking map',
    grade: 'S',
    raised: 140,
    status: 'Closed',
    deliveredAfter: 28,
    toldAfterHours: 20,
    ratings: [4, 5],
    kind: 'optimisation',
    kindTag: 'ui-interaction',
    customers: [7, 0],
  },
  {
    summary: '质检报告模板 / Quality report templates',
    grade: 'A',
    raised: 130,
    status: 'Closed',
    deliveredAfter: 55,
    toldAfterHours: 2,
    ratings: [4],
    kind: 'optimisation',
    kindTag: 'data-output',
    customers: [5],
  },
  {
    summary: '会员积分合并 / Merge loyalty points',
    grade: 'C',
    raised: 125,
    status: 'Closed',
    deliveredAfter: 110,
    toldAfterHours: 26,
    ratings: [3],
    kind: 'improvement',
    kindTag: 'data-management',
    customers: [1],
  },
  {
    summary: '电子回单批量下载 / Bulk download of e-receipts',
    grade: 'A',
    raised: 118,
    status: 'Closed',
    deliveredAfter: 65,
    toldAfterHours: 4,
    ratings: [4],
    kind: 'optimisation',
    kindTag: 'data-output',
    customers: [2],
  },
  {
    summary: '停电计划推送 / Push planned outage notices',
    grade: 'S',
    raised: 110,
    status: 'Closed',
    deliveredAfter: 34,
    toldAfterHours: 8,
    ratings: [3],
    kind: 'improvement',
    kindTag: 'notifications',
    customers: [0],
  },
  {
    summary: '检验结果在线查看 / Lab results online',
    grade: 'B',
    raised: 100,
    status: 'Done',
    deliveredAfter: 70,
    toldAfterHours: 1,
    ratings: [5],
    kind: 'new-feature',
    kindTag: 'mobile',
    customers: [3],
  },
  {
    summary: '退货原因统计 / Return reason statistics',
    grade: 'B',
    raised: 95,
    status: 'Done',
    deliveredAfter: 80,
    toldAfterHours: 60,
    kind: 'new-feature',
    kindTag: 'analytics',
    customers: [4],
  },
  {
    summary: 'API 访问频率配置 / Configurable API rate limits',
    grade: 'A',
    raised: 88,
    status: 'Done',
    deliveredAfter: 45,
    toldAfterHours: 6,
    ratings: [5],
    kind: 'optimisation',
    kindTag: 'performance',
    customers: [6],
  },
  {
    summary: '车队油耗看板 / Fleet fuel dashboard',
    grade: 'S',
    raised: 80,
    status: 'Done',
    deliveredAfter: 20,
    toldAfterHours: 10,
    ratings: [5, 4],
    kind: 'new-feature',
    kindTag: 'analytics',
    customers: [7, 5],
  },
  {
    summary: '理财产品风险提示 / Risk notices on wealth products',
    grade: 'S',
    raised: 72,
    status: 'Done',
    deliveredAfter: 33,
    toldAfterHours: 3,
    ratings: [2],
    kind: 'improvement',
    kindTag: 'notifications',
    customers: [2],
  },
  {
    summary: '排班表导入 / Import shift schedules',
    grade: 'C',
    raised: 66,
    status: 'Done',
    deliveredAfter: 40,
    kind: 'optimisation',
    kindTag: 'operation-flow',
    customers: [3],
  },
  {
    summary: '供应商对账单 / Supplier statements',
    grade: 'A',
    raised: 60,
    status: 'Done',
    deliveredAfter: 30,
    toldAfterHours: 18,
    ratings: [4],
    kind: 'optimisation',
    kindTag: 'data-output',
    customers: [1],
  },
  {
    summary: '多语言商品详情 / Multilingual product pages',
    grade: 'B',
    raised: 52,
    status: 'In test',
    kind: 'optimisation',
    kindTag: 'ui-interaction',
    customers: [4],
  },
  {
    summary: '充电桩故障上报 / Charging pile fault reports',
    grade: 'A',
    raised: 45,
    status: 'In progress',
    kind: 'new-feature',
    kindTag: 'integration',
    customers: [0],
  },
  {
    summary: '客户经理移动审批 / Mobile approvals for account managers',
    grade: 'S',
    raised: 38,
    status: 'In progress',
    kind: 'new-feature',
    kindTag: 'mobile',
    customers: [2, 6],
  },
  {
    summary: '病历打印水印 / Watermarks on printed records',
    grade: 'B',
    raised: 25,
    status: 'Pending',
    kind: 'improvement',
    kindTag: 'permissions',
    customers: [3],
  },
  {
    summary: '仓库温湿度告警 / Warehouse temperature alerts',
    grade: 'A',
    raised: 14,
    status: 'Analysing',
    kind: 'improvement',
    kindTag: 'notifications',
    customers: [7],
  },
  {
    summary: '促销活动报名 / Sign-up for promotions',
    grade: 'C',
    raised: 9,
    status: 'Analysing',
    kind: 'optimisation',
    customers: [1, 4],
  },
  { summary: '发票抬头自动识别 / Recognise invoice titles', grade: 'B', raised: 3, status: 'To confirm', customers: [5] },
];

const ACCEPTED_AFTER_DAYS = 3;

/** Milestones reached by status: In test has passed refinement and development start, In progress refinement. */
const REACHED: Partial<Record<HistoryRequirement['status'], number>> = { Pending: 0, 'In progress': 1, 'In test': 2 };

/**
 * The default plan of each accepted requirement, and its actual days: a delivered one reached each
 * milestone as early or late as it was delivered (its share of the deadline scaled by how long it
 * took); an open one the milestones its status has passed, development start two days late, and
 * the rest not yet, so a planned day already behind today shows as late on the timeline.
 */
function historyKeyDates(requirement: HistoryRequirement, acceptedOn: string, dueDate: string, today: string): KeyDate[] {
  const plan = proposedPlan(acceptedOn, dueDate, DEFAULT_MILESTONES);
  const ratio = requirement.deliveredAfter !== undefined ? requirement.deliveredAfter / DEADLINE_DAYS[requirement.grade] : null;
  const reached = REACHED[requirement.status] ?? 0;
  return plan.map((date, index) => {
    const offset = daysBetween(acceptedOn, date.planned!);
    const actual =
      ratio !== null
        ? addDays(acceptedOn, Math.round(offset * ratio))
        : index < reached
          ? addDays(date.planned!, index === 1 ? 2 : 0)
          : null;
    return { ...date, actual: actual !== null && actual <= today ? actual : null };
  });
}
const FOLLOW_UP_AFTER_DAYS = 8;

function call(sandbox: Sandbox, method: string, path: string, body?: unknown) {
  const response = sandbox
    .gateway()
    .handle({ method, path, query: {}, body }, { kind: 'user', accountId: productManager.accountId });
  if (response.status >= 300)
    throw new Error(
      `Seeding the report history failed: ${method} ${path} answered ${response.status} ${JSON.stringify(response.body)}`,
    );
  return response.body as Record<string, unknown>;
}

async function invoke(
  sandbox: Sandbox,
  functionKey: string,
  payload: unknown,
  accountId: string,
  context: Record<string, unknown>,
): Promise<unknown> {
  const result = (await sandbox.runtime.invokeResolver({
    moduleKey: 'rt-priority-matrix',
    functionKey,
    payload,
    accountId,
    context: { ...context, locale: 'en-US' },
  })) as { ok: boolean; data?: unknown };
  if (!result.ok) throw new Error(`Seeding the report history failed: ${functionKey} answered ${JSON.stringify(result)}`);
  return result.data;
}

/** Adds the history to a sandbox seeded with seedDemoData. */
export async function seedReportHistory(sandbox: Sandbox): Promise<void> {
  const projectContext = { extension: { type: 'jira:projectPage', project: { key: DEMO_PROJECT.key } } };
  const imported = (await invoke(
    sandbox,
    'customers.import',
    { importId: randomUUID(), part: 0, parts: 1, text: HISTORY_CUSTOMERS_CSV },
    productManager.accountId,
    projectContext,
  )) as { created: string[] };
  // Three of the new customers were archived four months ago and nobody confirmed them since: the quarterly review lists them.
  for (const number of imported.created.slice(0, 3)) {
    const item = sandbox.store.get<{ value: { record: { createdAt: string; updatedAt: string } } }>(
      `kvs-entity:${CUSTOMER_ENTITY}`,
      number,
    )!;
    const archivedAt = new Date(sandbox.clock.now().getTime() - 125 * DAY_MS).toISOString();
    sandbox.store.commit([
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
  const demoCustomers = (await invoke(
    sandbox,
    'customers.list',
    { projectKey: DEMO_PROJECT.key },
    productManager.accountId,
    projectContext,
  )) as { customers: { number: string }[] };
  const numbers = [
    ...imported.created,
    ...demoCustomers.customers.map((customer) => customer.number).filter((number) => !imported.created.includes(number)),
  ];
  const fieldIds = Object.fromEntries(
    sandbox.store
      .list<FieldRecord>('jira-fields')
      .filter((field) => field.schema.custom)
      .map((field) => [field.schema.custom!.split('/').pop()!, field.id]),
  );
  const statusId = (name: string) =>
    sandbox.store.list<SiteStatusRecord>('jira-statuses').find((status) => status.name.toLowerCase() === name.toLowerCase())!.id;
  const now = sandbox.clock.now().getTime();
  const at = (ms: number) => new Date(Math.min(ms, now - HOUR_MS));
  for (const [index, requirement] of HISTORY.entries()) {
    const raisedAt = now - requirement.raised * DAY_MS;
    const acceptedAt = raisedAt + ACCEPTED_AFTER_DAYS * DAY_MS;
    const dueDate = new Date(acceptedAt + DEADLINE_DAYS[requirement.grade] * DAY_MS).toISOString().slice(0, 10);
    const scores = SCORES[requirement.grade];
    const created = call(sandbox, 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: DEMO_PROJECT.key },
        issuetype: { name: 'Requirement' },
        summary: requirement.summary,
        duedate: dueDate,
        assignee: { accountId: productManager.accountId },
        [fieldIds['rt-moscow']!]: requirement.grade === 'C' ? 'Could' : 'Should',
        [fieldIds['rt-urgency']!]: scores.urgency,
        [fieldIds['rt-importance']!]: scores.importance,
        [fieldIds['rt-feasibility']!]: scores.feasibility,
        [fieldIds['rt-customer-value']!]: scores.customerValue,
        [fieldIds['rt-business-value']!]: scores.businessValue,
        [fieldIds['rt-implementation-cost']!]: scores.implementationCost,
        [fieldIds['rt-source-channel']!]: CHANNELS[index % CHANNELS.length],
        [fieldIds['rt-responsible-department']!]: DEPARTMENTS[index % DEPARTMENTS.length],
        ...(requirement.kind ? { [fieldIds['rt-kind']!]: requirement.kind } : {}),
        ...(requirement.kindTag ? { [fieldIds['rt-kind-tag']!]: requirement.kindTag } : {}),
      },
    });
    const issue = { id: String(created.id), key: String(created.key) };
    const linked = requirement.customers.map((customer) => numbers[customer]!).filter(Boolean);
    await sandbox.runtime.invokeResolver({
      moduleKey: 'rt-triage-panel',
      functionKey: 'customers.link',
      payload: { add: linked, expected: [] },
      accountId: productManager.accountId,
      context: { extension: { type: 'jira:issuePanel', issue }, locale: 'en-US' },
    });
    await sandbox.idle();
    // Jira's own dates and status, as if the requirement had been raised months ago and moved since.
    const stored = sandbox.store.get<IssueRecord>('jira-issues', issue.id)!;
    const delivered = requirement.deliveredAfter !== undefined;
    const completedAt = delivered ? at(acceptedAt + requirement.deliveredAfter! * DAY_MS) : null;
    const wasAccepted = requirement.status !== 'To confirm' && requirement.status !== 'Analysing';
    const keyDates = wasAccepted
      ? historyKeyDates(
          requirement,
          new Date(acceptedAt).toISOString().slice(0, 10),
          dueDate,
          new Date(now).toISOString().slice(0, 10),
        )
      : [];
    sandbox.store.commit([
      {
        collection: 'jira-issues',
        id: issue.id,
        value: {
          ...stored,
          fields: {
            ...stored.fields,
            created: jiraTimestamp(new Date(raisedAt)),
            status: statusId(requirement.status),
            resolution: delivered ? '10000' : null,
            [fieldIds['rt-key-dates']!]: formatKeyDatesField(keyDates),
            [fieldIds['rt-next-key-date']!]: nextKeyDate(keyDates, DEFAULT_MILESTONES),
            ...(delivered ? { resolutiondate: jiraTimestamp(completedAt!) } : {}),
          },
        },
      },
    ]);
    const noticeAt =
      completedAt && requirement.toldAfterHours !== undefined
        ? at(completedAt.getTime() + requirement.toldAfterHours * HOUR_MS)
        : null;
    const followUpAt = noticeAt && requirement.ratings ? at(noticeAt.getTime() + FOLLOW_UP_AFTER_DAYS * DAY_MS) : null;
    const actor = { accountId: customerSuccess.accountId, displayName: customerSuccess.displayName };
    await sandbox.runtime.runInEnvironment(() =>
      updateDeliveryRecord(issue.id, (current) => ({
        ...current,
        ...(wasAccepted
          ? { accepted: { on: new Date(acceptedAt).toISOString().slice(0, 10), grade: requirement.grade, dueDate } }
          : {}),
        closure: {
          completedAt: completedAt?.toISOString() ?? null,
          notice: noticeAt
            ? { channel: 'email', at: noticeAt.toISOString(), summary: '已上线 / Released', customers: linked, recordedBy: actor }
            : null,
          followUp: followUpAt
            ? {
                at: followUpAt.toISOString(),
                answers: linked.map((customer, position) => ({
                  customer,
                  satisfaction: requirement.ratings![position] ?? requirement.ratings![0]!,
                  comment: '',
                })),
                recordedBy: actor,
              }
            : null,
          waiver: null,
          closedAt: requirement.status === 'Closed' && followUpAt ? followUpAt.toISOString() : null,
        },
      })),
    );
  }
  await sandbox.idle();
}
