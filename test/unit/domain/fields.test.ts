import { COMPUTED_FIELDS, INPUT_FIELDS, REQUIREMENT_FIELDS, REQUIREMENT_ISSUE_TYPE } from '../../../src/domain/fields';
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

  test('module keys are unique and every field has a Chinese name', () => {
    expect(new Set(REQUIREMENT_FIELDS.map((field) => field.moduleKey)).size).toBe(REQUIREMENT_FIELDS.length);
    for (const field of REQUIREMENT_FIELDS) expect(field.label.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(REQUIREMENT_ISSUE_TYPE.label.zh).toBe('需求');
  });
});
