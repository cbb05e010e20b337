import {
  CAPTURE_CHOICES,
  CAPTURE_FIELDS,
  CAPTURE_LIMITS,
  intakeRecordOf,
  needConfirmation,
  readCaptureForm,
  withCapturedDemand,
} from '../../../src/domain/record';

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

describe('the quick-capture form', () => {
  const today = '2026-12-03';
  const form = { summary: ' 导出订单 ', channel: 'customer-interview', submitter: 'Li Na', date: '2026-12-01' };

  test('a form with the required fields is a record; blank optional fields are null and text is trimmed', () => {
    expect(readCaptureForm(form, today)).toEqual({
      ok: true,
      value: {
        summary: '导出订单',
        customer: null,
        customerNumber: null,
        channel: 'customer-interview',
        originalWords: null,
        submitter: 'Li Na',
        submitterRole: null,
        date: '2026-12-01',
        background: null,
        expectedGoal: null,
        beneficiary: null,
        needType: null,
        nature: null,
        kind: null,
      },
    });
  });

  test('every field the register has is kept', () => {
    const full = {
      ...form,
      customerNumber: 'CUS202405001',
      originalWords: '希望能导出订单',
      submitterRole: 'Sales',
      background: 'Orders are copied by hand',
      expectedGoal: 'One-click export',
      beneficiary: 'customer',
      needType: 'explicit',
      nature: 'functional',
      kind: 'new-feature',
    };
    const read = readCaptureForm(full, today);
    expect(read.ok && read.value).toMatchObject({
      customerNumber: 'CUS202405001',
      submitterRole: 'Sales',
      beneficiary: 'customer',
      needType: 'explicit',
      nature: 'functional',
      kind: 'new-feature',
      date: '2026-12-01',
    });
  });

  test('the date may be today, not tomorrow', () => {
    expect(readCaptureForm({ ...form, date: today }, today).ok).toBe(true);
  });

  test('every problem at once, each naming its field and rule', () => {
    const read = readCaptureForm(
      {
        summary: 'x'.repeat(256),
        channel: 'fax',
        submitter: '   ',
        date: '2026-02-30',
        customerNumber: 'ACME',
        nature: 7,
        background: 'y'.repeat(300),
        kind: 'bogus',
      },
      today,
    );
    expect(read.ok).toBe(false);
    const rules = read.ok ? {} : Object.fromEntries(read.violations.map((violation) => [violation.field, violation.rule]));
    expect(rules).toEqual({
      summary: 'length',
      customerNumber: 'syntax',
      channel: 'enum',
      submitter: 'required',
      date: 'syntax',
      background: 'length',
      nature: 'type',
      kind: 'enum',
    });
    const summary = read.ok ? undefined : read.violations.find((violation) => violation.field === 'summary');
    expect(summary).toEqual({
      field: 'summary',
      rule: 'length',
      message: 'summary: must be at most 255 characters (this one has 256).',
      params: { field: 'summary', max: 255, length: 256 },
    });
  });

  test('a missing form names each required field; a date after today is out of range', () => {
    const empty = readCaptureForm({}, today);
    expect(empty.ok ? [] : empty.violations.map((violation) => `${violation.field}:${violation.rule}`)).toEqual([
      'summary:required',
      'channel:required',
      'submitter:required',
      'date:required',
    ]);
    const later = readCaptureForm({ ...form, date: '2026-12-04' }, today);
    expect(later.ok ? null : later.violations).toEqual([
      {
        field: 'date',
        rule: 'range',
        message: 'date: must not be after today (2026-12-03).',
        params: { field: 'date', value: '2026-12-04', max: today },
      },
    ]);
  });

  test("its choices are the record fields' codes, its limits those of the fields", () => {
    expect(CAPTURE_CHOICES.channel).toContain('customer-interview');
    expect(CAPTURE_CHOICES.beneficiary).toEqual(['customer', 'business-department', 'whole-company']);
    expect(CAPTURE_LIMITS).toMatchObject({ summary: 255, originalWords: 10_000, background: 255 });
  });

  test('the form lists the register order: name, customer, channel, words, who and when first', () => {
    expect(CAPTURE_FIELDS.slice(0, 7)).toEqual([
      'summary',
      'customerNumber',
      'channel',
      'originalWords',
      'submitter',
      'submitterRole',
      'date',
    ]);
  });
});

describe('intake records', () => {
  test('a sheet row becomes an intake record with the register fields it has no column for left empty', () => {
    const row = {
      summary: 'S',
      originalWords: null,
      customer: 'Acme',
      channel: 'questionnaire',
      date: '2024-05-01',
      submitter: null,
      nature: null,
      kind: 'improvement',
    };
    expect(intakeRecordOf(row)).toEqual({
      ...row,
      customerNumber: null,
      submitterRole: null,
      background: null,
      expectedGoal: null,
      beneficiary: null,
      needType: null,
    });
  });

  test('a captured demand counts once per customer: words appended, the count rises only for a customer not linked yet', () => {
    const record = {
      ...intakeRecordOf({
        summary: 'Export',
        originalWords: '导出订单',
        customer: 'Acme',
        channel: 'customer-interview',
        date: '2026-12-01',
        submitter: 'Li',
        nature: null,
        kind: null,
      }),
    };
    expect(withCapturedDemand({ customerWords: 'first', duplicateCount: 2 }, record, false)).toEqual({
      customerWords: 'first\n\n2026-12-01 customer-interview Acme: 导出订单',
      duplicateCount: 3,
      leftOut: 0,
    });
    expect(withCapturedDemand({ customerWords: null, duplicateCount: null }, record, true)).toEqual({
      customerWords: '2026-12-01 customer-interview Acme: 导出订单',
      duplicateCount: 0,
      leftOut: 0,
    });
  });
});
