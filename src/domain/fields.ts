/**
 * The Requirement's app fields. Each is a `jira:customField` module in manifest.yml whose key is
 * `moduleKey`; a test keeps the two in step. Input fields are edited by people, computed fields are
 * written only by the app, record fields describe the requirement itself (the intake form).
 */
export type FieldKind = 'input' | 'computed' | 'record';

/**
 * The most characters (UTF-16 code units, as Jira counts) the app puts in a Forge `string` field.
 * The jira:customField page names no maximum for the type; Jira's own single-line text field holds
 * 255, so every string field is held to that (docs/PLATFORM.md, "Fields and validation").
 */
export const APP_STRING_MAX_LENGTH = 255;

/** "A Forge custom field can store a collection of up to 100 values" (jira:customField, Collection types). */
export const APP_LIST_MAX_ITEMS = 100;
export type FieldType = 'number' | 'string' | 'date';

export interface RequirementFieldDefinition {
  /** Property name in RequirementInputs / ComputedValues. */
  name: string;
  moduleKey: string;
  kind: FieldKind;
  type: FieldType;
  label: { en: string; zh: string };
  /** Stable English codes a `string` field accepts (its manifest validation expression lists them). */
  values?: readonly string[];
  /** Written only by the app although not a score (record fields only; computed ones always are). */
  readOnly?: boolean;
  /** A Forge `collection: list` field: its value is a list of `type` values. */
  collection?: 'list';
}

export const INPUT_FIELDS = [
  { name: 'moscow', moduleKey: 'rt-moscow', kind: 'input', type: 'string', label: { en: 'MoSCoW', zh: 'MoSCoW 优先级' } },
  {
    name: 'wontReason',
    moduleKey: 'rt-wont-reason',
    kind: 'input',
    type: 'string',
    label: { en: "Won't-have reason", zh: '暂不实现原因' },
  },
  { name: 'urgency', moduleKey: 'rt-urgency', kind: 'input', type: 'number', label: { en: 'Urgency', zh: '紧急程度' } },
  { name: 'importance', moduleKey: 'rt-importance', kind: 'input', type: 'number', label: { en: 'Importance', zh: '重要程度' } },
  { name: 'feasibility', moduleKey: 'rt-feasibility', kind: 'input', type: 'number', label: { en: 'Feasibility', zh: '可行性' } },
  {
    name: 'customerValue',
    moduleKey: 'rt-customer-value',
    kind: 'input',
    type: 'number',
    label: { en: 'Customer value', zh: '客户价值' },
  },
  {
    name: 'businessValue',
    moduleKey: 'rt-business-value',
    kind: 'input',
    type: 'number',
    label: { en: 'Business value', zh: '业务价值' },
  },
  {
    name: 'implementationCost',
    moduleKey: 'rt-implementation-cost',
    kind: 'input',
    type: 'number',
    label: { en: 'Implementation cost', zh: '实现成本' },
  },
] as const satisfies readonly RequirementFieldDefinition[];

export const COMPUTED_FIELDS = [
  {
    name: 'weightedScore',
    moduleKey: 'rt-weighted-score',
    kind: 'computed',
    type: 'number',
    label: { en: 'Weighted score', zh: '加权得分' },
  },
  {
    name: 'priorityGrade',
    moduleKey: 'rt-priority-grade',
    kind: 'computed',
    type: 'string',
    label: { en: 'Priority grade', zh: '优先级等级' },
  },
  {
    name: 'threeFactorScore',
    moduleKey: 'rt-three-factor-score',
    kind: 'computed',
    type: 'number',
    label: { en: 'Three-factor score', zh: '三要素得分' },
  },
  {
    name: 'threeFactorPriority',
    moduleKey: 'rt-three-factor-priority',
    kind: 'computed',
    type: 'string',
    label: { en: 'Three-factor priority', zh: '三要素优先级' },
  },
  {
    name: 'valueCostQuadrant',
    moduleKey: 'rt-value-cost-quadrant',
    kind: 'computed',
    type: 'string',
    label: { en: 'Value/cost quadrant', zh: '价值/成本象限' },
  },
  {
    name: 'frameworkVersion',
    moduleKey: 'rt-framework-version',
    kind: 'computed',
    type: 'number',
    label: { en: 'Scoring framework version', zh: '评分框架版本' },
  },
] as const satisfies readonly RequirementFieldDefinition[];

/** The requirement record, in the intake form's order: the order they take on the issue screens. */
export const RECORD_FIELDS = [
  { name: 'background', moduleKey: 'rt-background', kind: 'record', type: 'string', label: { en: 'Background', zh: '背景' } },
  {
    name: 'expectedGoal',
    moduleKey: 'rt-expected-goal',
    kind: 'record',
    type: 'string',
    label: { en: 'Expected goal', zh: '预期目标' },
  },
  {
    name: 'beneficiary',
    moduleKey: 'rt-beneficiary',
    kind: 'record',
    type: 'string',
    label: { en: 'Beneficiary', zh: '受益方' },
    values: ['customer', 'business-department', 'whole-company'],
  },
  {
    name: 'sourceChannel',
    moduleKey: 'rt-source-channel',
    kind: 'record',
    type: 'string',
    label: { en: 'Source channel', zh: '来源渠道' },
    values: [
      'customer-interview',
      'questionnaire',
      'business-department',
      'data-mining',
      'support-ticket',
      'third-party-platform',
      'other',
    ],
  },
  {
    name: 'customerWords',
    moduleKey: 'rt-customer-words',
    kind: 'record',
    type: 'string',
    label: { en: "Customer's original words", zh: '客户原话' },
  },
  {
    name: 'needType',
    moduleKey: 'rt-need-type',
    kind: 'record',
    type: 'string',
    label: { en: 'Need type', zh: '需求类型' },
    values: ['explicit', 'implicit'],
  },
  // An implicit need stays "to be confirmed with the customer" until this date is recorded.
  {
    name: 'needConfirmedOn',
    moduleKey: 'rt-need-confirmed-on',
    kind: 'record',
    type: 'date',
    label: { en: 'Confirmed with customer on', zh: '与客户确认日期' },
  },
  {
    name: 'submitterRole',
    moduleKey: 'rt-submitter-role',
    kind: 'record',
    type: 'string',
    label: { en: 'Submitter role', zh: '提交人角色' },
  },
  {
    name: 'nature',
    moduleKey: 'rt-nature',
    kind: 'record',
    type: 'string',
    label: { en: 'Nature', zh: '需求性质' },
    values: ['functional', 'non-functional', 'business-process'],
  },
  {
    name: 'kind',
    moduleKey: 'rt-kind',
    kind: 'record',
    type: 'string',
    label: { en: 'Kind', zh: '需求类别' },
    values: ['new-feature', 'optimisation', 'improvement', 'service-experience', 'price-suggestion', 'cooperation'],
  },
  // One of the kind's second-level tags (kind-tags.ts); the lists are per project, so the app checks the code against them.
  {
    name: 'kindTag',
    moduleKey: 'rt-kind-tag',
    kind: 'record',
    type: 'string',
    label: { en: 'Second-level tag', zh: '二级标签' },
  },
  {
    name: 'responsibleDepartment',
    moduleKey: 'rt-responsible-department',
    kind: 'record',
    type: 'string',
    label: { en: 'Responsible department', zh: '负责部门' },
  },
  // Counted by the app from duplicate links, so nobody edits it.
  {
    name: 'duplicateCount',
    moduleKey: 'rt-duplicate-count',
    kind: 'record',
    type: 'number',
    label: { en: 'Duplicate count', zh: '重复次数' },
    readOnly: true,
  },
  // The customers who raised the requirement, by number in link order; linked through the app (the panel), which checks each number.
  {
    name: 'linkedCustomers',
    moduleKey: 'rt-linked-customers',
    kind: 'record',
    type: 'string',
    collection: 'list',
    label: { en: 'Linked customers', zh: '关联客户' },
    readOnly: true,
  },
  // Stamped by the app when a person re-scores on the panel or confirms in the review queue; a field, not KVS, so JQL finds what is due for review.
  {
    name: 'lastReviewedOn',
    moduleKey: 'rt-last-reviewed-on',
    kind: 'record',
    type: 'date',
    label: { en: 'Last reviewed on', zh: '最近复核日期' },
    readOnly: true,
  },
  // The newest feasibility mark per dimension, written by the app after every mark (the marks themselves live in its storage).
  {
    name: 'feasibilityMarks',
    moduleKey: 'rt-feasibility-marks',
    kind: 'record',
    type: 'string',
    label: { en: 'Feasibility marks', zh: '可行性评估' },
    readOnly: true,
  },
  // Written by the app when the requirement is closed: the notice, the follow-up or waiver, in one line.
  {
    name: 'closureRecord',
    moduleKey: 'rt-closure-record',
    kind: 'record',
    type: 'string',
    label: { en: 'Closure record', zh: '闭环记录' },
    readOnly: true,
  },
  // Planned and actual day per milestone, by milestone code (key-dates.ts); set on the panel, written by the app.
  {
    name: 'keyDates',
    moduleKey: 'rt-key-dates',
    kind: 'record',
    type: 'string',
    label: { en: 'Key dates', zh: '关键节点' },
    readOnly: true,
  },
  // The planned day of the next milestone not yet reached: a date field, so JQL finds late milestones (`cf[N] < today`).
  {
    name: 'nextKeyDate',
    moduleKey: 'rt-next-key-date',
    kind: 'record',
    type: 'date',
    label: { en: 'Next key date', zh: '下一关键节点日期' },
    readOnly: true,
  },
] as const satisfies readonly RequirementFieldDefinition[];

export type RecordFieldName = (typeof RECORD_FIELDS)[number]['name'];

/** Scoring fields only: what the scoring code reads and writes. */
export const REQUIREMENT_FIELDS: readonly RequirementFieldDefinition[] = [...INPUT_FIELDS, ...COMPUTED_FIELDS];

/** Every app field in the order the Requirement's screens show them: the record, then scoring, then results. */
export const SCREEN_FIELDS: readonly RequirementFieldDefinition[] = [...RECORD_FIELDS, ...INPUT_FIELDS, ...COMPUTED_FIELDS];

/** Whether people may set the field (on the create and edit screens), as opposed to only the app. */
export const isEditableField = (field: RequirementFieldDefinition): boolean =>
  field.kind !== 'computed' && field.readOnly !== true;

export type InputFieldName = (typeof INPUT_FIELDS)[number]['name'];
export type ComputedFieldName = (typeof COMPUTED_FIELDS)[number]['name'];
export type FieldName = InputFieldName | ComputedFieldName;

/**
 * The name of every app field in one language. Fields are named here only: refusals, the
 * screens' catalogues (static/shared/messages) and Jira's field names (locales/, kept in step by a
 * test) all read these labels.
 */
export function fieldLabels(language: 'en' | 'zh'): Record<FieldName | RecordFieldName, string> {
  return Object.fromEntries(SCREEN_FIELDS.map((field) => [field.name, field.label[language]])) as Record<
    FieldName | RecordFieldName,
    string
  >;
}

export const REQUIREMENT_ISSUE_TYPE = {
  name: 'Requirement',
  label: { en: 'Requirement', zh: '需求' },
  description: 'A customer requirement triaged with Requirement Triage.',
} as const;
