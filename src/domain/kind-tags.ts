import { isPlainObject } from './checks';
import { RECORD_FIELDS } from './fields';
import { fail, ok, type Result, type Violation } from './result';

/**
 * Second-level tags: each kind of requirement has its own list (功能优化 → 界面交互 / 操作流程 /
 * 数据输出 …, as the source documents name them). A project starts from the default lists and a
 * project admin may edit them; a requirement carries at most one tag, which must belong to its
 * kind. Pure.
 */

export const KINDS = RECORD_FIELDS.find((field) => field.name === 'kind')!.values;
export type Kind = (typeof KINDS)[number];

export interface KindTag {
  /** Stable code stored on the requirement (lower case letters, digits and hyphens). */
  code: string;
  label: { en: string; zh: string };
}

export type KindTagLists = Record<Kind, KindTag[]>;

export interface StoredKindTags {
  projectKey: string;
  tags: KindTagLists;
  /** Bumped on every save; a save that started from an older revision is a conflict. */
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** Longest tag code; the field's manifest validation holds stored values to it. */
export const TAG_CODE_MAX_LENGTH = 40;
export const TAG_LABEL_MAX_LENGTH = 40;
/** Tags per kind: enough for a real taxonomy, small enough for one select on the panel. */
export const MAX_TAGS_PER_KIND = 30;
const CODE_PATTERN = /^[a-z][a-z0-9-]*$/;

const tag = (code: string, en: string, zh: string): KindTag => ({ code, label: { en, zh } });

/** The lists a project starts with, from the source documents' examples (SPEC.md, "Classification"). */
export const DEFAULT_KIND_TAGS: KindTagLists = {
  'new-feature': [
    tag('new-module', 'New module', '新增模块'),
    tag('integration', 'System integration', '系统对接'),
    tag('mobile', 'Mobile', '移动端'),
    tag('analytics', 'Analytics and reports', '统计分析'),
  ],
  optimisation: [
    tag('ui-interaction', 'UI interaction', '界面交互'),
    tag('operation-flow', 'Operation flow', '操作流程'),
    tag('data-output', 'Data output', '数据输出'),
    tag('performance', 'Performance and stability', '性能稳定'),
    tag('algorithm', 'Algorithm module', '算法模块'),
  ],
  improvement: [
    tag('feature-extension', 'Feature extension', '功能扩展'),
    tag('notifications', 'Notifications and reminders', '消息提醒'),
    tag('permissions', 'Permissions and security', '权限安全'),
    tag('data-management', 'Data management', '数据管理'),
  ],
  'service-experience': [
    tag('response-time', 'Response time', '响应时效'),
    tag('training', 'Training support', '培训支持'),
    tag('after-sales', 'After-sales service', '售后服务'),
    tag('implementation', 'Implementation', '实施交付'),
    tag('customer-success', 'Customer success', '客户成功'),
  ],
  'price-suggestion': [
    tag('discount', 'Discount policy', '折扣政策'),
    tag('payment-terms', 'Payment terms', '付款周期'),
    tag('plan-pricing', 'Plan pricing', '版本定价'),
  ],
  cooperation: [
    tag('joint-development', 'Joint development', '联合开发'),
    tag('channel-partnership', 'Channel partnership', '渠道合作'),
    tag('co-marketing', 'Co-marketing', '联合推广'),
  ],
};

export const defaultKindTags = (projectKey: string): StoredKindTags => ({
  projectKey,
  tags: DEFAULT_KIND_TAGS,
  revision: 0,
  updatedBy: null,
  updatedAt: null,
});

const isKind = (value: unknown): value is Kind => typeof value === 'string' && (KINDS as readonly string[]).includes(value);

/** The kind whose list holds the tag, if any. */
export function kindOfTag(lists: KindTagLists, code: string): Kind | undefined {
  return KINDS.find((kind) => lists[kind].some((entry) => entry.code === code));
}

/** A tag's name in one language; the other language when an admin gave only one; the code for an unknown tag. */
export function tagLabel(lists: KindTagLists, code: string, language: 'en' | 'zh'): string {
  const found = KINDS.flatMap((kind) => lists[kind]).find((entry) => entry.code === code);
  if (!found) return code;
  return found.label[language] || found.label[language === 'en' ? 'zh' : 'en'];
}

function validateTag(raw: unknown, field: string, seen: Map<string, string>, violations: Violation[]): KindTag | undefined {
  const entry = isPlainObject(raw) ? raw : {};
  const code = typeof entry.code === 'string' ? entry.code.trim() : '';
  const label = isPlainObject(entry.label) ? entry.label : {};
  const en = typeof label.en === 'string' ? label.en.trim() : '';
  const zh = typeof label.zh === 'string' ? label.zh.trim() : '';
  const before = violations.length;
  if (code === '') violations.push({ field: `${field}.code`, rule: 'required', message: `${field}.code: a tag needs a code.` });
  else if (code.length > TAG_CODE_MAX_LENGTH) {
    violations.push({
      field: `${field}.code`,
      rule: 'length',
      message: `${field}.code: at most ${TAG_CODE_MAX_LENGTH} characters (got ${code.length}).`,
      params: { max: TAG_CODE_MAX_LENGTH, length: code.length },
    });
  } else if (!CODE_PATTERN.test(code)) {
    violations.push({
      field: `${field}.code`,
      rule: 'syntax',
      message: `${field}.code: use lower-case letters, digits and hyphens, starting with a letter (got "${code}").`,
      params: { value: code },
    });
  } else if (seen.has(code)) {
    violations.push({
      field: `${field}.code`,
      rule: 'unique',
      message: `${field}.code: "${code}" is already a tag of ${seen.get(code)}; a tag belongs to one kind.`,
      params: { value: code },
    });
  }
  if (en === '' && zh === '')
    violations.push({
      field: `${field}.label`,
      rule: 'required',
      message: `${field}.label: give the tag a name in English or Chinese.`,
    });
  for (const [language, text] of [['en', en] as const, ['zh', zh] as const]) {
    if (text.length > TAG_LABEL_MAX_LENGTH) {
      violations.push({
        field: `${field}.label.${language}`,
        rule: 'length',
        message: `${field}.label.${language}: at most ${TAG_LABEL_MAX_LENGTH} characters (got ${text.length}).`,
        params: { max: TAG_LABEL_MAX_LENGTH, length: text.length },
      });
    }
  }
  if (violations.length > before) return undefined;
  seen.set(code, field.split('.')[0]!);
  return { code, label: { en, zh } };
}

/** A project's lists as an admin sent them: every kind present, each tag well formed, each code in one kind only. */
export function validateKindTagLists(raw: unknown): Result<KindTagLists> {
  const value = isPlainObject(raw) ? raw : {};
  const violations: Violation[] = [];
  const seen = new Map<string, string>();
  for (const key of Object.keys(value))
    if (!isKind(key)) violations.push({ field: key, rule: 'enum', message: `${key}: not a kind (kinds: ${KINDS.join(', ')}).` });
  const lists = {} as KindTagLists;
  for (const kind of KINDS) {
    const entries = value[kind];
    if (!Array.isArray(entries)) {
      violations.push({ field: kind, rule: 'type', message: `${kind}: must be a list of tags (it may be empty).` });
      lists[kind] = [];
      continue;
    }
    if (entries.length > MAX_TAGS_PER_KIND)
      violations.push({
        field: kind,
        rule: 'length',
        message: `${kind}: at most ${MAX_TAGS_PER_KIND} tags (got ${entries.length}).`,
        params: { max: MAX_TAGS_PER_KIND, length: entries.length },
      });
    lists[kind] = entries.flatMap((entry, index) => validateTag(entry, `${kind}.${index}`, seen, violations) ?? []);
  }
  return violations.length > 0 ? fail(violations) : ok(lists);
}

/**
 * Whether a requirement of `kind` may carry `tag` in this project: no tag is always fine; a tag
 * needs a kind, must be on the project's lists, and must be on its own kind's list.
 */
export function checkTagChoice(lists: KindTagLists, kind: string | null, code: string | null): Violation | undefined {
  if (code === null) return undefined;
  const owner = kindOfTag(lists, code);
  if (owner === undefined) {
    return {
      field: 'kindTag',
      rule: 'enum',
      message: `Second-level tag: "${code}" is not one of this project's tags.`,
      params: { value: code },
    };
  }
  if (kind === null)
    return {
      field: 'kindTag',
      rule: 'required',
      message: 'Second-level tag: choose the kind first; a tag belongs to a kind.',
      params: { value: code },
    };
  if (owner !== kind) {
    return {
      field: 'kindTag',
      rule: 'mismatch',
      message: `Second-level tag: "${code}" is a tag of ${owner}, not of ${kind}; choose one of ${kind}'s tags.`,
      params: { value: code, tagKind: owner, kind },
    };
  }
  return undefined;
}
