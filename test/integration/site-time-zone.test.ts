import type { DeliveryView, RequirementPage, ReviewConfirmation, ReviewPage } from '../../src/shared/api';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * "Today" is the site's day: Jira's time in the site's default time zone (serverInfo.serverTimeZone).
 * The sandbox runs the site in a zone east of UTC (Asia/Shanghai, UTC+8) and one west of it
 * (America/Bogota, UTC-5, no daylight saving); in each, a requirement due on day D goes overdue at
 * local midnight, and acceptance days, due dates and review stamps follow the local calendar.
 */

const HOUR_MS = 3_600_000;

describe.each([
  ['Asia/Shanghai', '+08:00'],
  ['America/Bogota', '-05:00'],
])('a site in %s', (timeZone, offset) => {
  const env = useTestSandbox({ timeZone });
  const invoke = resolverCaller(env);

  const localDay = (instant: number): string => new Date(instant).toLocaleDateString('en-CA', { timeZone });
  const plusDays = (day: string, days: number): string =>
    new Date(Date.parse(`${day}T00:00:00Z`) + days * 24 * HOUR_MS).toISOString().slice(0, 10);
  const clockNow = async (): Promise<number> =>
    Date.parse(((await (await fetch(`${env.site.url}/__sandbox/clock`)).json()) as { now: string }).now);
  const advanceTo = async (instant: number): Promise<void> => {
    const seconds = Math.floor((instant - (await clockNow())) / 1000);
    expect(seconds).toBeGreaterThan(0);
    const response = await fetch(`${env.site.url}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: `PT${seconds}S` }),
    });
    expect(response.status).toBe(200);
    await env.site.sandbox.idle();
  };
  const { rest, transition, fieldId } = siteRest(env);
  const createRequirement = async (summary: string, duedate?: string): Promise<string> => {
    const created = await rest('POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'REQ' },
        issuetype: { name: 'Requirement' },
        summary,
        ...(duedate ? { duedate } : {}),
        [fieldId('Urgency')]: 4,
        [fieldId('Importance')]: 5,
        [fieldId('Feasibility')]: 3,
        [fieldId('Customer value')]: 5,
      },
    });
    expect(created.status).toBe(201);
    await env.site.sandbox.idle();
    return String(created.body.key);
  };
  const overdueComments = async (key: string): Promise<string[]> => {
    const { body } = await rest('GET', `/rest/api/3/issue/${key}/comment`);
    return (body.comments as { body: unknown }[])
      .map((comment) => JSON.stringify(comment.body))
      .filter((text) => text.includes('overdue'));
  };
  const data = <T>(result: { ok: true; data: T } | { ok: false; error: { kind: string; message: string } }): T => {
    if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
    return result.data;
  };

  test('serverInfo reports the site zone', async () => {
    const { body } = await rest('GET', '/rest/api/3/serverInfo');
    expect(body.serverTimeZone).toBe(timeZone);
  });

  test('a requirement due on day D goes overdue at local midnight, not at UTC midnight; the due date on acceptance and the review stamp use the local day', async () => {
    // The first local midnight at least an hour away, and the day D that ends there.
    let midnight = Date.parse(`${plusDays(localDay(await clockNow()), 1)}T00:00:00${offset}`);
    if (midnight - (await clockNow()) < HOUR_MS) midnight += 24 * HOUR_MS;
    const dayD = localDay(midnight - 1);
    const next = localDay(midnight + 1);
    expect(next).toBe(plusDays(dayD, 1));
    const due = await createRequirement('Due on day D', dayD);

    await advanceTo(midnight - 10 * 60_000);
    expect(await overdueComments(due)).toEqual([]);
    const before = data(await invoke<DeliveryView>('pm', 'panel', 'delivery.get', {}, { issueKey: due }));
    expect(before).toMatchObject({ today: dayD, daysLeft: 0 });
    expect(data(await invoke<ReviewPage>('pm', 'matrix', 'review.list', {}, { projectKey: 'REQ' })).today).toBe(dayD);

    await advanceTo(midnight + 10 * 60_000);
    const comments = await overdueComments(due);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(`was due on ${dayD} and is 1 day overdue`);
    expect(data(await invoke<DeliveryView>('pm', 'panel', 'delivery.get', {}, { issueKey: due }))).toMatchObject({
      today: next,
      daysLeft: -1,
    });
    expect(data(await invoke<ReviewPage>('pm', 'matrix', 'review.list', {}, { projectKey: 'REQ' })).today).toBe(next);

    // Ten minutes into the local day, UTC is on another date in one of the two zones: acceptance counts the local one.
    const accepted = await createRequirement('Accepted just after local midnight');
    await transition(accepted, 'Confirm');
    await transition(accepted, 'Accept');
    expect(data(await invoke<DeliveryView>('pm', 'panel', 'delivery.get', {}, { issueKey: accepted }))).toMatchObject({
      acceptedOn: next,
      grade: 'A',
      dueDate: plusDays(next, 60),
    });
    const reviewed = data(
      await invoke<ReviewConfirmation>('pm', 'matrix', 'review.confirm', { issueKey: accepted }, { projectKey: 'REQ' }),
    );
    expect(reviewed.row.lastReviewedOn).toBe(next);
    expect(env.site.sandbox.contractViolations).toEqual([]);
  });

  test('the matrix’s first page of requirements brings the site’s day for the ranked list’s late marks, not UTC’s; the further pages do not ask for it', async () => {
    // The next whole hour at which the local calendar and UTC's are on different days.
    let instant = Math.ceil((await clockNow()) / HOUR_MS) * HOUR_MS + HOUR_MS;
    while (localDay(instant) === new Date(instant).toISOString().slice(0, 10)) instant += HOUR_MS;
    await advanceTo(instant + 60_000);
    const first = data(
      await invoke<RequirementPage>('pm', 'matrix', 'requirements.list', { projectKey: 'REQ' }, { projectKey: 'REQ' }),
    );
    expect(first.siteToday).toBe(localDay(instant));
    expect(first.siteToday).not.toBe(new Date(instant).toISOString().slice(0, 10));
    for (const token of first.pageTokens ?? []) {
      expect(
        data(
          await invoke<RequirementPage>(
            'pm',
            'matrix',
            'requirements.list',
            { projectKey: 'REQ', nextPageToken: token },
            { projectKey: 'REQ' },
          ),
        ).siteToday,
      ).toBeUndefined();
    }
  });
});
