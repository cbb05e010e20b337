import { needConfirmation } from '../../../src/domain/record';

describe('an implicit need is to be confirmed with the customer until a date is recorded', () => {
  test.each([
    ['explicit', null, 'not-applicable'],
    [null, '2024-05-01', 'not-applicable'],
    ['implicit', null, 'to-confirm'],
    ['implicit', '', 'to-confirm'],
    ['implicit', 'soon', 'to-confirm'],
    ['implicit', '2024-05-01', 'confirmed'],
  ])('need type %j confirmed on %j is %s', (needType, confirmedOn, expected) => {
    expect(needConfirmation(needType, confirmedOn)).toBe(expected);
  });
});
