import { DEFAULT_DELIVERY_SETTINGS, DELIVERY_DUTIES, validateDeliverySettings } from '../../../src/domain/delivery-settings';

/** Per-project delivery settings: who holds each duty, and the loop's timings, each rule named. */

const fieldsOf = (raw: unknown) => {
  const result = validateDeliverySettings(raw);
  return result.ok ? [] : result.violations.map((violation) => `${violation.field}:${violation.rule}`);
};

test('the defaults are valid and come back as they are', () => {
  expect(Object.keys(DEFAULT_DELIVERY_SETTINGS.duties)).toEqual([...DELIVERY_DUTIES]);
  expect(validateDeliverySettings(DEFAULT_DELIVERY_SETTINGS)).toEqual({ ok: true, value: DEFAULT_DELIVERY_SETTINGS });
});

test('holders are roles or groups, trimmed, once each; a missing duty means nobody is named', () => {
  const result = validateDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, duties: { technical: [{ kind: 'role', id: ' 10002 ', name: ' Tech leads ' }], business: undefined } });
  expect(result.ok && result.value.duties).toEqual({ technical: [{ kind: 'role', id: '10002', name: 'Tech leads' }], business: [], compliance: [], customerContact: [], waiver: [] });
  const holder = { kind: 'group', id: 'g1', name: 'Legal' };
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, duties: { compliance: [holder, holder], waiver: 'managers', technical: [{ kind: 'user', id: 'x', name: 'X' }, 'x', { kind: 'role', id: ' ', name: 'R' }] } })).toEqual([
    'duties.technical.0:type',
    'duties.technical.1:type',
    'duties.technical.2:type',
    'duties.compliance.1:unique',
    'duties.waiver:type',
  ]);
  const many = Array.from({ length: 21 }, (_, index) => ({ kind: 'group', id: `g${index}`, name: `G${index}` }));
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, duties: { business: many } })).toEqual(['duties.business:length']);
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, duties: [] })).toEqual(['duties:type']);
});

test('timings are whole numbers in range, the follow-up window in order', () => {
  expect(fieldsOf(null)).toEqual(['escalateAfterDays:range', 'followUpDays.from:range', 'followUpDays.to:range', 'reviewAfterDays:range']);
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, escalateAfterDays: 1.5, followUpDays: { from: 14, to: 7 }, reviewAfterDays: 6 })).toEqual([
    'escalateAfterDays:range',
    'followUpDays.to:order',
    'reviewAfterDays:range',
  ]);
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, followUpDays: { from: 0, to: 91 } })).toEqual(['followUpDays.from:range', 'followUpDays.to:range']);
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, followUpDays: { from: 'x', to: 7 } })).toEqual(['followUpDays.from:range']);
});
