import { evaluateValidation, parseJiraExpression } from '../../../sandbox/jira/expressions';

/** The sandbox's Jira expression subset, as the custom field validation page describes its results. */

const judge = (expression: string, value: unknown) =>
  evaluateValidation(parseJiraExpression(expression), { value, fieldId: 'customfield_10100' }, 'manifest message');

test.each([
  ['value == null || (value >= 1 && value <= 5 && value % 1 == 0)', 3, true],
  ['value == null || (value >= 1 && value <= 5 && value % 1 == 0)', null, true],
  ['value == null || (value >= 1 && value <= 5 && value % 1 == 0)', 5.5, false],
  ['value == null || (value >= 1 && value <= 5 && value % 1 == 0)', 0, false],
  ["value == null || ['Must','Should',\"Won't\"].includes(value)", "Won't", true],
  ["value == null || ['Must','Should',\"Won't\"].includes(value)", 'must', false],
  ['value == null || value.trim().length <= 3', ' abc ', true],
  ['value == null || value.length <= 3', 'abcd', false],
  ["value.length < 3 || value.includes('x')", 'abxd', true],
  ['!(value == 1) && -value < 0 && value * 2 / 4 + 1 - 1 != 0', 2, true],
  ['fieldId == "customfield_10100"', null, true],
])('%s with %j is valid: %s', (expression, value, valid) => {
  expect(judge(expression, value).valid).toBe(valid);
});

test('false shows the manifest message, a string is itself the message, and a runtime error refuses', () => {
  expect(judge('value > 1', 0)).toEqual({ valid: false, message: 'manifest message' });
  expect(judge("value > 1 || 'Give more than ' + 1", 0)).toEqual({ valid: false, message: 'Give more than 1' });
  // Comparing null with a number, or a length of a number, is an error in Jira expressions, not false.
  expect(judge('value >= 1', null)).toEqual({ valid: false, message: 'manifest message' });
  expect(judge('value.length > 1', 7)).toEqual({ valid: false, message: 'manifest message' });
  expect(judge('value || true', 1)).toEqual({ valid: false, message: 'manifest message' });
  expect(judge('value', 3)).toEqual({ valid: false, message: 'manifest message' });
});

test.each([
  ["user.groups().includes('field-editors')", /the name user/],
  ['issue == null', /the name issue/],
  ['let x = 1; x == 1', /not supported by the sandbox/],
  ['value.size() > 1', /the member size/],
  ['value.includes()', /includes with 0 arguments/],
  ['`${value}` == "1"', /the character "`"/],
  ['value ?? 1', /the character "\?"/],
  ["value == 'open", /unterminated string/],
  ['value == ', /incomplete expression/],
  ['value == 1 1', /unexpected 1/],
  ['(value == 1', /expected \)/],
  ['value.', /member access without a name/],
  [', value', /the symbol ,/],
])('%s is refused when parsed', (expression, reason) => {
  expect(() => parseJiraExpression(expression)).toThrow(reason);
});
