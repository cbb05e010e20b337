import type { DeliveryView, ReviewConfirmation, ReviewPage, TriageView } from '../../src/shared/api';
import { testBuilders, WORKED_CASE } from '../support/builders';
import { type ACCOUNTS, resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * Accepting a requirement records the day, grade and due date once; a later grade change offers to
 * move the due date (move with the date seen, or keep, asked once per grade); and the monthly review
 * lists open requirements nobody re-scored for 30 days until someone confirms them.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const DAY_MS = 86_400_000;

const { rest, transition, advance, fieldId, today } = siteRest(env);
const { requirement } = testBuilders(env);
const plusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const deliveryRecord = (issueId: string) =>
  env.site.sandbox.store.get<{ value: { revision: number; accepted?: unknown; dueDateKeptFor?: string } }>(
    'kvs',
    `delivery:issue:${issueId}`,
  )?.value;

function data<T>(result: { ok: true; data: T } | { ok: false; error: { kind: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.data;
}

const onIssue = (key: string) => ({ issueKey: key });
const getDelivery = async (key: string) => data(await invoke<DeliveryView>('pm', 'panel', 'delivery.get', {}, onIssue(key)));
const score = async (key: string, inputs: Record<string, number>) =>
  data(await invoke<TriageView>('pm', 'panel', 'triage.save', { inputs }, onIssue(key)));

let key: string;
let acceptedOn: string;

beforeAll(async () => {
  key = await requirement({
    summary: 'False alarms of device A',
    fields: { Urgency: 4, Importance: 5, Feasibility: 3, 'Customer value': 5 },
  });
  await transition(key, 'Confirm');
  await transition(key, 'Accept');
  acceptedOn = await today();
}, 60_000);

describe('due date from the grade', () => {
  test('accepting records the day, the grade and the due date once, however often the event is replayed', async () => {
    const view = await getDelivery(key);
    expect(view).toMatchObject({
      acceptedOn,
      grade: 'A',
      dueDate: plusDays(acceptedOn, 60),
      daysLeft: 60,
      done: false,
      dueDateProposal: null,
      canEdit: true,
    });
    const before = deliveryRecord(env.site.issue(key).id)!;
    expect(before.accepted).toEqual({ on: acceptedOn, grade: 'A', dueDate: plusDays(acceptedOn, 60) });

    const trigger = env.site.sandbox.runtime.manifest.modules.trigger!.find((module) => module.key === 'rt-issue-events')!;
    const accept = {
      eventType: 'avi:jira:updated:issue',
      issue: { id: env.site.issue(key).id, key },
      changelog: { items: [{ field: 'status', fieldId: 'status', fromString: 'Analysing', toString: 'Pending' }] },
    };
    for (let replay = 0; replay < 3; replay += 1) await env.site.sandbox.runtime.redeliver(trigger, accept, key);
    expect(deliveryRecord(env.site.issue(key).id)).toEqual(before);
    expect(env.site.issue(key).fields.duedate).toBe(plusDays(acceptedOn, 60));
  });

  test('a grade change A → S offers the deadline for S; a stale move is a conflict; a move moves it', async () => {
    const saved = await score(key, { urgency: 5, feasibility: 5 });
    expect(saved.computed.priorityGrade).toBe('S');
    const offer = { fromGrade: 'A', toGrade: 'S', from: plusDays(acceptedOn, 60), to: plusDays(acceptedOn, 30) };
    expect((await getDelivery(key)).dueDateProposal).toEqual(offer);

    const stale = await invoke<DeliveryView>(
      'pm',
      'panel',
      'delivery.dueDate.move',
      { expectedDueDate: plusDays(acceptedOn, 59), toGrade: 'S' },
      onIssue(key),
    );
    expect(stale.ok ? null : stale.error.kind).toBe('conflict');
    const wrongGrade = await invoke<DeliveryView>(
      'pm',
      'panel',
      'delivery.dueDate.move',
      { expectedDueDate: offer.from, toGrade: 'B' },
      onIssue(key),
    );
    expect(wrongGrade.ok ? null : wrongGrade.error.kind).toBe('conflict');
    expect(env.site.issue(key).fields.duedate).toBe(offer.from);

    const moved = data(
      await invoke<DeliveryView>(
        'pm',
        'panel',
        'delivery.dueDate.move',
        { expectedDueDate: offer.from, toGrade: 'S' },
        onIssue(key),
      ),
    );
    expect(moved).toMatchObject({ dueDate: offer.to, dueDateProposal: null, daysLeft: 30 });
    expect(env.site.issue(key).fields.duedate).toBe(offer.to);
    // The moved date counts as the grade's: no offer now, and a repeated click changes nothing.
    expect((await getDelivery(key)).dueDateProposal).toBeNull();
    const repeated = data(
      await invoke<DeliveryView>(
        'pm',
        'panel',
        'delivery.dueDate.move',
        { expectedDueDate: offer.from, toGrade: 'S' },
        onIssue(key),
      ),
    );
    expect(repeated.dueDate).toBe(offer.to);
  });

  test('"Keep" is remembered for that grade and not asked again; another grade asks again', async () => {
    await score(key, { urgency: 4, feasibility: 3 });
    expect((await getDelivery(key)).dueDateProposal).toMatchObject({
      fromGrade: 'S',
      toGrade: 'A',
      to: plusDays(acceptedOn, 60),
    });
    const kept = data(await invoke<DeliveryView>('pm', 'panel', 'delivery.dueDate.keep', { grade: 'A' }, onIssue(key)));
    expect(kept.dueDateProposal).toBeNull();
    expect(deliveryRecord(env.site.issue(key).id)?.dueDateKeptFor).toBe('A');
    // Re-scoring to the same grade again: still not asked.
    await score(key, { customerValue: 4 });
    expect((await getDelivery(key)).grade).toBe('A');
    expect((await getDelivery(key)).dueDateProposal).toBeNull();
    await score(key, { urgency: 2, importance: 3 });
    expect((await getDelivery(key)).dueDateProposal).toMatchObject({ toGrade: 'B', to: plusDays(acceptedOn, 90) });
  });

  test('a due date a person set by hand is theirs: no offer', async () => {
    expect((await rest('PUT', `/rest/api/3/issue/${key}`, { fields: { duedate: plusDays(acceptedOn, 45) } })).status).toBe(204);
    await env.site.sandbox.idle();
    expect((await getDelivery(key)).dueDateProposal).toBeNull();
  });

  test('department and owner: shown, set with the value seen, a stale department is a conflict', async () => {
    const saved = data(
      await invoke<DeliveryView>(
        'pm',
        'panel',
        'delivery.responsibility.save',
        { department: '研发一部', expectedDepartment: null, assignToMe: true },
        onIssue(key),
      ),
    );
    expect(saved.responsibleDepartment).toBe('研发一部');
    expect(saved.owner?.displayName).toBeTruthy();
    expect(env.site.issue(key).fields[fieldId('Responsible department')]).toBe('研发一部');
    const stale = await invoke<DeliveryView>(
      'pm',
      'panel',
      'delivery.responsibility.save',
      { department: '产品部', expectedDepartment: null },
      onIssue(key),
    );
    expect(stale.ok ? null : stale.error.kind).toBe('conflict');
    const tooLong = await invoke<DeliveryView>(
      'pm',
      'panel',
      'delivery.responsibility.save',
      { department: 'x'.repeat(256) },
      onIssue(key),
    );
    expect(tooLong.ok ? null : tooLong.error.violations?.[0]?.field).toBe('department');
  });
});

describe('monthly review', () => {
  const list = async (account: keyof typeof ACCOUNTS = 'pm') =>
    data(await invoke<ReviewPage>(account, 'matrix', 'review.list', { projectKey: 'REQ' }, { projectKey: 'REQ' }));
  const allRows = async () => {
    const rows: ReviewPage['rows'] = [];
    let nextPageToken: string | null = null;
    do {
      const page: ReviewPage = data(
        await invoke<ReviewPage>('pm', 'matrix', 'review.list', { projectKey: 'REQ', nextPageToken }, { projectKey: 'REQ' }),
      );
      rows.push(...page.rows);
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
    return rows;
  };

  test('nothing is due while everything is younger than 30 days', async () => {
    const page = await list();
    expect(page).toMatchObject({ total: 0, reviewAfterDays: 30, canEdit: true });
    expect(await allRows()).toEqual([]);
  });

  test('31 days later the open requirements are listed, never reviewed first; confirming one removes it', async () => {
    // Two never reviewed, the grade-A one created first.
    const older = await requirement({
      fields: WORKED_CASE,
    });
    const newer = await requirement({ fields: { Urgency: 2, Importance: 2, Feasibility: 2, 'Customer value': 2 } });
    await advance('P31D');
    const now = await today();
    const page = await list();
    const rows = await allRows();
    expect(page.total).toBe(rows.length);
    expect(page.today).toBe(now);
    const keys = rows.map((row) => row.key);
    // Ours was re-scored on the panel (stamped), so it comes after the never-reviewed ones.
    expect(keys.at(-1)).toBe(key);
    expect(rows.at(-1)?.lastReviewedOn).toBe(acceptedOn);
    expect(rows.slice(0, -1).every((row) => row.lastReviewedOn === null)).toBe(true);
    // Never reviewed, oldest first.
    expect(keys.indexOf(older)).toBeGreaterThanOrEqual(0);
    expect(keys.indexOf(older)).toBeLessThan(keys.indexOf(newer));
    expect(rows.find((row) => row.key === older)).toMatchObject({ grade: 'A', weightedScore: 4.3, lastReviewedOn: null });
    // Done and closed requirements are not reviewed.
    const closed = rows.filter((row) => ['Done', 'Closed'].includes(row.status));
    expect(closed).toEqual([]);

    const confirmed = data(
      await invoke<ReviewConfirmation>('pm', 'matrix', 'review.confirm', { issueKey: older }, { projectKey: 'REQ' }),
    );
    expect(confirmed.row).toMatchObject({ key: older, lastReviewedOn: now, grade: 'A' });
    expect(confirmed.rescored).toEqual([]);
    expect((await allRows()).map((row) => row.key)).toEqual(keys.filter((candidate) => candidate !== older));
    expect((await list()).total).toBe(rows.length - 1);
  }, 120_000);

  test('a review page token from elsewhere is a validation error naming it', async () => {
    const result = await invoke<ReviewPage>(
      'pm',
      'matrix',
      'review.list',
      { projectKey: 'REQ', nextPageToken: 'not-a-token' },
      { projectKey: 'REQ' },
    );
    expect(result.ok ? null : result.error.violations?.[0]?.field).toBe('nextPageToken');
  });
});

describe('who may', () => {
  test('the manager may look but not move, keep, set the department or confirm; a guest may not look', async () => {
    const context = onIssue(key);
    for (const [resolver, payload] of [
      ['delivery.dueDate.move', { expectedDueDate: '2024-07-15', toGrade: 'S' }],
      ['delivery.dueDate.keep', { grade: 'S' }],
      ['delivery.responsibility.save', { department: 'x' }],
    ] as const) {
      const result = await invoke('manager', 'panel', resolver, payload, context);
      expect(result.ok ? 'ok' : result.error.kind).toBe('forbidden');
    }
    expect((await invoke('manager', 'panel', 'delivery.get', {}, context)).ok).toBe(true);
    const guest = await invoke('guest', 'panel', 'delivery.get', {}, context);
    expect(guest.ok ? 'ok' : guest.error.kind).toBe('forbidden');
    const confirm = await invoke('manager', 'matrix', 'review.confirm', { issueKey: key }, { projectKey: 'REQ' });
    expect(confirm.ok ? 'ok' : confirm.error.kind).toBe('forbidden');
    const review = await invoke('guest', 'matrix', 'review.list', { projectKey: 'REQ' }, { projectKey: 'REQ' });
    expect(review.ok ? 'ok' : review.error.kind).toBe('forbidden');
    expect(
      data(await invoke<ReviewPage>('manager', 'matrix', 'review.list', { projectKey: 'REQ' }, { projectKey: 'REQ' })).canEdit,
    ).toBe(false);
  });
});

test('every Jira call matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
