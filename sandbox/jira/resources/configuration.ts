import type { DurableStore, StoreWrite } from '../../store/durable-store';
import {
  badRequest,
  forbidden,
  notFound,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type Route,
} from '../http';
import { COLLECTIONS, type FieldRecord } from '../model';
import type { Site } from '../site';

/**
 * Project configuration of the emulated site: issue type screen schemes → screen schemes → screens
 * with tabs and fields, as a company-managed project has them. Shapes follow the platform REST v3
 * spec (PageBeanIssueTypeScreenSchemesProjects, ScreenScheme, ScreenableTab, ScreenableField).
 */

export const CONFIG_COLLECTIONS = {
  screens: 'jira-screens',
  screenSchemes: 'jira-screen-schemes',
  issueTypeScreenSchemes: 'jira-issue-type-screen-schemes',
} as const;

export interface ScreenRecord {
  id: string;
  name: string;
  description: string;
  tabs: { id: number; name: string; fieldIds: string[] }[];
}

export interface ScreenSchemeRecord {
  id: string;
  name: string;
  description: string;
  /** Screen ids by operation; `default` serves every operation without its own screen. */
  screens: { default: string; create?: string; edit?: string; view?: string };
}

export interface IssueTypeScreenSchemeRecord {
  id: string;
  name: string;
  description: string;
  /** Screen scheme ids by issue type id, plus `default` for every other issue type. */
  mappings: Record<string, string>;
  projectIds: string[];
}

/** The fields Jira puts on a new project's screens, in Jira's order. */
const STANDARD_SCREEN_FIELDS = ['summary', 'issuetype', 'reporter', 'description', 'duedate', 'priority', 'labels', 'assignee'];

/** Jira's own default scheme (id 1): used by every project that has no scheme of its own. */
const DEFAULT_ISSUE_TYPE_SCREEN_SCHEME_ID = '1';

export class JiraConfiguration {
  constructor(private readonly site: Site) {}

  private get store(): DurableStore {
    return this.site.store;
  }

  /** Jira's default screen, screen scheme and issue type screen scheme, for a fresh site. */
  static initialCollections(): Record<string, Record<string, unknown>> {
    return {
      [CONFIG_COLLECTIONS.screens]: {
        '1': {
          id: '1',
          name: 'Default Screen',
          description: 'Allows to update all system fields.',
          tabs: [{ id: 10000, name: 'Field Tab', fieldIds: [...STANDARD_SCREEN_FIELDS] }],
        } satisfies ScreenRecord,
      },
      [CONFIG_COLLECTIONS.screenSchemes]: {
        '1': {
          id: '1',
          name: 'Default Screen Scheme',
          description: 'Default Screen Scheme',
          screens: { default: '1' },
        } satisfies ScreenSchemeRecord,
      },
      [CONFIG_COLLECTIONS.issueTypeScreenSchemes]: {
        [DEFAULT_ISSUE_TYPE_SCREEN_SCHEME_ID]: {
          id: DEFAULT_ISSUE_TYPE_SCREEN_SCHEME_ID,
          name: 'Default Issue Type Screen Scheme',
          description: 'The default issue type screen scheme',
          mappings: { default: '1' },
          projectIds: [],
        } satisfies IssueTypeScreenSchemeRecord,
      },
    };
  }

  /**
   * A new company-managed project gets its own create screen and edit/view screen, a screen scheme
   * using them and an issue type screen scheme mapping every issue type to it, as Jira's templates do.
   */
  provisionProject(project: { id: string; key: string }, nextId: (name: string) => string): StoreWrite[] {
    const tab = (): ScreenRecord['tabs'][number] => ({
      id: Number(nextId('screenTab')),
      name: 'Field Tab',
      fieldIds: [...STANDARD_SCREEN_FIELDS],
    });
    const create: ScreenRecord = {
      id: nextId('screen'),
      name: `${project.key}: Create Issue Screen`,
      description: '',
      tabs: [tab()],
    };
    const editView: ScreenRecord = {
      id: nextId('screen'),
      name: `${project.key}: Edit/View Issue Screen`,
      description: '',
      tabs: [tab()],
    };
    const screenScheme: ScreenSchemeRecord = {
      id: nextId('screenScheme'),
      name: `${project.key}: Screen Scheme`,
      description: '',
      screens: { default: editView.id, create: create.id },
    };
    const issueTypeScreenScheme: IssueTypeScreenSchemeRecord = {
      id: nextId('issueTypeScreenScheme'),
      name: `${project.key}: Issue Type Screen Scheme`,
      description: '',
      mappings: { default: screenScheme.id },
      projectIds: [project.id],
    };
    return [
      { collection: CONFIG_COLLECTIONS.screens, id: create.id, value: create },
      { collection: CONFIG_COLLECTIONS.screens, id: editView.id, value: editView },
      { collection: CONFIG_COLLECTIONS.screenSchemes, id: screenScheme.id, value: screenScheme },
      { collection: CONFIG_COLLECTIONS.issueTypeScreenSchemes, id: issueTypeScreenScheme.id, value: issueTypeScreenScheme },
    ];
  }

  register(route: Route): void {
    const api = '/rest/api/3';
    route('GET', `${api}/issuetypescreenscheme/project`, (request, principal) =>
      this.screenSchemesForProjects(request, principal),
    );
    route('GET', `${api}/issuetypescreenscheme/mapping`, (request, principal) => this.screenSchemeMappings(request, principal));
    route('GET', `${api}/screenscheme`, (request, principal) => this.screenSchemes(request, principal));
    route('GET', `${api}/screens/{screenId}/tabs`, (_r, principal, [screenId]) => this.tabs(principal, screenId!));
    route('GET', `${api}/screens/{screenId}/tabs/{tabId}/fields`, (_r, principal, [screenId, tabId]) =>
      this.tabFields(principal, screenId!, tabId!),
    );
    route('POST', `${api}/screens/{screenId}/tabs/{tabId}/fields`, (request, principal, [screenId, tabId]) =>
      this.addTabField(request, principal, screenId!, tabId!),
    );
  }

  private requireAdmin(principal: Principal): void {
    if (!this.site.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to manage screens.');
  }

  /** Page of `values` from startAt/maxResults, in the PageBean shape. */
  private page(request: EmulatorRequest, all: unknown[], limit = 50): Record<string, unknown> {
    const startAt = Math.max(0, Number(queryValue(request.query, 'startAt') ?? 0) || 0);
    const maxResults = Math.min(Math.max(1, Number(queryValue(request.query, 'maxResults') ?? limit) || limit), limit);
    const values = all.slice(startAt, startAt + maxResults);
    return { startAt, maxResults, total: all.length, isLast: startAt + values.length >= all.length, values };
  }

  private schemeOfProject(projectId: string): IssueTypeScreenSchemeRecord | undefined {
    const schemes = this.store.list<IssueTypeScreenSchemeRecord>(CONFIG_COLLECTIONS.issueTypeScreenSchemes);
    return (
      schemes.find((scheme) => scheme.projectIds.includes(projectId)) ??
      schemes.find((scheme) => scheme.id === DEFAULT_ISSUE_TYPE_SCREEN_SCHEME_ID)
    );
  }

  private screenSchemesForProjects(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const projectIds = ([] as string[]).concat(request.query.projectId ?? []).flatMap((id) => id.split(','));
    if (projectIds.length === 0) throw badRequest({}, ['projectId is required.']);
    // One entry per scheme, naming the requested projects that use it; unknown projects are ignored.
    const bySchemeId = new Map<string, { issueTypeScreenScheme: Record<string, string>; projectIds: string[] }>();
    for (const projectId of projectIds) {
      if (!this.store.has(COLLECTIONS.projects, projectId)) continue;
      const scheme = this.schemeOfProject(projectId);
      if (!scheme) continue;
      const entry = bySchemeId.get(scheme.id) ?? {
        issueTypeScreenScheme: { id: scheme.id, name: scheme.name, description: scheme.description },
        projectIds: [],
      };
      entry.projectIds.push(projectId);
      bySchemeId.set(scheme.id, entry);
    }
    return { status: 200, body: this.page(request, [...bySchemeId.values()]) };
  }

  private screenSchemeMappings(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const ids = ([] as string[]).concat(request.query.issueTypeScreenSchemeId ?? []).flatMap((id) => id.split(','));
    const all = this.store
      .list<IssueTypeScreenSchemeRecord>(CONFIG_COLLECTIONS.issueTypeScreenSchemes)
      .filter((scheme) => ids.length === 0 || ids.includes(scheme.id))
      .flatMap((scheme) =>
        Object.entries(scheme.mappings).map(([issueTypeId, screenSchemeId]) => ({
          issueTypeId,
          issueTypeScreenSchemeId: scheme.id,
          screenSchemeId,
        })),
      );
    return { status: 200, body: this.page(request, all) };
  }

  private screenSchemes(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const ids = ([] as string[]).concat(request.query.id ?? []).flatMap((id) => id.split(','));
    const all = this.store
      .list<ScreenSchemeRecord>(CONFIG_COLLECTIONS.screenSchemes)
      .filter((scheme) => ids.length === 0 || ids.includes(scheme.id))
      .map((scheme) => ({
        id: Number(scheme.id),
        name: scheme.name,
        description: scheme.description,
        screens: Object.fromEntries(Object.entries(scheme.screens).map(([operation, screenId]) => [operation, Number(screenId)])),
      }));
    return { status: 200, body: this.page(request, all, 100) };
  }

  private requireScreen(screenId: string): ScreenRecord {
    const screen = this.store.get<ScreenRecord>(CONFIG_COLLECTIONS.screens, screenId);
    if (!screen) throw notFound(`The screen with id ${screenId} does not exist.`);
    return screen;
  }

  private requireTab(screen: ScreenRecord, tabId: string): ScreenRecord['tabs'][number] {
    const tab = screen.tabs.find((candidate) => String(candidate.id) === tabId);
    if (!tab) throw notFound(`The screen tab with id ${tabId} does not exist.`);
    return tab;
  }

  private tabs(principal: Principal, screenId: string): EmulatorResponse {
    this.requireAdmin(principal);
    return { status: 200, body: this.requireScreen(screenId).tabs.map((tab) => ({ id: tab.id, name: tab.name })) };
  }

  private tabFields(principal: Principal, screenId: string, tabId: string): EmulatorResponse {
    this.requireAdmin(principal);
    const tab = this.requireTab(this.requireScreen(screenId), tabId);
    return {
      status: 200,
      body: tab.fieldIds.map((id) => ({ id, name: this.store.get<FieldRecord>(COLLECTIONS.fields, id)?.name ?? id })),
    };
  }

  private addTabField(request: EmulatorRequest, principal: Principal, screenId: string, tabId: string): EmulatorResponse {
    this.requireAdmin(principal);
    const screen = this.requireScreen(screenId);
    const tab = this.requireTab(screen, tabId);
    const body = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const fieldId = typeof body.fieldId === 'string' ? body.fieldId : '';
    const field = this.store.get<FieldRecord>(COLLECTIONS.fields, fieldId);
    if (!field) throw badRequest({}, [`The field with id ${fieldId} does not exist.`]);
    // A field appears at most once per screen, whichever tab holds it.
    if (screen.tabs.some((candidate) => candidate.fieldIds.includes(fieldId)))
      throw badRequest({}, [`The field ${fieldId} already exists on the screen.`]);
    const tabs = screen.tabs.map((candidate) =>
      candidate === tab ? { ...candidate, fieldIds: [...candidate.fieldIds, fieldId] } : candidate,
    );
    this.store.commit([{ collection: CONFIG_COLLECTIONS.screens, id: screen.id, value: { ...screen, tabs } }]);
    return { status: 200, body: { id: field.id, name: field.name } };
  }
}
