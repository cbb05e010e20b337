/**
 * The Requirement's app fields. Each is a `jira:customField` module in manifest.yml whose key is
 * `moduleKey`; a test keeps the two in step. Input fields are edited by people, computed fields are
 * written only by the app.
 */
export type FieldKind = 'input' | 'computed';
export type FieldType = 'number' | 'string';

export interface RequirementFieldDefinition {
  /** Property name in RequirementInputs / ComputedValues. */
  name: string;
  moduleKey: string;
  kind: FieldKind;
  type: FieldType;
  label: { en: string; zh: string };
}

export const INPUT_FIELDS = [
  { name: 'moscow', moduleKey: 'rt-moscow', kind: 'input', type: 'string', label: { en: 'MoSCoW', zh: 'MoSCoW 优先级' } },
  { name: 'wontReason', moduleKey: 'rt-wont-reason', kind: 'input', type: 'string', label: { en: "Won't-have reason", zh: '暂不实现原因' } },
  { name: 'urgency', moduleKey: 'rt-urgency', kind: 'input', type: 'number', label: { en: 'Urgency', zh: '紧急程度' } },
  { name: 'importance', moduleKey: 'rt-importance', kind: 'input', type: 'number', label: { en: 'Importance', zh: '重要程度' } },
  { name: 'feasibility', moduleKey: 'rt-feasibility', kind: 'input', type: 'number', label: { en: 'Feasibility', zh: '可行性' } },
  { name: 'customerValue', moduleKey: 'rt-customer-value', kind: 'input', type: 'number', label: { en: 'Customer value', zh: '客户价值' } },
  { name: 'businessValue', moduleKey: 'rt-business-value', kind: 'input', type: 'number', label: { en: 'Business value', zh: '业务价值' } },
  {
    name: 'implementationCost',
    moduleKey: 'rt-implementation-cost',
    kind: 'input',
    type: 'number',
    label: { en: 'Implementation cost', zh: '实现成本' },
  },
] as const satisfies readonly RequirementFieldDefinition[];

export const COMPUTED_FIELDS = [
  { name: 'weightedScore', moduleKey: 'rt-weighted-score', kind: 'computed', type: 'number', label: { en: 'Weighted score', zh: '加权得分' } },
  { name: 'priorityGrade', moduleKey: 'rt-priority-grade', kind: 'computed', type: 'string', label: { en: 'Priority grade', zh: '优先级等级' } },
  { name: 'threeFactorScore', moduleKey: 'rt-three-factor-score', kind: 'computed', type: 'number', label: { en: 'Three-factor score', zh: '三要素得分' } },
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

export const REQUIREMENT_FIELDS: readonly RequirementFieldDefinition[] = [...INPUT_FIELDS, ...COMPUTED_FIELDS];

export type InputFieldName = (typeof INPUT_FIELDS)[number]['name'];
export type ComputedFieldName = (typeof COMPUTED_FIELDS)[number]['name'];

export const REQUIREMENT_ISSUE_TYPE = {
  name: 'Requirement',
  label: { en: 'Requirement', zh: '需求' },
  description: 'A customer requirement triaged with Requirement Triage.',
} as const;
