import {
  DEFAULT_GADGET_PERIOD,
  DEFAULT_TOP_N,
  GADGET_JQL_MAX,
  GADGET_KINDS,
  GADGET_PERIODS,
  gadgetReportPeriod,
  isReportKind,
  MAX_TOP_N,
  REPORT_GADGET_KINDS,
  parseGadgetConfig,
  serialiseGadgetConfig,
} from '../../../src/domain/gadget-config';

describe('gadget settings', () => {
  test('settings saved before gadget kinds existed read as the grade distribution of the project', () => {
    expect(parseGadgetConfig({ projectKey: 'REQ' })).toEqual({
      ok: true,
      config: {
        source: { type: 'project', projectKey: 'REQ' },
        kind: 'grades',
        topN: DEFAULT_TOP_N,
        period: DEFAULT_GADGET_PERIOD,
        jql: '',
      },
    });
    expect(DEFAULT_GADGET_PERIOD).toBe('last-6-months');
  });

  test('a saved-filter source with the top 5', () => {
    const parsed = parseGadgetConfig({ source: 'filter', filterId: '10020', filterName: 'Mobile asks', kind: 'top', topN: '5' });
    expect(parsed).toEqual({
      ok: true,
      config: {
        source: { type: 'filter', filterId: '10020', filterName: 'Mobile asks' },
        kind: 'top',
        topN: 5,
        period: 'last-6-months',
        jql: '',
      },
    });
    if (parsed.ok) expect(parseGadgetConfig(serialiseGadgetConfig(parsed.config))).toEqual(parsed);
  });

  test('a filter without a stored name shows its id', () => {
    const parsed = parseGadgetConfig({ source: 'filter', filterId: '10020', kind: 'overdue', topN: '' });
    expect(parsed.ok && parsed.config.source).toEqual({ type: 'filter', filterId: '10020', filterName: '10020' });
    expect(parsed.ok && serialiseGadgetConfig(parsed.config)).toEqual({
      source: 'filter',
      filterId: '10020',
      filterName: '10020',
      kind: 'overdue',
      topN: DEFAULT_TOP_N,
    });
    expect(parsed.ok && serialiseGadgetConfig({ ...parsed.config, source: { type: 'project', projectKey: 'REQ' } })).toEqual({
      source: 'project',
      projectKey: 'REQ',
      kind: 'overdue',
      topN: DEFAULT_TOP_N,
    });
  });

  test('every problem is named with its field and rule', () => {
    expect(parseGadgetConfig({ projectKey: 'req', kind: 'pie', topN: 51 })).toEqual({
      ok: false,
      violations: [
        { field: 'projectKey', rule: 'required', message: 'Project: choose the project whose requirements the gadget shows.' },
        {
          field: 'kind',
          rule: 'enum',
          message: 'Show: must be one of grades, top, quadrants, moscow, overdue, on-time, notice, satisfaction.',
        },
        { field: 'topN', rule: 'range', message: 'How many: must be a whole number from 1 to 50.', params: { min: 1, max: 50 } },
      ],
    });
    expect(parseGadgetConfig('nonsense')).toMatchObject({ ok: false, violations: [{ field: 'projectKey' }] });
    expect(parseGadgetConfig({ source: 'filter', filterId: 'abc', topN: 2.5 })).toMatchObject({
      ok: false,
      violations: [{ field: 'filterId' }, { field: 'topN' }],
    });
    expect(parseGadgetConfig([])).toMatchObject({ ok: false });
    // A report counts one project's records: a saved filter is no source for it.
    expect(parseGadgetConfig({ source: 'filter', filterId: '10020', kind: 'notice' })).toMatchObject({
      ok: false,
      violations: [{ field: 'kind', rule: 'mismatch' }],
    });
    expect(parseGadgetConfig({ projectKey: 'REQ', kind: 'on-time' })).toMatchObject({ ok: true, config: { kind: 'on-time' } });
  });

  test('a report gadget saved before it had a period or JQL reads as the last six months of the whole project', () => {
    expect(parseGadgetConfig({ source: 'project', projectKey: 'REQ', kind: 'notice', topN: 10 })).toEqual({
      ok: true,
      config: { source: { type: 'project', projectKey: 'REQ' }, kind: 'notice', topN: 10, period: 'last-6-months', jql: '' },
    });
    expect(parseGadgetConfig({ projectKey: 'REQ', kind: 'notice', period: '', jql: '' })).toMatchObject({
      ok: true,
      config: { period: 'last-6-months', jql: '' },
    });
  });

  test('a report gadget keeps its period and its JQL (trimmed), saved as strings', () => {
    const parsed = parseGadgetConfig({
      source: 'project',
      projectKey: 'REQ',
      kind: 'on-time',
      topN: '10',
      period: 'this-quarter',
      jql: '  component = CRM ',
    });
    expect(parsed).toMatchObject({ ok: true, config: { period: 'this-quarter', jql: 'component = CRM' } });
    if (!parsed.ok) return;
    const saved = serialiseGadgetConfig(parsed.config);
    expect(saved).toEqual({
      source: 'project',
      projectKey: 'REQ',
      kind: 'on-time',
      topN: 10,
      period: 'this-quarter',
      jql: 'component = CRM',
    });
    expect(parseGadgetConfig(saved)).toEqual(parsed);
    // The priority kinds have no period: none is saved for them.
    expect(serialiseGadgetConfig({ ...parsed.config, kind: 'grades' })).toEqual({
      source: 'project',
      projectKey: 'REQ',
      kind: 'grades',
      topN: 10,
    });
  });

  test('a bad period or an overlong JQL is named with its field and rule', () => {
    expect(
      parseGadgetConfig({ projectKey: 'REQ', kind: 'notice', period: 'last-7-months', jql: 'x'.repeat(GADGET_JQL_MAX + 1) }),
    ).toEqual({
      ok: false,
      violations: [
        {
          field: 'period',
          rule: 'enum',
          message: 'Period: must be one of last-3-months, last-6-months, last-12-months, this-quarter, this-year.',
        },
        { field: 'jql', rule: 'length', message: 'JQL: at most 2000 characters.', params: { max: 2000, length: 2001 } },
      ],
    });
    expect(parseGadgetConfig({ projectKey: 'REQ', kind: 'notice', jql: 42 })).toMatchObject({
      ok: false,
      violations: [{ field: 'jql', rule: 'length' }],
    });
  });
});

test('each period is whole months ending with the site day’s month', () => {
  const on = (today: string) => GADGET_PERIODS.map((period) => [period, gadgetReportPeriod(period, today)]);
  expect(Object.fromEntries(on('2026-02-14'))).toEqual({
    'last-3-months': { from: '2025-12', to: '2026-02' },
    'last-6-months': { from: '2025-09', to: '2026-02' },
    'last-12-months': { from: '2025-03', to: '2026-02' },
    'this-quarter': { from: '2026-01', to: '2026-02' },
    'this-year': { from: '2026-01', to: '2026-02' },
  });
  expect(gadgetReportPeriod('this-quarter', '2026-12-07')).toEqual({ from: '2026-10', to: '2026-12' });
  expect(gadgetReportPeriod('this-year', '2026-12-31')).toEqual({ from: '2026-01', to: '2026-12' });
  expect(gadgetReportPeriod('this-quarter', '2026-01-01')).toEqual({ from: '2026-01', to: '2026-01' });
});

test('the kinds and limits the edit form offers', () => {
  expect(GADGET_KINDS).toEqual(['grades', 'top', 'quadrants', 'moscow', 'overdue', 'on-time', 'notice', 'satisfaction']);
  expect(GADGET_KINDS.filter(isReportKind)).toEqual([...REPORT_GADGET_KINDS]);
  expect([DEFAULT_TOP_N, MAX_TOP_N]).toEqual([10, 50]);
});
