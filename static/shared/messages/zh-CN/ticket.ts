import type english from '../en/ticket';
import type { Translation } from '../translation';

/** Simplified Chinese messages of the ticket action (static/ticket); the type makes the compiler require every key of ../en/ticket.ts and no other. */
const messages: Translation<typeof english> = {
  'ticket.title': '由 {key} 生成需求',
  'ticket.words': '客户原话',
  'ticket.reporter': '{name} 于 {date} 提交',
  'ticket.organizations': '所属组织：{names}',
  'ticket.attachments': '附件（仅引用，不复制）',
  'ticket.language': '将以{language}答复客户。',
  'ticket.language.zh-CN': '中文',
  'ticket.language.en-US': '英文',
  'ticket.plainIssue': '此问题不是服务请求：告知将以普通评论发布。',
  'ticket.linked': '已计入：{keys}',
  'ticket.customers': '客户',
  'ticket.match.contact-email': '联系人邮箱一致',
  'ticket.match.organization': '组织名称一致',
  'ticket.match.name': '名称一致',
  'ticket.noMatch': '客户档案中没有与此提交人相符的客户。',
  'ticket.newCustomer': '将“{name}”加入客户档案',
  'ticket.consent': '{name} 已同意我们保存其联系方式（{email}）',
  'ticket.consentOn': '同意日期',
  'ticket.noConsent': '未记录同意时，只建立客户档案，不保存联系人。',
  'ticket.project': '需求项目',
  'ticket.noProjects': '在已设置 Requirement Triage 的项目中，您都没有创建需求的权限。',
  'ticket.mode.create': '创建新需求',
  'ticket.mode.add': '加入已有需求',
  'ticket.similar': '{project} 中可能重复的需求',
  'ticket.similarNone': '{project} 中没有与此工单相似的需求。',
  'ticket.addHere': '加入 {key}',
  'ticket.requirementKey': '需求编号',
  'ticket.summary': '需求名称',
  'ticket.create': '创建需求',
  'ticket.add': '加入需求',
  'ticket.created': '{key} 已记录此工单：来源渠道为客服工单，并保存了客户原话和关联客户。告知将作为公开回复发布在此工单。',
  'ticket.open': '打开 {key}',
  'ticket.close': '关闭',
};

export default messages;
