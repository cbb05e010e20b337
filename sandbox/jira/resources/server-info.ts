import { jiraTimestamp, type Route } from '../http';
import type { Site } from '../site';

/** Server info (platform REST v3). */
export class JiraServerInfo {
  constructor(private readonly site: Site) {}

  register(route: Route): void {
    route('GET', '/rest/api/3/serverInfo', () => ({
      status: 200,
      // serverTime follows the sandbox clock, so scheduled work that asks Jira for "now" sees clock jumps.
      body: {
        baseUrl: this.site.baseUrl(),
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100000,
        serverTitle: 'Jira sandbox',
        serverTime: jiraTimestamp(this.site.now()),
        serverTimeZone: this.site.options.timeZone ?? 'UTC',
      },
    }));
  }
}
