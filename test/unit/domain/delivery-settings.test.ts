import { DEFAULT_DELIVERY_SETTINGS, DELIVERY_DUTIES, validateDeliverySettings } from '../../../src/domain/delivery-settings';

/** Per-project delivery settings: duty holders and the loop's timings, each rule naming its field. */

const role = { kind: 'role', id: '10002', name: 'Tech leads' };

test('the defaults are valid and come back as they are', () => {
  expect(validateDeliverySettings(DEFAULT_DELIVERY_SETTINGS)).toEqual({ ok: true, value: DEFAULT_DELIVERY_SETTINGS });
  expect(Object.keys(DEFAULT_DELIVERY_SETTINGS.duties)).toEqual([...DELIVERY_DUTIES]);
});

test('holders are trimmed; a missing duty means anyone who may edit issues', () => {
  const { duties: _omitted, ...timings } = DEFAULT_DELIVERY_SETTINGS;
  expect(validateDeliverySettings({ ...timings, duties: { technical: [{ kind: 'group', id: ' g-1 ', name: ' Engineering ' }] } })).toEqual({
    ok: true,
    value: { ...DEFAULT_DELIVERY_SETTINGS, duties: { ...DEFAULT_DELIVERY_SETTINGS.duties, technical: [{ kind: 'group', id: 'g-1', name: 'Engineering' }] } },
  });
  expect(validateDeliverySettings(timings)).toMatchObject({ ok: true, value: { duties: DEFAULT_DELIVERY_SETTINGS.duties } });
});

test('every broken rule is reported with its field', () => {
  const result = validateDeliverySettings({
    duties: { technical: 'tech leads', business: [role, role, { kind: 'user', id: 'x', name: 'X' }, 7], compliance: Array.from({ length: 21 }, (_, index) => ({ ...role, id: String(index) })) },
    escalateAfterDays: 0,
    followUpDays: { from: 'soon', to: 100 },
    reviewAfterDays: 400,
  });
  expect(result).toMatchObject({
    ok: false,
    violations: [
      { field: 'duties.technical', rule: 'type' },
      { field: 'duties.business.1', rule: 'unique' },
      { field: 'duties.business.2', rule: 'type' },
      { field: 'duties.business.3', rule: 'type' },
      { field: 'duties.compliance', rule: 'length' },
      { field: 'escalateAfterDays', rule: 'range' },
      { field: 'followUpDays.from', rule: 'range' },
      { field: 'followUpDays.to', rule: 'range' },
      { field: 'reviewAfterDays', rule: 'range' },
    ],
  });
  expect(validateDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, duties: [], followUpDays: { from: 10, to: 8 } })).toMatchObject({
    ok: false,
    violations: [{ field: 'duties', rule: 'type' }, { field: 'followUpDays.to', rule: 'order' }],
  });
  expect(validateDeliverySettings(null)).toMatchObject({ ok: false });
});
