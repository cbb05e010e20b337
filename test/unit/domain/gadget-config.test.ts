import { DEFAULT_TOP_N, GADGET_KINDS, isReportKind, MAX_TOP_N, REPORT_GADGET_KINDS, parseGadgetConfig, serialiseGadgetConfig } from '../../../src/domain/gadget-config';

describe('gadget settings', () => {
  test('settings saved before gadget kinds existed read as the grade distribution of the project', () => {
    expect(parseGadgetConfig({ projectKey: 'REQ' })).toEqual({ ok: true, config: { source: { type: 'project', projectKey: 'REQ' }, kind: 'grades', topN: DEFAULT_TOP_N } });
  });

  test('a saved-filter source with the top 5', () => {
    const parsed = parseGadgetConfig({ source: 'filter', filterId: '10020', filterName: 'Mobile asks', kind: 'top', topN: '5' });
    expect(parsed).toEqual({ ok: true, config: { source: { type: 'filter', filterId: '10020', filterName: 'Mobile asks' }, kind: 'top', topN: 5 } });
    if (parsed.ok) expect(parseGadgetConfig(serialiseGadgetConfig(parsed.config))).toEqual(parsed);
  });

  test('a filter without a stored name shows its id', () => {
    const parsed = parseGadgetConfig({ source: 'filter', filterId: '10020', kind: 'overdue', topN: '' });
    expect(parsed.ok && parsed.config.source).toEqual({ type: 'filter', filterId: '10020', filterName: '10020' });
    expect(parsed.ok && serialiseGadgetConfig(parsed.config)).toEqual({ source: 'filter', filterId: '10020', filterName: '10020', kind: 'overdue', topN: DEFAULT_TOP_N });
    expect(parsed.ok && serialiseGadgetConfig({ ...parsed.config, source: { type: 'project', projectKey: 'REQ' } })).toEqual({ source: 'project', projectKey: 'REQ', kind: 'overdue', topN: DEFAULT_TOP_N });
  });

  test('every problem is named with its field and rule', () => {
    expect(parseGadgetConfig({ projectKey: 'req', kind: 'pie', topN: 51 })).toEqual({
      ok: false,
      violations: [
        { field: 'projectKey', rule: 'required', message: 'Project: choose the project whose requirements the gadget shows.' },
        { field: 'kind', rule: 'enum', message: 'Show: must be one of grades, top, quadrants, moscow, overdue, on-time, notice, satisfaction.' },
        { field: 'topN', rule: 'range', message: 'How many: must be a whole number from 1 to 50.', params: { min: 1, max: 50 } },
      ],
    });
    expect(parseGadgetConfig('nonsense')).toMatchObject({ ok: false, violations: [{ field: 'projectKey' }] });
    expect(parseGadgetConfig({ source: 'filter', filterId: 'abc', topN: 2.5 })).toMatchObject({ ok: false, violations: [{ field: 'filterId' }, { field: 'topN' }] });
    expect(parseGadgetConfig([])).toMatchObject({ ok: false });
    // A report counts one project's records: a saved filter is no source for it.
    expect(parseGadgetConfig({ source: 'filter', filterId: '10020', kind: 'notice' })).toMatchObject({ ok: false, violations: [{ field: 'kind', rule: 'mismatch' }] });
    expect(parseGadgetConfig({ projectKey: 'REQ', kind: 'on-time' })).toMatchObject({ ok: true, config: { kind: 'on-time' } });
  });
});

test('the kinds and limits the edit form offers', () => {
  expect(GADGET_KINDS).toEqual(['grades', 'top', 'quadrants', 'moscow', 'overdue', 'on-time', 'notice', 'satisfaction']);
  expect(GADGET_KINDS.filter(isReportKind)).toEqual([...REPORT_GADGET_KINDS]);
  expect([DEFAULT_TOP_N, MAX_TOP_N]).toEqual([10, 50]);
});
