import {
  COMPUTED_FIELDS,
  INPUT_FIELDS,
  isEditableField,
  RECORD_FIELDS,
  REQUIREMENT_FIELDS,
  REQUIREMENT_ISSUE_TYPE,
  SCREEN_FIELDS,
} from '../../../src/domain/fields';
import { EMPTY_COMPUTED, EMPTY_INPUTS } from '../../../src/domain/scoring';

describe('the Requirement field catalogue', () => {
  test('has the eight input fields and six computed fields named as specified', () => {
    expect(INPUT_FIELDS.map((field) => field.label.en)).toEqual([
      'MoSCoW',
      "Won't-have reason",
      'Urgency',
      'Importance',
      'Feasibility',
      'Customer value',
      'Business value',
      'Implementation cost',
    ]);
    expect(COMPUTED_FIELDS.map((field) => field.label.en)).toEqual([
      'Weighted score',
      'Priority grade',
      'Three-factor score',
      'Three-factor priority',
      'Value/cost quadrant',
      'Scoring framework version',
    ]);
  });

  test('covers exactly the properties of the inputs and computed values', () => {
    expect(INPUT_FIELDS.map((field) => field.name).sort()).toEqual(Object.keys(EMPTY_INPUTS).sort());
    expect(COMPUTED_FIELDS.map((field) => field.name).sort()).toEqual(Object.keys(EMPTY_COMPUTED).sort());
  });

  test('the record fields follow the intake form, enumerations as stable codes', () => {
    expect(RECORD_FIELDS.map((field) => `${field.label.en}/${field.label.zh}`)).toEqual([
      'Background/背景',
      'Expected goal/预期目标',
      'Beneficiary/受益方',
      'Source channel/来源渠道',
      "Customer's original words/客户原话",
      'Need type/需求类型',
      'Confirmed with customer on/与客户确认日期',
      'Submitter role/提交人角色',
      'Nature/需求性质',
      'Kind/需求类别',
      'Second-level tag/二级标签',
      'Responsible department/负责部门',
      'Duplicate count/重复次数',
      'Linked customers/关联客户',
      'Last reviewed on/最近复核日期',
      'Feasibility marks/可行性评估',
      'Closure record/闭环记录',
      'Key dates/关键节点',
      'Next key date/下一关键节点日期',
    ]);
    const codes = Object.fromEntries(RECORD_FIELDS.flatMap((field) => ('values' in field ? [[field.name, field.values]] : [])));
    expect(codes).toEqual({
      beneficiary: ['customer', 'business-department', 'whole-company'],
      sourceChannel: [
        'customer-interview',
        'questionnaire',
        'business-department',
        'data-mining',
        'support-ticket',
        'third-party-platform',
        'other',
      ],
      needType: ['explicit', 'implicit'],
      nature: ['functional', 'non-functional', 'business-process'],
      kind: ['new-feature', 'optimisation', 'improvement', 'service-experience', 'price-suggestion', 'cooperation'],
    });
  });

  test('screens show the record first, then inputs, then results; people edit all but the computed ones and the fields the app writes', () => {
    expect(SCREEN_FIELDS.map((field) => field.moduleKey)).toEqual(
      [...RECORD_FIELDS, ...INPUT_FIELDS, ...COMPUTED_FIELDS].map((field) => field.moduleKey),
    );
    expect(SCREEN_FIELDS.filter((field) => !isEditableField(field)).map((field) => field.name)).toEqual([
      'duplicateCount',
      'linkedCustomers',
      'lastReviewedOn',
      'feasibilityMarks',
      'closureRecord',
      'keyDates',
      'nextKeyDate',
      ...COMPUTED_FIELDS.map((field) => field.name),
    ]);
    expect(REQUIREMENT_FIELDS.some((field) => field.kind === 'record')).toBe(false);
  });

  test('module keys are unique and every field has a Chinese name', () => {
    expect(new Set(SCREEN_FIELDS.map((field) => field.moduleKey)).size).toBe(SCREEN_FIELDS.length);
    for (const field of SCREEN_FIELDS) expect(field.label.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(REQUIREMENT_ISSUE_TYPE.label.zh).toBe('需求');
  });
});
