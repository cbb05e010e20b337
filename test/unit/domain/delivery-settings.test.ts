import { DEFAULT_DELIVERY_SETTINGS, DELIVERY_DUTIES, validateDeliverySettings } from '../../../src/domain/delivery-settings';

/** The shared foundation's delivery settings rules (kept at full coverage for the unit gate). */

const fields = (raw: unknown): string[] => {
  const result = validateDeliverySettings(raw);
  return result.ok ? [] : result.violations.map((violation) => `${violation.field}:${violation.rule}`);
};

test('the defaults are valid: no duty holders (whoever may edit issues), escalate after 7 days, follow up 7-14 days, review after 30', () => {
  expect(validateDeliverySettings(DEFAULT_DELIVERY_SETTINGS)).toEqual({ ok: true, value: DEFAULT_DELIVERY_SETTINGS });
  expect(Object.keys(DEFAULT_DELIVERY_SETTINGS.duties)).toEqual([...DELIVERY_DUTIES]);
});

test('holders are roles or groups, trimmed, each once, at most 20 per duty', () => {
  const result = validateDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, duties: { technical: [{ kind: 'role', id: ' 10002 ', name: ' Tech leads ' }] } });
  expect(result.ok && result.value.duties).toEqual({ technical: [{ kind: 'role', id: '10002', name: 'Tech leads' }], business: [], compliance: [], customerContact: [], waiver: [] });
  const holder = { kind: 'group', id: 'g1', name: 'Legal' };
  expect(fields({ ...DEFAULT_DELIVERY_SETTINGS, duties: { compliance: [holder, holder, { kind: 'user', id: 'x', name: 'x' }, null], waiver: 'admins' } })).toEqual([
    'duties.compliance.1:unique',
    'duties.compliance.2:type',
    'duties.compliance.3:type',
    'duties.waiver:type',
  ]);
  const many = Array.from({ length: 21 }, (_, index) => ({ kind: 'group', id: `g${index}`, name: `G${index}` }));
  expect(fields({ ...DEFAULT_DELIVERY_SETTINGS, duties: { business: many } })).toEqual(['duties.business:length']);
  expect(fields({ ...DEFAULT_DELIVERY_SETTINGS, duties: [] })).toEqual(['duties:type']);
});

test('timings are whole days in range, the follow-up window in order; anything else names each field', () => {
  expect(fields(null)).toEqual(['escalateAfterDays:range', 'followUpDays.from:range', 'followUpDays.to:range', 'reviewAfterDays:range']);
  expect(fields({ ...DEFAULT_DELIVERY_SETTINGS, escalateAfterDays: 0.5, followUpDays: { from: 14, to: 7 }, reviewAfterDays: 400 })).toEqual(['escalateAfterDays:range', 'followUpDays.to:order', 'reviewAfterDays:range']);
  expect(fields({ ...DEFAULT_DELIVERY_SETTINGS, followUpDays: { from: 0, to: 7 } })).toEqual(['followUpDays.from:range']);
});
