import { anonymisedCustomer, type Customer } from '../../../src/domain/customers';
import { RECORD_FIELDS } from '../../../src/domain/fields';
import type { CustomerNotice } from '../../../src/domain/delivery/closure';
import {
  attachmentLines,
  followUpFromTicketAnswers,
  MAX_TICKETS_PER_REQUIREMENT,
  SUPPORT_TICKET_CHANNEL,
  TICKET_LINK_TYPE,
  matchTicketCustomers,
  newCustomerOffer,
  noticeCustomerOf,
  requirementDraftFromTicket,
  requirementWithTicketDemand,
  satisfactionInReply,
  ticketAnswer,
  ticketCommentBody,
  ticketCommentMarker,
  ticketFollowUpMessages,
  ticketLanguage,
  ticketNoticeMessages,
  ticketPartyLine,
  ticketWords,
  type TicketAnswer,
  type TicketFacts,
  type TicketParty,
} from '../../../src/domain/support-tickets';

const party = (overrides: Partial<TicketParty> = {}): TicketParty => ({
  accountId: 'qm:1',
  displayName: '李娜',
  email: 'li.na@example.com',
  organizations: ['中型汽车零部件制造商'],
  ...overrides,
});
const ticket = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  key: 'SUP-1',
  summary: '设备A的预警误报太多',
  description: '设备A的智能预警模块误报太多，影响正常生产。',
  raisedOn: '2024-05-03',
  reporter: party(),
  attachments: [],
  ...overrides,
});
const customer = (overrides: Partial<Customer> = {}): Customer => ({
  number: 'CUS202405001',
  name: '中型汽车零部件制造商',
  industry: 'C',
  type: 'key',
  staffBand: '300-999',
  revenueBand: '100m-400m',
  region: '江苏 苏州',
  contacts: [],
  trade: { firstDealOn: null, dealsLast12Months: 0, totalAmount: 0, renewed: false, complaints: 0 },
  version: 1,
  createdAt: '2024-05-01T00:00:00.000Z',
  updatedAt: '2024-05-01T00:00:00.000Z',
  erasedAt: null,
  ...overrides,
});
const contact = (email: string | null) => ({
  name: '李娜',
  role: '',
  preferredChannel: 'email' as const,
  email,
  phone: null,
  consentGivenOn: '2024-01-10',
});

describe('the ticket as the requirement records it', () => {
  test("the channel is the record's own support-ticket value; the link is Jira's Relates; a requirement follows a bounded number of tickets", () => {
    expect(RECORD_FIELDS.find((field) => field.name === 'sourceChannel')!.values).toContain(SUPPORT_TICKET_CHANNEL);
    expect(TICKET_LINK_TYPE).toBe('Relates');
    expect(MAX_TICKETS_PER_REQUIREMENT).toBeGreaterThan(0);
  });

  test.each([
    ['设备A误报太多', 'zh-CN'],
    ['Export to Excel, please', 'en-US'],
    ['Excel 导出', 'zh-CN'],
    ['', 'en-US'],
  ])('"%s" is answered in %s', (text, language) => {
    expect(ticketLanguage(text)).toBe(language);
  });

  test("the customer's words are the description, or the summary when the description is blank", () => {
    expect(ticketWords(ticket())).toBe('设备A的智能预警模块误报太多，影响正常生产。');
    expect(ticketWords(ticket({ description: '  ' }))).toBe('设备A的预警误报太多');
  });

  test('who raised it reads as one line, with e-mail and organizations when known', () => {
    expect(ticketPartyLine(party())).toBe('李娜 <li.na@example.com> (中型汽车零部件制造商)');
    expect(ticketPartyLine(party({ email: null, organizations: [] }))).toBe('李娜');
  });

  test('a new requirement keeps the summary (or the one chosen), the words and where they came from', () => {
    const draft = requirementDraftFromTicket(ticket());
    expect(draft).toEqual({
      summary: '设备A的预警误报太多',
      customerWords: '设备A的智能预警模块误报太多，影响正常生产。',
      descriptionLines: ['Raised from support ticket SUP-1 on 2024-05-03 by 李娜 <li.na@example.com> (中型汽车零部件制造商).'],
    });
    expect(requirementDraftFromTicket(ticket(), '  降低误报率 ').summary).toBe('降低误报率');
    expect(requirementDraftFromTicket(ticket(), '   ').summary).toBe('设备A的预警误报太多');
  });

  test('words longer than the field are cut there and kept whole in the description; attachments are referenced with their address', () => {
    const long = '误'.repeat(300);
    const draft = requirementDraftFromTicket(
      ticket({
        description: long,
        attachments: [
          { filename: 'a.xlsx', url: 'http://x/a.xlsx' },
          { filename: 'b.png', url: null },
        ],
      }),
    );
    expect(draft.customerWords).toHaveLength(255);
    expect(draft.customerWords.endsWith('…')).toBe(true);
    expect(draft.descriptionLines).toEqual([
      expect.stringContaining('SUP-1'),
      `Customer's words: ${long}`,
      'Attachments on SUP-1: a.xlsx (http://x/a.xlsx), b.png.',
    ]);
    expect(attachmentLines(ticket())).toEqual([]);
  });

  test('as demand the ticket adds its line to the words and one to the duplicate count', () => {
    expect(requirementWithTicketDemand({ customerWords: '原话', duplicateCount: 2 }, ticket(), '中型汽车零部件制造商')).toEqual({
      customerWords: '原话\n\n2024-05-03 support-ticket 中型汽车零部件制造商: 设备A的智能预警模块误报太多，影响正常生产。',
      duplicateCount: 3,
      leftOut: 0,
    });
    // Without a customer chosen: the organization, else the person.
    expect(requirementWithTicketDemand({ customerWords: null, duplicateCount: null }, ticket(), null).customerWords).toContain(
      'support-ticket 中型汽车零部件制造商:',
    );
    expect(
      requirementWithTicketDemand(
        { customerWords: null, duplicateCount: null },
        ticket({ reporter: party({ organizations: [] }) }),
        null,
      ).customerWords,
    ).toContain('support-ticket 李娜:');
  });
});

describe('the archive customers a reporter is', () => {
  test('a contact with the e-mail, then an organization, then a person of that name; each customer once, erased ones never', () => {
    const byEmail = customer({ number: 'CUS202405003', name: 'Other name', contacts: [contact(' LI.NA@example.com ')] });
    const byOrganization = customer({ number: 'CUS202405001' });
    const byName = customer({ number: 'CUS202405002', name: '李娜' });
    const both = customer({ number: 'CUS202405004', name: '中型汽车零部件制造商', contacts: [contact('li.na@example.com')] });
    const erased = anonymisedCustomer(
      customer({ number: 'CUS202405005', contacts: [contact('li.na@example.com')] }),
      '2024-06-01T00:00:00.000Z',
    );
    const unrelated = customer({ number: 'CUS202405006', name: 'Acme', contacts: [contact(null)] });
    expect(matchTicketCustomers(party(), [byName, byOrganization, byEmail, both, erased, unrelated, byOrganization])).toEqual([
      { number: 'CUS202405003', name: 'Other name', reason: 'contact-email' },
      { number: 'CUS202405004', name: '中型汽车零部件制造商', reason: 'contact-email' },
      { number: 'CUS202405001', name: '中型汽车零部件制造商', reason: 'organization' },
      { number: 'CUS202405002', name: '李娜', reason: 'name' },
    ]);
  });

  test('a better reason found later replaces a weaker one for the same customer', () => {
    const weak = customer({ number: 'CUS202405001' });
    const strong = customer({ number: 'CUS202405001', contacts: [contact('li.na@example.com')] });
    expect(matchTicketCustomers(party(), [weak, strong])).toEqual([
      { number: 'CUS202405001', name: '中型汽车零部件制造商', reason: 'contact-email' },
    ]);
    expect(matchTicketCustomers(party({ email: null }), [strong])).toEqual([
      { number: 'CUS202405001', name: '中型汽车零部件制造商', reason: 'organization' },
    ]);
  });

  test('no match: the organization (else the person) is offered, with the reporter as its contact', () => {
    expect(newCustomerOffer(party())).toEqual({
      name: '中型汽车零部件制造商',
      contact: { name: '李娜', email: 'li.na@example.com' },
    });
    expect(newCustomerOffer(party({ organizations: [], email: null }))).toEqual({
      name: '李娜',
      contact: { name: '李娜', email: null },
    });
  });
});

describe('what the app says on the ticket', () => {
  test('each comment ends with a marker naming the requirement, the kind and the round', () => {
    const marker = ticketCommentMarker('notice', 'REQ-5', '1714725000000');
    expect(marker).toBe('[Requirement Triage · REQ-5 · notice 1714725000000]');
    expect(ticketCommentBody('已解决。', marker)).toBe(`已解决。\n\n${marker}`);
    expect(ticketNoticeMessages({ summary: '误报过滤已上线' }, '设备A误报')).toEqual([
      { key: 'server.ticket.notice', params: { summary: '设备A误报', solution: '误报过滤已上线' } },
    ]);
    expect(ticketFollowUpMessages()).toEqual([{ key: 'server.ticket.follow_up' }]);
  });
});

describe("the customer's answer", () => {
  test.each([
    ['4', 4],
    ['误报少多了，打 4 分。', 4],
    ['4/5', null],
    ['５', 5],
    ['五星好评', 5],
    ['两分吧', 2],
    ['Rated 3 out of 5', null],
    ['3 — works', 3],
    ['It works well', null],
    ['Version 2.4 fixed it', null],
    ['15% fewer alarms', null],
    ['2 or 3', null],
    ['100%', null],
  ])('"%s" gives %s', (text, satisfaction) => {
    expect(satisfactionInReply(text)).toBe(satisfaction);
  });

  const reply = (
    body: string,
    created: string,
    overrides: Partial<{ authorAccountId: string | null; public: boolean }> = {},
  ) => ({ authorAccountId: 'qm:1', body, created, public: true, ...overrides });
  const askedAt = '2024-05-10T00:00:00.000Z';

  test("the reporter's newest readable public reply after the question is the answer", () => {
    const replies = [
      reply('5', '2024-05-09T00:00:00.000Z'),
      reply('4 分', '2024-05-11T00:00:00.000Z'),
      reply('谢谢', '2024-05-12T00:00:00.000Z'),
      reply('1', '2024-05-13T00:00:00.000Z', { public: false }),
      reply('2', '2024-05-13T00:00:00.000Z', { authorAccountId: 'agent' }),
    ];
    expect(ticketAnswer({ reporterAccountId: 'qm:1', askedAt, replies, feedback: { rating: 5, comment: 'fast' } })).toEqual({
      satisfaction: 4,
      comment: '4 分',
      source: 'reply',
    });
  });

  test("without a readable reply, JSM's own rating; without either, nothing", () => {
    expect(
      ticketAnswer({
        reporterAccountId: 'qm:1',
        askedAt,
        replies: [reply('thanks', '2024-05-11T00:00:00.000Z')],
        feedback: { rating: 5, comment: ' 回复很快 ' },
      }),
    ).toEqual({ satisfaction: 5, comment: '回复很快', source: 'csat' });
    expect(
      ticketAnswer({
        reporterAccountId: 'qm:1',
        askedAt: null,
        replies: [reply('4', '2024-05-11T00:00:00.000Z')],
        feedback: { rating: 3, comment: null },
      }),
    ).toEqual({ satisfaction: 3, comment: '', source: 'csat' });
    expect(
      ticketAnswer({ reporterAccountId: null, askedAt, replies: [reply('4', '2024-05-11T00:00:00.000Z')], feedback: null }),
    ).toBeNull();
    expect(ticketAnswer({ reporterAccountId: 'qm:1', askedAt, replies: [], feedback: { rating: 7, comment: null } })).toBeNull();
    expect(
      ticketAnswer({ reporterAccountId: 'qm:1', askedAt, replies: [], feedback: { rating: 4.5, comment: null } }),
    ).toBeNull();
  });

  const notice: CustomerNotice = {
    channel: 'email',
    at: askedAt,
    summary: '已上线',
    customers: ['CUS202405001', '华东物流集团'],
  };

  test('a ticket answers for the customer told that it stands for, by number or by name', () => {
    expect(noticeCustomerOf(notice, [{ number: 'CUS202405001', name: '中型汽车零部件制造商' }])).toBe('CUS202405001');
    expect(noticeCustomerOf(notice, [{ number: 'CUS202405009', name: '华东物流集团' }])).toBe('华东物流集团');
    expect(noticeCustomerOf(notice, [{ number: 'CUS202405009', name: null }])).toBeNull();
    expect(noticeCustomerOf(notice, [])).toBeNull();
  });

  test('the follow-up is made once every customer told has answered, and never over a recorded one', () => {
    const four: TicketAnswer = { satisfaction: 4, comment: 'ok', source: 'reply' };
    const five: TicketAnswer = { satisfaction: 5, comment: '', source: 'csat' };
    const at = '2024-05-12T00:00:00.000Z';
    expect(followUpFromTicketAnswers(notice, null, new Map([['CUS202405001', four]]), at)).toBeNull();
    expect(
      followUpFromTicketAnswers(
        notice,
        null,
        new Map([
          ['CUS202405001', four],
          ['华东物流集团', five],
        ]),
        at,
      ),
    ).toEqual({
      at,
      answers: [
        { customer: 'CUS202405001', satisfaction: 4, comment: 'ok' },
        { customer: '华东物流集团', satisfaction: 5, comment: '' },
      ],
    });
    expect(
      followUpFromTicketAnswers(
        notice,
        { at, answers: [] },
        new Map([
          ['CUS202405001', four],
          ['华东物流集团', five],
        ]),
        at,
      ),
    ).toBeNull();
  });
});
