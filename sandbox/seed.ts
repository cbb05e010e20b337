import { DEFAULT_MILESTONES } from '../src/domain/key-dates';
import { randomUUID } from 'node:crypto';
import type { SetupReport } from '../src/shared/api';
import type { DeliverySettings } from '../src/domain/delivery-settings';
import type { FieldRecord, Role } from './jira/model';
import { PROJECT_ROLES, SEED_USERS } from './jira/model';
import type { Sandbox } from './sandbox';
import { seedServiceDesk } from './service-desk-seed';

/**
 * Demo data: project REQ "Customer Requirements", set up by the app's own setup resolver (as an
 * admin would), holding the source documents' worked cases as Requirements.
 */

const admin = SEED_USERS.find((user) => user.role === 'admin')!;
const productManager = SEED_USERS.find((user) => user.role === 'product-manager')!;
const customerSuccess = SEED_USERS.find((user) => user.role === 'customer-success')!;

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const heading = (text: string) => ({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text }] });
const doc = (...blocks: object[]) => ({ type: 'doc', version: 1, content: blocks });

interface DemoRequirement {
  summary: string;
  description: object;
  labels: string[];
  /** Names of the demo project's components. */
  components: string[];
  /** Due date relative to the sandbox clock's today; negative is overdue. */
  dueInDays: number;
  /** The registration form's fields, by module key. */
  record: Record<string, string>;
  scores: {
    moscow: string;
    urgency: number;
    importance: number;
    feasibility: number;
    customerValue: number;
    businessValue: number;
    implementationCost: number;
  };
  /** Delivered already: Done and waiting for the notice to the customer, or told and waiting for the follow-up. */
  closure?: 'waiting-for-notice' | { told: { channel: string; customers: string[]; summary: string } };
}

export const DEMO_REQUIREMENTS: DemoRequirement[] = [
  {
    summary: 'XY2024001 设备A的智能预警模块误报太多',
    description: doc(
      heading('客户原话 / Customer’s words'),
      paragraph('“设备A的智能预警模块误报太多，影响正常生产。”（工单，附 Excel 误报记录）'),
      heading('背景 / Background'),
      paragraph('中型汽车零部件制造商反馈：智能预警模块误报率约 15%，5 家核心客户受影响，三份同类反馈已合并为本需求。'),
      heading('预期目标 / Expected goal'),
      paragraph('误报率从 15% 降到 3% 以下；负责人：产品经理；计划 6 周。'),
    ),
    labels: ['功能优化', '算法模块', 'support-ticket'],
    components: ['Alerts'],
    dueInDays: 40,
    record: {
      'rt-background': '智能预警模块误报率约 15%，5 家核心客户受影响',
      'rt-expected-goal': '误报率降到 3% 以下',
      'rt-beneficiary': 'customer',
      'rt-source-channel': 'support-ticket',
      'rt-customer-words': '设备A的智能预警模块误报太多，影响正常生产。',
      'rt-need-type': 'explicit',
      'rt-submitter-role': '客户生产主管',
      'rt-nature': 'functional',
      'rt-kind': 'optimisation',
      'rt-kind-tag': 'algorithm',
      'rt-responsible-department': '产品部',
    },
    scores: {
      moscow: 'Must',
      urgency: 4,
      importance: 5,
      feasibility: 3,
      customerValue: 5,
      businessValue: 8,
      implementationCost: 4,
    },
  },
  {
    summary: 'XY2024002 支持将数据导出为 Excel',
    description: doc(
      heading('客户原话 / Customer’s words'),
      paragraph('“希望能把数据导出为 Excel。”（在线问卷，小型互联网公司）'),
      heading('预期目标 / Expected goal'),
      paragraph('Export the current list view to an .xlsx file that opens in Excel and WPS.'),
    ),
    labels: ['新功能', 'questionnaire'],
    components: ['Reporting'],
    dueInDays: -3,
    record: {
      'rt-expected-goal': 'Export the list view to .xlsx',
      'rt-beneficiary': 'customer',
      'rt-source-channel': 'questionnaire',
      'rt-customer-words': '希望能把数据导出为 Excel。',
      'rt-need-type': 'explicit',
      'rt-nature': 'functional',
      'rt-kind': 'new-feature',
    },
    scores: {
      moscow: 'Should',
      urgency: 3,
      importance: 3,
      feasibility: 5,
      customerValue: 2,
      businessValue: 5,
      implementationCost: 2,
    },
  },
  {
    summary: 'CRM-2024-001 自定义客户标签',
    description: doc(
      heading('背景 / Background'),
      paragraph('客户标签是固定的，无法按业务需要扩展。 (Tags are fixed.)'),
      heading('预期目标 / Expected goal'),
      paragraph('支持自定义标签字段。 (Custom tag fields.)'),
      heading('依赖 / Depends on'),
      paragraph('客户画像分析 (customer profile analysis)'),
    ),
    labels: ['功能改进', 'business-department'],
    components: ['CRM'],
    dueInDays: 75,
    record: {
      'rt-background': '客户标签是固定的',
      'rt-expected-goal': '支持自定义标签字段',
      'rt-beneficiary': 'business-department',
      'rt-source-channel': 'business-department',
      'rt-need-type': 'explicit',
      'rt-nature': 'functional',
      'rt-kind': 'improvement',
      'rt-kind-tag': 'feature-extension',
      'rt-responsible-department': '销售运营部',
    },
    scores: {
      moscow: 'Should',
      urgency: 3,
      importance: 4,
      feasibility: 4,
      customerValue: 4,
      businessValue: 7,
      implementationCost: 6,
    },
  },
  {
    summary: '客户画像分析 (customer profile analysis)',
    description: doc(paragraph('Build customer profiles from usage data; CRM-2024-001 depends on it.')),
    labels: ['新功能', 'data-mining'],
    components: ['CRM', 'Reporting'],
    dueInDays: 120,
    // Inferred from usage data, not asked for: an implicit need, still to be confirmed with customers.
    record: {
      'rt-beneficiary': 'whole-company',
      'rt-source-channel': 'data-mining',
      'rt-need-type': 'implicit',
      'rt-nature': 'functional',
      'rt-kind': 'new-feature',
      'rt-kind-tag': 'analytics',
    },
    scores: {
      moscow: 'Could',
      urgency: 2,
      importance: 4,
      feasibility: 3,
      customerValue: 3,
      businessValue: 6,
      implementationCost: 8,
    },
  },
  {
    summary: 'XY2024003 报表页面加载太慢',
    description: doc(
      paragraph('“月度报表要等一分钟才打开。”（客户访谈，华东物流集团）The monthly report takes a minute to open.'),
    ),
    labels: ['功能优化', 'customer-interview'],
    components: ['Reporting'],
    dueInDays: 20,
    record: {
      'rt-beneficiary': 'customer',
      'rt-source-channel': 'customer-interview',
      'rt-customer-words': '月度报表要等一分钟才打开。',
      'rt-need-type': 'explicit',
      'rt-nature': 'non-functional',
      'rt-kind': 'optimisation',
      'rt-kind-tag': 'performance',
    },
    scores: {
      moscow: 'Must',
      urgency: 4,
      importance: 4,
      feasibility: 4,
      customerValue: 5,
      businessValue: 7,
      implementationCost: 3,
    },
    closure: 'waiting-for-notice',
  },
  {
    summary: 'XY2024004 手机上查看设备告警',
    description: doc(
      paragraph('“值班人员希望在手机上看到设备告警。”（客服工单）Shift staff want to see device alarms on their phones.'),
    ),
    labels: ['新功能', 'support-ticket'],
    components: ['Alerts'],
    dueInDays: 30,
    record: {
      'rt-beneficiary': 'customer',
      'rt-source-channel': 'support-ticket',
      'rt-customer-words': '值班人员希望在手机上看到设备告警。',
      'rt-need-type': 'explicit',
      'rt-nature': 'functional',
      'rt-kind': 'new-feature',
      'rt-kind-tag': 'mobile',
    },
    scores: {
      moscow: 'Should',
      urgency: 3,
      importance: 4,
      feasibility: 4,
      customerValue: 4,
      businessValue: 6,
      implementationCost: 4,
    },
    closure: {
      told: {
        channel: 'wechat',
        customers: ['中型汽车零部件制造商', '华东物流集团'],
        summary: '告警推送到企业微信与手机浏览器，值班人员可直接确认告警。',
      },
    },
  },
];

export const DEMO_PROJECT = { key: 'REQ', name: 'Customer Requirements' };

/** The customers behind the worked cases, imported through the app's own CSV import (numbered in the sandbox's month). */
export const DEMO_CUSTOMERS_CSV = [
  'name,industry,type,staffBand,revenueBand,region,firstDealOn,dealsLast12Months,totalAmount,renewed,complaints,contactName,contactRole,contactChannel,contactEmail,contactPhone,contactConsentOn',
  '中型汽车零部件制造商,C,key,300-999,100m-400m,江苏 苏州,2021-03-15,6,1860000,yes,3,李娜,质量工程师,email,li.na@example.com,,2024-01-10',
  '小型互联网公司,I,new,20-99,under-3m,北京,2024-02-01,1,48000,no,0,,,,,,',
  '华东物流集团,G,strategic,1000-plus,400m-plus,上海,2019-07-01,12,9200000,yes,1,,,,,,',
].join('\n');
const DEMO_COMPONENTS = ['Alerts', 'Reporting', 'CRM'];

const roleHolder = (name: string) => {
  const role = PROJECT_ROLES.find((candidate) => candidate.name === name)!;
  return { kind: 'role' as const, id: String(role.id), name: role.name };
};

/** REQ's delivery rules: each mark and closure step by the role the process names. */
export const DEMO_DELIVERY_SETTINGS: DeliverySettings = {
  duties: {
    technical: [roleHolder('Tech leads')],
    business: [roleHolder('Product managers')],
    compliance: [roleHolder('Compliance')],
    customerContact: [roleHolder('Customer success')],
    waiver: [roleHolder('Managers')],
  },
  escalateAfterDays: 7,
  followUpDays: { from: 7, to: 14 },
  reviewAfterDays: 30,
  keyDates: [...DEFAULT_MILESTONES],
  jiraTextLanguage: 'both',
};

/** Feasibility marks on the demo requirements (by index), one of them "not feasible". */
const DEMO_MARKS: { requirement: number; by: Role; dimension: string; verdict: string; note: string }[] = [
  { requirement: 0, by: 'tech-lead', dimension: 'technical', verdict: 'feasible', note: '' },
  {
    requirement: 0,
    by: 'product-manager',
    dimension: 'business',
    verdict: 'conditional',
    note: '需先确认算法团队 6 周排期 / Needs the algorithm team for 6 weeks.',
  },
  { requirement: 0, by: 'compliance', dimension: 'compliance', verdict: 'feasible', note: '' },
  { requirement: 1, by: 'tech-lead', dimension: 'technical', verdict: 'feasible', note: '' },
  {
    requirement: 3,
    by: 'compliance',
    dimension: 'compliance',
    verdict: 'not-feasible',
    note: '用户画像涉及个人信息，客户未单独同意（个人信息保护法第 29 条）/ Profiling personal data needs separate consent, which customers have not given.',
  },
  // The delivered ones were marked before work started, as the workflow rule requires.
  ...[4, 5].flatMap((requirement) => [
    { requirement, by: 'tech-lead' as Role, dimension: 'technical', verdict: 'feasible', note: '' },
    { requirement, by: 'product-manager' as Role, dimension: 'business', verdict: 'feasible', note: '' },
    { requirement, by: 'compliance' as Role, dimension: 'compliance', verdict: 'feasible', note: '' },
  ]),
];

const daysFrom = (today: Date, days: number): string => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);

function call(sandbox: Sandbox, accountId: string, method: string, path: string, body?: unknown) {
  const response = sandbox.gateway().handle({ method, path, query: {}, body }, { kind: 'user', accountId });
  if (response.status >= 300)
    throw new Error(`Seeding failed: ${method} ${path} answered ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

/** The requirement workflow's way from To confirm to Done. */
const TO_DONE = ['Confirm', 'Accept', 'Start work', 'Send to test', 'Pass test'];

/** Moves the delivered demo requirements to Done (their completion is recorded by the app's trigger) and tells a customer about one. */
async function deliverDemoRequirements(sandbox: Sandbox, keys: string[]): Promise<void> {
  for (const [index, requirement] of DEMO_REQUIREMENTS.entries()) {
    if (!requirement.closure) continue;
    const key = keys[index]!;
    for (const name of TO_DONE) {
      const { transitions } = call(sandbox, productManager.accountId, 'GET', `/rest/api/3/issue/${key}/transitions`) as {
        transitions: { id: string; name: string }[];
      };
      // Through the workflow rules, as a person's move would go.
      const moved = await sandbox.gateway().handleAsync(
        {
          method: 'POST',
          path: `/rest/api/3/issue/${key}/transitions`,
          query: {},
          body: { transition: { id: transitions.find((transition) => transition.name === name)!.id } },
        },
        { kind: 'user', accountId: productManager.accountId },
      );
      if (moved.status >= 300)
        throw new Error(`Seeding failed: ${name} on ${key} answered ${moved.status} ${JSON.stringify(moved.body)}`);
    }
    if (requirement.closure === 'waiting-for-notice') continue;
    await sandbox.idle();
    const issueId = String(call(sandbox, productManager.accountId, 'GET', `/rest/api/3/issue/${key}`).id);
    const told = (await sandbox.runtime.invokeResolver({
      moduleKey: 'rt-triage-panel',
      functionKey: 'closure.notice',
      payload: { ...requirement.closure.told, at: sandbox.clock.now().toISOString() },
      accountId: customerSuccess.accountId,
      context: { extension: { type: 'jira:issuePanel', issue: { id: issueId, key } }, locale: 'en-US' },
    })) as { ok: boolean };
    if (!told.ok) throw new Error(`Demo closure notice failed: ${JSON.stringify(told)}`);
  }
}

/** Creates the demo project and requirements on an initialised site and waits for their scores. */
export async function seedDemoData(sandbox: Sandbox): Promise<void> {
  call(sandbox, admin.accountId, 'POST', '/rest/api/3/project', {
    key: DEMO_PROJECT.key,
    name: DEMO_PROJECT.name,
    projectTypeKey: 'business',
    leadAccountId: productManager.accountId,
    description: '客户需求收集、分诊与闭环 · Customer requirements: collect, triage, deliver, close.',
  });
  const setup = (await sandbox.runtime.invokeResolver({
    moduleKey: 'rt-admin',
    functionKey: 'setup.run',
    payload: { projectKey: DEMO_PROJECT.key },
    accountId: admin.accountId,
    context: { extension: { type: 'jira:adminPage' }, locale: 'en-US' },
  })) as { ok: boolean; data?: SetupReport; error?: unknown };
  if (!setup.ok || setup.data?.steps.some((step) => step.status === 'failed')) {
    throw new Error(`Demo project setup failed: ${JSON.stringify(setup)}`);
  }
  const customers = (await sandbox.runtime.invokeResolver({
    moduleKey: 'rt-priority-matrix',
    functionKey: 'customers.import',
    payload: { importId: randomUUID(), part: 0, parts: 1, text: DEMO_CUSTOMERS_CSV },
    accountId: productManager.accountId,
    context: { extension: { type: 'jira:projectPage', project: { key: DEMO_PROJECT.key } }, locale: 'en-US' },
  })) as { ok: boolean; data?: { created: string[] } };
  if (!customers.ok || !customers.data) throw new Error(`Demo customers failed: ${JSON.stringify(customers)}`);
  const [autoParts, internetCompany, logistics] = customers.data.created as [string, string, string];
  for (const name of DEMO_COMPONENTS)
    call(sandbox, admin.accountId, 'POST', '/rest/api/3/component', { name, project: DEMO_PROJECT.key });
  const fieldIds = Object.fromEntries(
    sandbox.store
      .list<FieldRecord>('jira-fields')
      .filter((field) => field.schema.custom)
      .map((field) => [field.schema.custom!.split('/').pop()!, field.id]),
  );
  const issues: { id: string; key: string }[] = [];
  for (const requirement of DEMO_REQUIREMENTS) {
    const { scores } = requirement;
    const created = call(sandbox, productManager.accountId, 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: DEMO_PROJECT.key },
        issuetype: { name: 'Requirement' },
        summary: requirement.summary,
        description: requirement.description,
        labels: requirement.labels,
        components: requirement.components.map((name) => ({ name })),
        duedate: daysFrom(sandbox.clock.now(), requirement.dueInDays),
        assignee: { accountId: productManager.accountId },
        [fieldIds['rt-moscow']!]: scores.moscow,
        [fieldIds['rt-urgency']!]: scores.urgency,
        [fieldIds['rt-importance']!]: scores.importance,
        [fieldIds['rt-feasibility']!]: scores.feasibility,
        [fieldIds['rt-customer-value']!]: scores.customerValue,
        [fieldIds['rt-business-value']!]: scores.businessValue,
        [fieldIds['rt-implementation-cost']!]: scores.implementationCost,
        ...Object.fromEntries(Object.entries(requirement.record).map(([moduleKey, value]) => [fieldIds[moduleKey]!, value])),
      },
    });
    issues.push({ id: String(created.id), key: String(created.key) });
  }
  const keys = issues.map((issue) => issue.key);
  // The customers who raised the worked cases, linked as the panel links them; the analysis (inferred from usage data) has none yet.
  const links: [number, string[]][] = [
    [0, [autoParts, logistics]],
    [1, [internetCompany]],
    [2, [autoParts]],
  ];
  for (const [index, add] of links) {
    const issue = issues[index]!;
    const linked = (await sandbox.runtime.invokeResolver({
      moduleKey: 'rt-triage-panel',
      functionKey: 'customers.link',
      payload: { add, expected: [] },
      accountId: productManager.accountId,
      context: { extension: { type: 'jira:issuePanel', issue: { id: issue.id, key: issue.key } }, locale: 'en-US' },
    })) as { ok: boolean };
    if (!linked.ok) throw new Error(`Linking demo customers to ${issue.key} failed: ${JSON.stringify(linked)}`);
  }
  const settings = (await sandbox.runtime.invokeResolver({
    moduleKey: 'rt-admin',
    functionKey: 'delivery.settings.save',
    payload: { projectKey: DEMO_PROJECT.key, settings: DEMO_DELIVERY_SETTINGS, expectedRevision: 0 },
    accountId: admin.accountId,
    context: { extension: { type: 'jira:adminPage' }, locale: 'en-US' },
  })) as { ok: boolean };
  if (!settings.ok) throw new Error(`Demo delivery settings failed: ${JSON.stringify(settings)}`);
  const project = call(sandbox, admin.accountId, 'GET', `/rest/api/3/project/${DEMO_PROJECT.key}`);
  for (const mark of DEMO_MARKS) {
    const issue = call(sandbox, admin.accountId, 'GET', `/rest/api/3/issue/${keys[mark.requirement]!}`);
    const marked = (await sandbox.runtime.invokeResolver({
      moduleKey: 'rt-triage-panel',
      functionKey: 'feasibility.mark',
      payload: { dimension: mark.dimension, verdict: mark.verdict, note: mark.note },
      accountId: SEED_USERS.find((user) => user.role === mark.by)!.accountId,
      context: {
        extension: {
          type: 'jira:issuePanel',
          issue: { id: issue.id, key: issue.key },
          project: { id: project.id, key: project.key },
        },
        locale: 'en-US',
      },
    })) as { ok: boolean };
    if (!marked.ok) throw new Error(`Demo feasibility mark failed: ${JSON.stringify(marked)}`);
  }
  await deliverDemoRequirements(sandbox, keys);
  // CRM-2024-001 depends on the customer profile analysis.
  call(sandbox, productManager.accountId, 'POST', '/rest/api/3/issueLink', {
    type: { name: 'Dependency' },
    outwardIssue: { key: keys[2] },
    inwardIssue: { key: keys[3] },
  });
  // A saved filter the product manager shares with the project, for the gadgets' filter source.
  call(sandbox, productManager.accountId, 'POST', '/rest/api/3/filter', {
    name: 'CRM requirements',
    jql: `project = ${DEMO_PROJECT.key} AND component = CRM`,
    sharePermissions: [{ type: 'project', project: { key: DEMO_PROJECT.key } }],
  });
  // A manager's dashboard: the grade distribution and what is overdue.
  sandbox.store.commit([
    {
      collection: 'sandbox-gadgets',
      id: '10000',
      value: { source: 'project', projectKey: DEMO_PROJECT.key, kind: 'grades', topN: 10 },
    },
    {
      collection: 'sandbox-gadgets',
      id: '10001',
      value: { source: 'project', projectKey: DEMO_PROJECT.key, kind: 'overdue', topN: 10 },
    },
  ]);
  // The support desk whose tickets become requirements (issue 15 part 1).
  seedServiceDesk(sandbox);
  await sandbox.idle();
}
