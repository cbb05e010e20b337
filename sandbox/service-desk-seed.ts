import { SEED_USERS } from './jira/model';
import type { PortalCustomerRecord } from './jira/resources/service-desk';
import type { Sandbox } from './sandbox';

/**
 * Demo support desk: project SUP "客户支持 · Customer support", a Jira Service Management desk with a
 * portal, three request types, four portal customers in three organizations, and requests in Chinese
 * and English (one with an attachment, one rated by its customer). Not set up as a requirement project.
 */

export const SUPPORT_PROJECT = { key: 'SUP', name: '客户支持 · Customer support' };

const admin = SEED_USERS.find((user) => user.role === 'admin')!;
const customerSuccess = SEED_USERS.find((user) => user.role === 'customer-success')!;

const customer = (accountId: string, emailAddress: string, displayName: string): PortalCustomerRecord => ({
  accountId,
  emailAddress,
  displayName,
  timeZone: 'Asia/Shanghai',
});

/** Portal-only accounts (qm: prefix, as Atlassian's customer accounts have). */
export const SUPPORT_CUSTOMERS = {
  liNa: customer('qm:5b10ac8d-0000-4000-8000-00000000c001', 'li.na@example.com', '李娜'),
  wangQiang: customer('qm:5b10ac8d-0000-4000-8000-00000000c002', 'wang.qiang@hd-logistics.example', '王强'),
  tomBaker: customer('qm:5b10ac8d-0000-4000-8000-00000000c003', 'tom.baker@northwind.example', 'Tom Baker'),
  emmaReed: customer('qm:5b10ac8d-0000-4000-8000-00000000c004', 'emma.reed@example.org', 'Emma Reed'),
};

export const SUPPORT_REQUEST_TYPES = [
  {
    id: '1',
    name: '报告问题 · Report a problem',
    description: '有功能出错或不符合预期 · Something is broken or not as expected',
    helpText: '请描述发生了什么 · Tell us what happened',
    issueTypeId: '10002',
  },
  {
    id: '2',
    name: '提出建议 · Suggest an improvement',
    description: '希望产品增加或改进的功能 · Something you would like the product to do',
    helpText: '',
    issueTypeId: '10001',
  },
  {
    id: '3',
    name: '咨询 · Ask a question',
    description: '使用中的疑问 · A question about using the product',
    helpText: '',
    issueTypeId: '10001',
  },
];

interface DemoRequest {
  by: PortalCustomerRecord;
  requestTypeId: string;
  summary: string;
  description: string;
  attachments?: { filename: string; mimeType: string; size: number }[];
  feedback?: { rating: number; comment: string };
}

/** SUP-1 … SUP-4, in this order. */
export const SUPPORT_REQUESTS: DemoRequest[] = [
  {
    by: SUPPORT_CUSTOMERS.liNa,
    requestTypeId: '1',
    summary: '设备A的预警误报太多',
    description: '设备A的智能预警模块这周又误报了 30 多次，产线停了两次，影响正常生产。能不能降低误报？附件是本月的误报记录。',
    attachments: [
      {
        filename: '误报记录-2024-05.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        size: 18_432,
      },
    ],
  },
  {
    by: SUPPORT_CUSTOMERS.tomBaker,
    requestTypeId: '2',
    summary: 'Export the order list to Excel',
    description:
      'Every Monday our finance team needs the order list in Excel. Today we copy it by hand from the screen, which takes an hour and mistakes creep in.',
  },
  {
    by: SUPPORT_CUSTOMERS.wangQiang,
    requestTypeId: '2',
    summary: '希望支持批量导入运单',
    description: '我们每天有上千张运单，现在只能一张张录入，希望能用 Excel 批量导入。',
    feedback: { rating: 5, comment: '回复很快，谢谢！' },
  },
  {
    by: SUPPORT_CUSTOMERS.emmaReed,
    requestTypeId: '3',
    summary: 'Is there a dark mode for the dashboard?',
    description: 'Our night shift finds the dashboard too bright. Is there a dark mode, or could you add one?',
  },
];

function call(sandbox: Sandbox, method: string, path: string, body: unknown, accountId: string) {
  const response = sandbox.gateway().handle({ method, path, query: {}, body }, { kind: 'user', accountId });
  if (response.status >= 300)
    throw new Error(
      `Seeding the service desk failed: ${method} ${path} answered ${response.status} ${JSON.stringify(response.body)}`,
    );
  return response.body as Record<string, unknown>;
}

export function seedServiceDesk(sandbox: Sandbox): { serviceDeskId: string; requestKeys: string[] } {
  const jsm = sandbox.emulator.serviceDesk;
  const project = call(
    sandbox,
    'POST',
    '/rest/api/3/project',
    {
      key: SUPPORT_PROJECT.key,
      name: SUPPORT_PROJECT.name,
      projectTypeKey: 'service_desk',
      leadAccountId: customerSuccess.accountId,
      description: '客户通过门户提交的工单 · Requests customers raise on the portal.',
    },
    admin.accountId,
  );
  const desk = jsm.addServiceDesk(String(project.id), '客户支持门户 · Customer support portal', SUPPORT_REQUEST_TYPES);
  for (const portalCustomer of Object.values(SUPPORT_CUSTOMERS)) jsm.addCustomer(portalCustomer);
  jsm.addOrganization('中型汽车零部件制造商', [SUPPORT_CUSTOMERS.liNa.accountId], [desk.id]);
  jsm.addOrganization('华东物流集团', [SUPPORT_CUSTOMERS.wangQiang.accountId], [desk.id]);
  jsm.addOrganization('Northwind Retail', [SUPPORT_CUSTOMERS.tomBaker.accountId], [desk.id]);
  const requestKeys: string[] = [];
  for (const request of SUPPORT_REQUESTS) {
    // Raised on the portal by the customer, as JSM records it.
    const created = call(
      sandbox,
      'POST',
      '/rest/servicedeskapi/request',
      {
        serviceDeskId: desk.id,
        requestTypeId: request.requestTypeId,
        requestFieldValues: { summary: request.summary, description: request.description },
      },
      request.by.accountId,
    );
    const key = String(created.issueKey);
    requestKeys.push(key);
    if (request.attachments) jsm.attachFiles(key, request.attachments);
    if (request.feedback)
      call(
        sandbox,
        'POST',
        `/rest/servicedeskapi/request/${key}/feedback`,
        { type: 'csat', rating: request.feedback.rating, comment: { body: request.feedback.comment } },
        request.by.accountId,
      );
  }
  return { serviceDeskId: desk.id, requestKeys };
}
