import { dayInZone } from '../domain/delivery/deadlines';
import type { JiraClient } from '../jira/client';

export interface SiteClock {
  /** Jira's time, not this function's clock. */
  now: Date;
  /** The site's calendar day at `now`, in the site's default time zone. */
  today: string;
  timeZone: string | null;
  /** The site's address (serverInfo.baseUrl), null when Jira did not say. */
  baseUrl: string | null;
}

/**
 * "Today" for due dates, reminders and the review is the site's day: Jira's time in the site's
 * default time zone (serverInfo.serverTimeZone), so a team in UTC+8 sees a requirement go overdue at
 * its own midnight, not at 08:00.
 */
export async function siteClock(jira: JiraClient): Promise<SiteClock> {
  const { now, timeZone, baseUrl } = await jira.getServerClock();
  return { now, today: dayInZone(now, timeZone), timeZone, baseUrl };
}
