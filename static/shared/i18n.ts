/**
 * The one message catalogue of every Custom UI surface, in English and Simplified Chinese, and the
 * helpers that format numbers, dates and domain values for the user's Jira locale.
 *
 * The language follows the Forge context locale: `zh-CN` / `zh_CN` → Chinese, anything else →
 * English. Numbers and dates use Intl with the context locale itself.
 */
import { createContext, createElement, useContext, useMemo, type ReactNode } from 'react';
import { COMPUTED_FIELDS, INPUT_FIELDS, type ComputedFieldName, type InputFieldName } from '../../src/domain/fields';
import type { Grade, WeightedFactor } from '../../src/domain/framework';
import type { Violation, ViolationRule } from '../../src/domain/result';
import type { Moscow, Quadrant, ThreeFactorBand } from '../../src/domain/scoring';
import type { ErrorKind, SetupStep } from '../../src/shared/api';

export type Language = 'en' | 'zh-CN';
export type FieldName = InputFieldName | ComputedFieldName;
type Params = Record<string, string | number>;

/** Field names come from the domain's field definitions, so the catalogue and Jira agree. */
function fieldMessages(language: 'en' | 'zh'): Record<`field.${FieldName}`, string> {
  return Object.fromEntries([...INPUT_FIELDS, ...COMPUTED_FIELDS].map((field) => [`field.${field.name}`, field.label[language]])) as Record<
    `field.${FieldName}`,
    string
  >;
}

const en = {
  ...fieldMessages('en'),
  'app.name': 'Requirement Triage',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.refresh': 'Refresh',
  'common.save': 'Save',
  'common.notScored': 'Not scored',
  'common.notSet': 'Not set',
  'common.none': 'None',
  'common.noDeadline': 'No deadline',
  'common.days.one': '{count} day',
  'common.days.other': '{count} days',
  'common.requirements.one': '{count} requirement',
  'common.requirements.other': '{count} requirements',
  'common.select': 'Choose…',
  'common.noOptions': 'Nothing to choose from',
  'common.project': 'Project',
  'common.projectOption': '{name} ({key})',

  'grade.S': 'S',
  'grade.A': 'A',
  'grade.B': 'B',
  'grade.C': 'C',
  'grade.label': 'Grade {grade}',
  'band.high': 'High',
  'band.medium': 'Medium',
  'band.low': 'Low',
  'quadrant.quick-win': 'Quick win',
  'quadrant.major-project': 'Major project',
  'quadrant.fill-in': 'Fill-in',
  'quadrant.avoid': 'Avoid',
  'quadrant.quick-win.hint': 'High value, low cost',
  'quadrant.major-project.hint': 'High value, high cost',
  'quadrant.fill-in.hint': 'Low value, low cost',
  'quadrant.avoid.hint': 'Low value, high cost',
  'moscow.Must': 'Must have',
  'moscow.Should': 'Should have',
  'moscow.Could': 'Could have',
  "moscow.Won't": "Won't have",

  'violation.required': '{field} is required.',
  'violation.required.wontReason': "Give a reason when MoSCoW is Won't have.",
  'violation.type': '{field} must be a number.',
  'violation.integer': '{field} must be a whole number.',
  'violation.range': '{field} must be from {min} to {max}.',
  'violation.one-decimal': '{field} may have at most one decimal place.',
  'violation.enum': '{field} has a value that is not allowed.',
  'violation.enum.moscow': "MoSCoW must be Must, Should, Could or Won't have.",
  'violation.enum.issuetype': 'Scores can be set only on Requirement issues.',
  'violation.sum': 'Weights must add up to 100 % (they add up to {total} %).',
  'violation.order': '{field} is out of order with the related settings.',
  'violation.length': '{field} must be at most {max} characters (it has {length}).',
  'violationField.issuetype': 'Issue type',

  'error.validation': 'Some values need fixing',
  'error.forbidden': "You don't have permission",
  'error.not-found': 'Not found',
  'error.conflict': 'Someone else changed this at the same time',
  'error.unavailable': 'Jira could not be reached',
  'error.internal': 'Something went wrong',
  'error.validation.hint': 'Check the values you entered.',
  'error.forbidden.hint': "Your Jira account doesn't have the permission this needs.",
  'error.not-found.hint': "The issue or project doesn't exist, or you can't see it.",
  'error.conflict.hint': 'Someone else changed this at the same time. Refresh and try again.',
  'error.unavailable.hint': 'Jira is busy or unreachable; nothing was changed. Try again in a moment.',
  'error.internal.hint': 'Something went wrong in the app; nothing was changed.',
  'error.context': "Couldn't read where this app is shown in Jira.",
  'error.crash': 'This view stopped working. Reload the page to try again.',

  'panel.notRequirement': 'Requirement Triage scores apply to Requirement issues only. Change the issue type to Requirement to score this issue.',
  'panel.inputs': 'Triage inputs',
  'panel.results': 'Scores',
  'panel.scaleHint': 'Whole number, {min} to {max}',
  'panel.wontReasonHint': "Required when MoSCoW is Won't have.",
  'panel.saved': 'Saved. The scores are up to date.',
  'panel.fixErrors': 'Fix the highlighted fields before saving.',
  'panel.saveFailed': 'Your changes were not saved.',
  'panel.unsaved': 'Unsaved changes',
  'panel.readOnly': 'You can view these scores. Changing them needs the Edit issues permission.',
  'panel.problems': 'Some values stored on this issue are invalid and are ignored',
  'panel.problemsHint': 'Enter valid values and save to replace them.',
  'panel.breakdown': 'How the weighted score adds up',
  'panel.factor': 'Factor',
  'panel.value': 'Value',
  'panel.weight': 'Weight',
  'panel.points': 'Points',
  'panel.breakdownItem': '{factor} {value} × {weight}',
  'panel.needs': 'Needs {fields}.',
  'panel.deadline': 'Due within {days} of acceptance',
  'panel.valueCost': 'Value {value} · cost {cost}',
  'panel.scoredWith': 'Scored with framework version {version}',
  'panel.stale': 'The scoring framework has changed: version {latest} is current, these scores use version {version}.',
  'panel.staleEdit': 'Save to rescore with version {latest}.',
  'panel.staleReadOnly': 'Someone who can edit this issue can rescore it.',

  'glance.notRequirement': 'Not a Requirement',

  'matrix.title': 'Priority matrix',
  'matrix.chartTitle': 'Value / cost matrix',
  'matrix.chartDescription': '{count} requirements by implementation cost (across) and business value (up). Each point is a focusable requirement; press Enter to open it.',
  'matrix.legend': 'Priority grade',
  'matrix.noGrade': 'No grade',
  'matrix.ranked': 'Ranked requirements',
  'matrix.rank': 'Rank',
  'matrix.key': 'Key',
  'matrix.summary': 'Summary',
  'matrix.status': 'Status',
  'matrix.value': 'Value',
  'matrix.cost': 'Cost',
  'matrix.unplotted': 'Not on the chart',
  'matrix.unplottedHint': 'These requirements need both a business value and an implementation cost to appear on the chart.',
  'matrix.empty': 'No requirements in this project yet',
  'matrix.emptyHint': 'Create issues of type Requirement and score them in the Requirement Triage panel to see them here.',
  'matrix.noProject': 'Open this page from a project.',
  'matrix.loadingPages': 'Loaded {count} requirements so far…',
  'matrix.open': 'Open {key}',
  'matrix.pointScores': 'weighted {weighted}, three-factor {threeFactor}',
  'matrix.previousPage': 'Previous page',
  'matrix.nextPage': 'Next page',
  'matrix.pagination': 'Pages of the ranked requirements',
  'matrix.page': 'Page',

  'gadget.configureTitle': 'Choose a project',
  'gadget.configureHint': 'Edit this gadget and choose the project whose requirements it should show.',
  'gadget.editTitle': 'Requirement priorities settings',
  'gadget.noProjects': "There are no projects you can see. Ask a Jira admin for access, then edit the gadget again.",
  'gadget.chooseProject': 'Choose a project to save.',
  'gadget.heading': 'Requirement priorities · {project}',
  'gadget.byGrade': 'By priority grade',
  'gadget.shareNote': 'Percentages are of the {count} scored requirements.',
  'gadget.byQuadrant': 'By value / cost quadrant',
  'gadget.unscored': 'Not scored yet',
  'gadget.empty': 'No requirements in {project} yet',
  'gadget.emptyHint': 'Requirements created in this project appear here once they are scored.',
  'gadget.gradeRow': 'Grade {grade}: {count}, {percent}',

  'admin.title': 'Requirement Triage setup',
  'admin.framework': 'Scoring framework',
  'admin.version': 'Version {version}',
  'admin.current': 'Current',
  'admin.createdBy': '{date} by {author}',
  'admin.setting': 'Setting',
  'admin.settingValue': 'Value',
  'admin.weight': 'Weight of {factor}',
  'admin.factorScale': 'Factor scale',
  'admin.range': '{min} to {max}',
  'admin.gradeFrom': 'Weighted score ≥ {min}',
  'admin.gradeBelow': 'Weighted score < {min}',
  'admin.gradeThreshold': 'Grade {grade}',
  'admin.band': 'Three-factor priority {band}',
  'admin.bandFrom': 'Sum ≥ {min}',
  'admin.bandBetween': 'Sum {min} to {max}',
  'admin.bandBelow': 'Sum < {min}',
  'admin.valueCostScale': 'Value / cost scale',
  'admin.highValueFrom': 'High business value from',
  'admin.highCostFrom': 'High implementation cost from',
  'admin.deadline': 'Deadline for grade {grade}',
  'admin.history': 'Version history',
  'admin.historyEmpty': 'No earlier versions.',
  'admin.setup': 'Set up a project',
  'admin.setupHint': 'Adds the Requirement issue type to the project. Running it again is safe: nothing is created twice.',
  'admin.setupRun': 'Set up project',
  'admin.setupDone': 'Setup of {project} finished.',
  'admin.setupFailed': 'Setup of {project} stopped at a failed step.',
  'admin.chooseProject': 'Choose a project first.',
  'step.project': 'Find the project',
  'step.fields': "Check the app's fields",
  'step.issue-type': 'Requirement issue type',
  'step.issue-type-scheme': 'Add it to the issue type scheme',
  'step.record': 'Record the setup',
  'stepStatus.done': 'Already in place',
  'stepStatus.created': 'Created',
  'stepStatus.failed': 'Failed',
};

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  ...fieldMessages('zh'),
  'app.name': '需求分诊',

  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.refresh': '刷新',
  'common.save': '保存',
  'common.notScored': '未评分',
  'common.notSet': '未填写',
  'common.none': '无',
  'common.noDeadline': '无截止期限',
  'common.days.one': '{count} 天',
  'common.days.other': '{count} 天',
  'common.requirements.one': '{count} 个需求',
  'common.requirements.other': '{count} 个需求',
  'common.select': '请选择…',
  'common.noOptions': '没有可选项',
  'common.project': '项目',
  'common.projectOption': '{name}（{key}）',

  'grade.S': 'S',
  'grade.A': 'A',
  'grade.B': 'B',
  'grade.C': 'C',
  'grade.label': '{grade} 级',
  'band.high': '高',
  'band.medium': '中',
  'band.low': '低',
  'quadrant.quick-win': '快速见效',
  'quadrant.major-project': '重大项目',
  'quadrant.fill-in': '填充项',
  'quadrant.avoid': '避免',
  'quadrant.quick-win.hint': '高价值、低成本',
  'quadrant.major-project.hint': '高价值、高成本',
  'quadrant.fill-in.hint': '低价值、低成本',
  'quadrant.avoid.hint': '低价值、高成本',
  'moscow.Must': '必须有（Must）',
  'moscow.Should': '应该有（Should）',
  'moscow.Could': '可以有（Could）',
  "moscow.Won't": "暂不实现（Won't）",

  'violation.required': '请填写{field}。',
  'violation.required.wontReason': 'MoSCoW 为“暂不实现”时必须填写原因。',
  'violation.type': '{field}必须是数字。',
  'violation.integer': '{field}必须是整数。',
  'violation.range': '{field}必须在 {min} 到 {max} 之间。',
  'violation.one-decimal': '{field}最多保留一位小数。',
  'violation.enum': '{field}的取值无效。',
  'violation.enum.moscow': 'MoSCoW 必须是必须有、应该有、可以有或暂不实现之一。',
  'violation.enum.issuetype': '只有“需求”类型的问题才能评分。',
  'violation.sum': '权重之和必须为 100%（当前为 {total}%）。',
  'violation.order': '{field}与相关设置的先后顺序不正确。',
  'violation.length': '{field}最多 {max} 个字符（当前 {length} 个）。',
  'violationField.issuetype': '问题类型',

  'error.validation': '部分内容需要修改',
  'error.forbidden': '你没有权限',
  'error.not-found': '未找到',
  'error.conflict': '其他人同时修改了此内容',
  'error.unavailable': '暂时无法连接 Jira',
  'error.internal': '出现了问题',
  'error.validation.hint': '请检查输入的内容。',
  'error.forbidden.hint': '你的 Jira 账户没有执行此操作所需的权限。',
  'error.not-found.hint': '问题或项目不存在，或者你无权查看。',
  'error.conflict.hint': '其他人同时修改了此内容，请刷新后重试。',
  'error.unavailable.hint': 'Jira 繁忙或无法访问，未做任何更改。请稍后重试。',
  'error.internal.hint': '应用内部出错，未做任何更改。',
  'error.context': '无法读取此应用在 Jira 中的位置信息。',
  'error.crash': '此视图出错了，请刷新页面重试。',

  'panel.notRequirement': '需求分诊评分仅适用于“需求”类型的问题。将问题类型改为“需求”后即可评分。',
  'panel.inputs': '分诊输入',
  'panel.results': '评分结果',
  'panel.scaleHint': '{min} 到 {max} 的整数',
  'panel.wontReasonHint': 'MoSCoW 为“暂不实现”时必填。',
  'panel.saved': '已保存，评分已更新。',
  'panel.fixErrors': '请先修正标出的字段再保存。',
  'panel.saveFailed': '更改未保存。',
  'panel.unsaved': '有未保存的更改',
  'panel.readOnly': '你可以查看这些评分；修改评分需要“编辑问题”权限。',
  'panel.problems': '此问题中存储的部分值无效，已被忽略',
  'panel.problemsHint': '输入有效值并保存即可替换。',
  'panel.breakdown': '加权得分计算明细',
  'panel.factor': '因素',
  'panel.value': '分值',
  'panel.weight': '权重',
  'panel.points': '得分',
  'panel.breakdownItem': '{factor} {value} × {weight}',
  'panel.needs': '需要填写：{fields}。',
  'panel.deadline': '受理后 {days}内完成',
  'panel.valueCost': '价值 {value} · 成本 {cost}',
  'panel.scoredWith': '使用评分框架第 {version} 版计算',
  'panel.stale': '评分框架已更新：当前为第 {latest} 版，这些评分使用的是第 {version} 版。',
  'panel.staleEdit': '保存即可按第 {latest} 版重新评分。',
  'panel.staleReadOnly': '有编辑权限的用户可以重新评分。',

  'glance.notRequirement': '非需求',

  'matrix.title': '优先级矩阵',
  'matrix.chartTitle': '价值/成本矩阵',
  'matrix.chartDescription': '按实现成本（横轴）和业务价值（纵轴）显示的 {count} 个需求。每个点都可以获得焦点，按 Enter 键打开需求。',
  'matrix.legend': '优先级等级',
  'matrix.noGrade': '无等级',
  'matrix.ranked': '需求排名',
  'matrix.rank': '排名',
  'matrix.key': '编号',
  'matrix.summary': '概要',
  'matrix.status': '状态',
  'matrix.value': '价值',
  'matrix.cost': '成本',
  'matrix.unplotted': '未在图中显示',
  'matrix.unplottedHint': '需要同时填写业务价值和实现成本，需求才会显示在图中。',
  'matrix.empty': '此项目还没有需求',
  'matrix.emptyHint': '创建“需求”类型的问题，并在需求分诊面板中评分后，即可在此查看。',
  'matrix.noProject': '请从项目中打开此页面。',
  'matrix.loadingPages': '已加载 {count} 个需求…',
  'matrix.open': '打开 {key}',
  'matrix.pointScores': '加权得分 {weighted}，三要素得分 {threeFactor}',
  'matrix.previousPage': '上一页',
  'matrix.nextPage': '下一页',
  'matrix.pagination': '需求排名分页',
  'matrix.page': '第几页',

  'gadget.configureTitle': '选择项目',
  'gadget.configureHint': '编辑此小工具，选择要显示哪个项目的需求。',
  'gadget.editTitle': '需求优先级设置',
  'gadget.noProjects': '没有你可以查看的项目。请联系 Jira 管理员获取权限后再编辑此小工具。',
  'gadget.chooseProject': '请先选择项目再保存。',
  'gadget.heading': '需求优先级 · {project}',
  'gadget.byGrade': '按优先级等级',
  'gadget.shareNote': '百分比按 {count} 个已评分需求计算。',
  'gadget.byQuadrant': '按价值/成本象限',
  'gadget.unscored': '尚未评分',
  'gadget.empty': '{project} 中还没有需求',
  'gadget.emptyHint': '此项目中创建的需求评分后会显示在这里。',
  'gadget.gradeRow': '{grade} 级：{count} 个，占 {percent}',

  'admin.title': '需求分诊设置',
  'admin.framework': '评分框架',
  'admin.version': '第 {version} 版',
  'admin.current': '当前版本',
  'admin.createdBy': '{author} 于 {date} 创建',
  'admin.setting': '设置项',
  'admin.settingValue': '取值',
  'admin.weight': '{factor}权重',
  'admin.factorScale': '因素评分范围',
  'admin.range': '{min} 至 {max}',
  'admin.gradeFrom': '加权得分 ≥ {min}',
  'admin.gradeBelow': '加权得分 < {min}',
  'admin.gradeThreshold': '{grade} 级',
  'admin.band': '三要素优先级：{band}',
  'admin.bandFrom': '总分 ≥ {min}',
  'admin.bandBetween': '总分 {min} 至 {max}',
  'admin.bandBelow': '总分 < {min}',
  'admin.valueCostScale': '价值/成本评分范围',
  'admin.highValueFrom': '高业务价值起点',
  'admin.highCostFrom': '高实现成本起点',
  'admin.deadline': '{grade} 级截止期限',
  'admin.history': '版本历史',
  'admin.historyEmpty': '没有更早的版本。',
  'admin.setup': '设置项目',
  'admin.setupHint': '为项目添加“需求”问题类型。可以重复运行，不会重复创建任何内容。',
  'admin.setupRun': '设置项目',
  'admin.setupDone': '{project} 设置完成。',
  'admin.setupFailed': '{project} 的设置在某一步失败后停止。',
  'admin.chooseProject': '请先选择项目。',
  'step.project': '查找项目',
  'step.fields': '检查应用字段',
  'step.issue-type': '“需求”问题类型',
  'step.issue-type-scheme': '加入问题类型方案',
  'step.record': '记录设置结果',
  'stepStatus.done': '已就绪',
  'stepStatus.created': '已创建',
  'stepStatus.failed': '失败',
};

export const MESSAGES: { en: Record<MessageKey, string>; 'zh-CN': Record<MessageKey, string> } = { en, 'zh-CN': zhCN };

/** `zh-CN` and `zh_CN` (any case) are Chinese; everything else, including a missing locale, is English. */
export function languageOf(locale: string | null | undefined): Language {
  return typeof locale === 'string' && locale.replace('_', '-').toLowerCase() === 'zh-cn' ? 'zh-CN' : 'en';
}

/** A BCP 47 tag Intl accepts, from Forge's `en_US` or `en-US` style; English if unusable. */
function intlLocaleOf(locale: string | null | undefined, language: Language): string {
  if (language === 'zh-CN') return 'zh-CN';
  const candidate = typeof locale === 'string' ? locale.replace(/_/g, '-') : '';
  try {
    return candidate && Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : 'en-US';
  } catch {
    return 'en-US';
  }
}

function validTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

const FIELD_NAMES = new Set<string>([...INPUT_FIELDS, ...COMPUTED_FIELDS].map((field) => field.name));
const isFieldName = (name: string): name is FieldName => FIELD_NAMES.has(name);

type PluralBase = 'common.days' | 'common.requirements';

export interface I18n {
  language: Language;
  /** The locale Intl formats with. */
  intlLocale: string;
  t(key: MessageKey, params?: Params): string;
  /** A counted phrase, e.g. "1 day" / "3 days"; `{count}` is formatted for the locale. */
  plural(base: PluralBase, count: number): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** A weighted score, always with one decimal: "4.3". */
  score(value: number): string;
  /** A whole-number percentage given as 0-100: "30%". */
  percent(value: number, maximumFractionDigits?: number): string;
  date(iso: string): string;
  list(items: string[]): string;
  field(name: FieldName): string;
  grade(grade: Grade): string;
  band(band: ThreeFactorBand): string;
  quadrant(quadrant: Quadrant): string;
  quadrantHint(quadrant: Quadrant): string;
  moscow(moscow: Moscow): string;
  factor(factor: WeightedFactor): string;
  errorTitle(kind: ErrorKind): string;
  /** A sentence explaining the kind of error, for when the server's own message is not in the user's language. */
  errorHint(kind: ErrorKind): string;
  step(step: SetupStep): string;
  /** A domain Violation in the user's language, using the rule code and its params. */
  violation(violation: Violation): string;
}

export function createI18n(locale: string | null | undefined, timeZone?: string): I18n {
  const language = languageOf(locale);
  const intlLocale = intlLocaleOf(locale, language);
  const catalogue = MESSAGES[language];
  const numberFormat = new Intl.NumberFormat(intlLocale);
  const zone = validTimeZone(timeZone);
  const dateFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short', ...(zone ? { timeZone: zone } : {}) });
  const pluralRules = new Intl.PluralRules(intlLocale);

  const format = (template: string, params?: Params): string =>
    params
      ? template.replace(/\{(\w+)\}/g, (whole, name: string) => {
          const value = params[name];
          if (value === undefined) return whole;
          return typeof value === 'number' ? numberFormat.format(value) : value;
        })
      : template;
  const t = (key: MessageKey, params?: Params): string => format(catalogue[key] ?? MESSAGES.en[key] ?? key, params);
  const field = (name: FieldName): string => t(`field.${name}`);
  const fieldOrPath = (path: string): string => {
    if (isFieldName(path)) return field(path);
    if (path === 'issuetype') return t('violationField.issuetype');
    return path;
  };

  const violation = (v: Violation): string => {
    const params: Params = { ...(v.params ?? {}), field: fieldOrPath(v.field) };
    const rule: ViolationRule = v.rule;
    switch (rule) {
      case 'required':
        if (v.field === 'wontReason') return t('violation.required.wontReason', params);
        return t('violation.required', params);
      case 'enum':
        if (v.field === 'moscow') return t('violation.enum.moscow', params);
        if (v.field === 'issuetype') return t('violation.enum.issuetype', params);
        return t('violation.enum', params);
      case 'range':
        // Older violations may carry no params; the English sentence then says it best.
        if (v.params?.min === undefined || v.params?.max === undefined) return language === 'en' ? v.message : t('violation.type', params);
        return t('violation.range', params);
      case 'sum':
        return v.params?.total === undefined && language === 'en' ? v.message : t('violation.sum', { total: '?', ...params });
      case 'length':
        return v.params?.max === undefined && language === 'en' ? v.message : t('violation.length', { max: '?', length: '?', ...params });
      case 'type':
      case 'integer':
      case 'one-decimal':
      case 'order':
        return t(`violation.${rule}`, params);
      default:
        return v.message;
    }
  };

  return {
    language,
    intlLocale,
    t,
    plural: (base, count) => t(`${base}.${pluralRules.select(count) === 'one' ? 'one' : 'other'}`, { count }),
    number: (value, options) => (options ? new Intl.NumberFormat(intlLocale, options).format(value) : numberFormat.format(value)),
    score: (value) => new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value),
    percent: (value, maximumFractionDigits = 0) =>
      new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits }).format(value / 100),
    date: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
    },
    list: (items) => {
      try {
        return new Intl.ListFormat(intlLocale, { style: 'long', type: 'conjunction' }).format(items);
      } catch {
        return items.join(', ');
      }
    },
    field,
    grade: (grade) => t(`grade.${grade}`),
    band: (band) => t(`band.${band}`),
    quadrant: (quadrant) => t(`quadrant.${quadrant}`),
    quadrantHint: (quadrant) => t(`quadrant.${quadrant}.hint`),
    moscow: (moscow) => t(`moscow.${moscow}`),
    factor: (factor) => field(factor),
    errorTitle: (kind) => t(`error.${kind}`),
    errorHint: (kind) => t(`error.${kind}.hint`),
    step: (step) => {
      const key = `step.${step.key}`;
      return key in catalogue ? t(key as MessageKey) : step.key;
    },
    violation,
  };
}

const fallbackLocale = typeof navigator !== 'undefined' ? navigator.language : 'en-US';
const I18nContext = createContext<I18n>(createI18n(fallbackLocale));

export function I18nProvider({ locale, timeZone, children }: { locale: string | null | undefined; timeZone?: string; children: ReactNode }) {
  const value = useMemo(() => createI18n(locale, timeZone), [locale, timeZone]);
  return createElement(I18nContext.Provider, { value }, children);
}

/** The translator for the surface's locale (English until the Forge context has loaded). */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
