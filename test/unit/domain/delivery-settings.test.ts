import { DEFAULT_MILESTONES } from '../../../src/domain/key-dates';
import { DEFAULT_DELIVERY_SETTINGS, DELIVERY_DUTIES, validateDeliverySettings } from '../../../src/domain/delivery-settings';

const valid = {
  duties: {
    technical: [{ kind: 'role', id: '10002', name: 'Tech leads' }],
    business: [
      { kind: 'role', id: '10001', name: 'Product managers' },
      { kind: 'group', id: 'g-product', name: ' product-team ' },
    ],
    compliance: [],
  },
  escalateAfterDays: 7,
  followUpDays: { from: 7, to: 14 },
  reviewAfterDays: 30,
};

const fieldsOf = (raw: unknown) => {
  const result = validateDeliverySettings(raw);
  return result.ok ? [] : result.violations.map((violation) => `${violation.field}/${violation.rule}`);
};

describe('delivery settings', () => {
  test('the defaults are valid: nobody named (whoever may edit issues), the loop timings of the process', () => {
    expect(validateDeliverySettings(DEFAULT_DELIVERY_SETTINGS)).toEqual({ ok: true, value: DEFAULT_DELIVERY_SETTINGS });
    expect(DELIVERY_DUTIES).toEqual(['technical', 'business', 'compliance', 'customerContact', 'waiver']);
  });

  test('keeps the named roles and groups, trims names, and gives every duty a list', () => {
    const result = validateDeliverySettings(valid);
    expect(result).toEqual({
      ok: true,
      value: {
        duties: {
          technical: [{ kind: 'role', id: '10002', name: 'Tech leads' }],
          business: [
            { kind: 'role', id: '10001', name: 'Product managers' },
            { kind: 'group', id: 'g-product', name: 'product-team' },
          ],
          compliance: [],
          customerContact: [],
          waiver: [],
        },
        escalateAfterDays: 7,
        followUpDays: { from: 7, to: 14 },
        reviewAfterDays: 30,
        // Sent without key dates (a client from before they existed): the default milestones.
        keyDates: DEFAULT_MILESTONES,
        // Nor the language of the app's comments: both.
        jiraTextLanguage: 'both',
      },
    });
  });

  test('a duty must be a list of roles or groups, each once, at most 20', () => {
    expect(fieldsOf({ ...valid, duties: [] })).toEqual(['duties/type']);
    expect(fieldsOf({ ...valid, duties: { technical: 'Tech leads' } })).toEqual(['duties.technical/type']);
    expect(
      fieldsOf({
        ...valid,
        duties: {
          waiver: [
            { kind: 'user', id: '1', name: 'x' },
            null,
            { kind: 'role', id: ' ', name: 'x' },
            { kind: 'group', id: 'g', name: 3 },
          ],
        },
      }),
    ).toEqual(['duties.waiver.0/type', 'duties.waiver.1/type', 'duties.waiver.2/type', 'duties.waiver.3/type']);
    const twice = { kind: 'group', id: 'g', name: 'managers' };
    const result = validateDeliverySettings({
      ...valid,
      duties: { waiver: [twice, { ...twice, name: 'Managers' }, { kind: 'role', id: 'g', name: 'Managers role' }] },
    });
    expect(result).toMatchObject({
      ok: false,
      violations: [{ field: 'duties.waiver.1', rule: 'unique', message: 'duties.waiver.1: Managers is listed twice.' }],
    });
    const many = Array.from({ length: 21 }, (_, index) => ({ kind: 'group', id: `g${index}`, name: `group ${index}` }));
    expect(validateDeliverySettings({ ...valid, duties: { customerContact: many } })).toMatchObject({
      ok: false,
      violations: [{ field: 'duties.customerContact', rule: 'length', params: { max: 20 } }],
    });
  });

  test('timings are whole days within their ranges, and the follow-up window does not end before it starts', () => {
    expect(fieldsOf({ ...valid, escalateAfterDays: 0 })).toEqual(['escalateAfterDays/range']);
    expect(fieldsOf({ ...valid, escalateAfterDays: 1.5 })).toEqual(['escalateAfterDays/range']);
    expect(fieldsOf({ ...valid, followUpDays: { from: 14, to: 7 } })).toEqual(['followUpDays.to/order']);
    expect(fieldsOf({ ...valid, followUpDays: { from: 0, to: 7 } })).toEqual(['followUpDays.from/range']);
    expect(fieldsOf({ ...valid, followUpDays: { from: 7, to: 91 } })).toEqual(['followUpDays.to/range']);
    expect(fieldsOf({ ...valid, followUpDays: 'soon' })).toEqual(['followUpDays.from/range', 'followUpDays.to/range']);
    expect(fieldsOf({ ...valid, reviewAfterDays: 6 })).toEqual(['reviewAfterDays/range']);
    expect(fieldsOf({ ...valid, reviewAfterDays: 366 })).toEqual(['reviewAfterDays/range']);
    expect(fieldsOf(null)).toEqual([
      'escalateAfterDays/range',
      'followUpDays.from/range',
      'followUpDays.to/range',
      'reviewAfterDays/range',
    ]);
  });

  test('key dates: the project’s milestones are checked, and a refusal names the milestone field', () => {
    const renamed = [{ code: 'refinement', label: { en: 'Refinement', zh: '细化' }, planShare: 20 }];
    expect(validateDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, keyDates: renamed })).toMatchObject({
      ok: true,
      value: { keyDates: renamed },
    });
    expect(validateDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, keyDates: [] })).toMatchObject({
      ok: false,
      violations: [{ field: 'keyDates', rule: 'required' }],
    });
  });
});
