import {
  DEFAULT_DELIVERY_SETTINGS,
  DELIVERY_DUTIES,
  JIRA_TEXT_LANGUAGES,
  validateDeliverySettings,
} from '../../../src/domain/delivery-settings';

/** Per-project delivery settings: duty holders, the closure loop's timings (followUpDays, escalateAfterDays). */

const fieldsOf = (raw: unknown) => {
  const result = validateDeliverySettings(raw);
  return result.ok ? [] : result.violations.map((violation) => `${violation.field}:${violation.rule}`);
};

test('the defaults are valid: anyone who may edit issues, escalate after 7 days, follow up 7-14 days after the notice', () => {
  expect(validateDeliverySettings(DEFAULT_DELIVERY_SETTINGS)).toEqual({ ok: true, value: DEFAULT_DELIVERY_SETTINGS });
  expect(DEFAULT_DELIVERY_SETTINGS.followUpDays).toEqual({ from: 7, to: 14 });
  expect(Object.keys(DEFAULT_DELIVERY_SETTINGS.duties)).toEqual([...DELIVERY_DUTIES]);
});

test('duty holders are roles or groups, each once, trimmed', () => {
  const holder = { kind: 'role', id: ' 10002 ', name: ' Customer success ' };
  const result = validateDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, duties: { customerContact: [holder] } });
  expect(result.ok && result.value.duties.customerContact).toEqual([{ kind: 'role', id: '10002', name: 'Customer success' }]);
  expect(result.ok && result.value.duties.waiver).toEqual([]);
  expect(
    fieldsOf({
      ...DEFAULT_DELIVERY_SETTINGS,
      duties: { waiver: [holder, holder], technical: 'x', business: [{ kind: 'user', id: '1', name: 'n' }, 7] },
    }),
  ).toEqual(['duties.technical:type', 'duties.business.0:type', 'duties.business.1:type', 'duties.waiver.1:unique']);
  expect(
    fieldsOf({
      ...DEFAULT_DELIVERY_SETTINGS,
      duties: { compliance: Array.from({ length: 21 }, (_, index) => ({ kind: 'group', id: `g${index}`, name: `G${index}` })) },
    }),
  ).toEqual(['duties.compliance:length']);
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, duties: 'all' })).toEqual(['duties:type']);
});

test('timings are whole days in range, the follow-up window in order', () => {
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, followUpDays: { from: 14, to: 7 } })).toEqual(['followUpDays.to:order']);
  expect(fieldsOf({ escalateAfterDays: 0, followUpDays: { from: 0.5, to: 91 }, reviewAfterDays: 6 })).toEqual([
    'escalateAfterDays:range',
    'followUpDays.from:range',
    'followUpDays.to:range',
    'reviewAfterDays:range',
  ]);
  expect(fieldsOf(null)).toEqual([
    'escalateAfterDays:range',
    'followUpDays.from:range',
    'followUpDays.to:range',
    'reviewAfterDays:range',
  ]);
});

test('the language of the app’s comments is both (Chinese first), Chinese or English; settings saved before it existed write both', () => {
  const { jiraTextLanguage: _unset, ...older } = DEFAULT_DELIVERY_SETTINGS;
  const read = validateDeliverySettings(older);
  expect(read.ok && read.value.jiraTextLanguage).toBe('both');
  const chinese = validateDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, jiraTextLanguage: 'zh-CN' });
  expect(chinese.ok && chinese.value.jiraTextLanguage).toBe('zh-CN');
  expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, jiraTextLanguage: 'fr-FR' })).toEqual(['jiraTextLanguage:enum']);
  for (const language of JIRA_TEXT_LANGUAGES)
    expect(fieldsOf({ ...DEFAULT_DELIVERY_SETTINGS, jiraTextLanguage: language })).toEqual([]);
});
