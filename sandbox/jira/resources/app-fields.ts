import type { StoreWrite } from '../../store/durable-store';
import { isPlainObject } from '../../../src/domain/checks';
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
import { COLLECTIONS, type FieldRecord, type FieldValidation, type IssueRecord } from '../model';
import type { Site } from '../site';
import type { JiraIssueFields } from './issue-fields';
import type { JiraIssues } from './issues';

export interface AppFieldDeclaration {
  moduleKey: string;
  name: string;
  type: 'number' | 'string' | 'date';
  /** A Forge `collection: list` field holds a list of `type` values (Jira's schema says array of them). */
  collection?: 'list';
  readOnly: boolean;
  description?: string;
  /** The module's `edit.validation`: Jira evaluates it when an issue is created or edited, not on the app's own writes. */
  validation?: FieldValidation;
}

/**
 * Issue custom field values (apps), platform REST v3: the fields an installed app provides, and the
 * app's own writes of their values (which Jira does not validate with the field's expression).
 */
export class JiraAppFields {
  constructor(
    private readonly site: Site,
    private readonly fields: JiraIssueFields,
    private readonly issues: JiraIssues,
  ) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('PUT', `${api}/app/field/{field}/value`, (request, principal, [field]) =>
      this.setAppFieldValue(request, principal, field!),
    );
    route('POST', `${api}/app/field/value`, (request, principal) => this.setAppFieldValues(request, principal));
  }

  /** Registers the app's custom fields, as installing the app does. Idempotent. */
  installAppFields(appId: string, environmentId: string, fields: AppFieldDeclaration[]): void {
    const writes: StoreWrite[] = [];
    const existing = this.site.store.list<FieldRecord>(COLLECTIONS.fields);
    const counters = this.site.counters();
    for (const declaration of fields) {
      // An expression the emulator cannot evaluate stops the install rather than passing every value.
      if (declaration.validation) this.fields.parsedExpression(declaration.validation.expression);
      const custom = `ari:cloud:ecosystem::extension/${appId}/${environmentId}/static/${declaration.moduleKey}`;
      const current = existing.find((field) => field.schema.custom === custom);
      const customId = current?.schema.customId ?? Number(this.site.nextId(counters, 'field'));
      const id = `customfield_${customId}`;
      writes.push({
        collection: COLLECTIONS.fields,
        id,
        value: {
          id,
          name: declaration.name,
          custom: true,
          schema:
            declaration.collection === 'list'
              ? { type: 'array', items: declaration.type, custom, customId }
              : { type: declaration.type, custom, customId },
          readOnly: declaration.readOnly,
          ...(declaration.validation ? { validation: declaration.validation } : {}),
          searchable: true,
          orderable: true,
          navigable: true,
          clauseNames: [`cf[${customId}]`, declaration.name],
        } satisfies FieldRecord,
      });
    }
    writes.push(this.site.counterWrite(counters));
    this.site.store.commit(writes);
  }

  private requireAppField(fieldIdOrKey: string, principal: Principal): FieldRecord {
    if (principal.kind !== 'app') throw forbidden('Only the app that provides a field can set its value through this resource.');
    const field = this.site.store
      .list<FieldRecord>(COLLECTIONS.fields)
      .find(
        (candidate) => candidate.id === fieldIdOrKey && candidate.schema.custom?.startsWith('ari:cloud:ecosystem::extension/'),
      );
    if (!field) throw notFound(`The field ${fieldIdOrKey} does not exist or is not provided by the app.`);
    // Each environment of an app provides its own fields; another environment is not their app.
    const provider =
      principal.environmentId === undefined
        ? undefined
        : `ari:cloud:ecosystem::extension/${principal.appId}/${principal.environmentId}/static/`;
    if (provider && !field.schema.custom!.startsWith(provider))
      throw forbidden(
        `The field ${field.id} is provided by another app or app environment; only its own app environment can set its value.`,
      );
    return field;
  }

  private applyAppFieldUpdates(
    updates: { field: FieldRecord; issueIds: unknown[]; value: unknown }[],
    generateChangelog: boolean,
    principal: Principal,
  ): void {
    const errors: string[] = [];
    const perIssue = new Map<string, Record<string, unknown>>();
    for (const { field, issueIds, value } of updates) {
      const converted: Record<string, unknown> = {};
      const problem = this.fields.convertCustomValue(field, value, converted);
      if (problem) errors.push(`${field.id}: ${problem}`);
      for (const issueId of issueIds) {
        if (!this.site.store.has(COLLECTIONS.issues, String(issueId))) errors.push(`Issue ${String(issueId)} does not exist.`);
        else perIssue.set(String(issueId), { ...perIssue.get(String(issueId)), ...converted });
      }
    }
    if (errors.length > 0) throw badRequest({}, errors);
    // One commit for the whole request (a re-scoring writes 1,000 values a call): an fsync per issue made the emulator, not Jira, the slow part.
    const counters = this.site.counters();
    const changes = [...perIssue].flatMap(
      ([issueId, values]) =>
        this.issues.changeOf(
          this.site.store.get<IssueRecord>(COLLECTIONS.issues, issueId)!,
          values,
          principal,
          generateChangelog,
          counters,
        ) ?? [],
    );
    if (changes.length === 0) return;
    this.site.store.commit([...changes.flatMap((change) => change.writes), this.site.counterWrite(counters)]);
    for (const change of changes) this.site.deliver(change.event);
  }

  private setAppFieldValue(request: EmulatorRequest, principal: Principal, fieldIdOrKey: string): EmulatorResponse {
    const field = this.requireAppField(fieldIdOrKey, principal);
    const body = isPlainObject(request.body) ? request.body : {};
    const updates = Array.isArray(body.updates) ? body.updates.filter(isPlainObject) : [];
    if (updates.length === 0) throw badRequest({}, ['updates must list at least one update.']);
    this.applyAppFieldUpdates(
      updates.map((update) => ({ field, issueIds: Array.isArray(update.issueIds) ? update.issueIds : [], value: update.value })),
      queryValue(request.query, 'generateChangelog') !== 'false',
      principal,
    );
    return { status: 204 };
  }

  private setAppFieldValues(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (principal.kind !== 'app') throw forbidden('Only the app that provides a field can set its value through this resource.');
    const body = isPlainObject(request.body) ? request.body : {};
    const updates = Array.isArray(body.updates) ? body.updates.filter(isPlainObject) : [];
    if (updates.length === 0) throw badRequest({}, ['updates must list at least one update.']);
    // The documentation names no maximum; the app keeps to 1,000 and the emulator holds it there (docs/PLATFORM.md).
    if (updates.reduce((sum, update) => sum + (Array.isArray(update.issueIds) ? update.issueIds.length : 0), 0) > 1000) {
      throw badRequest({}, ['At most 1000 issue values can be updated in one request.']);
    }
    // "Combinations of custom field and issue should be unique within the request."
    const pairs = updates.flatMap((update) =>
      (Array.isArray(update.issueIds) ? update.issueIds : []).map(
        (issueId) => `${String(update.customField)}/${String(issueId)}`,
      ),
    );
    if (new Set(pairs).size !== pairs.length)
      throw badRequest({}, ['Combinations of custom field and issue must be unique within the request.']);
    this.applyAppFieldUpdates(
      updates.map((update) => ({
        field: this.requireAppField(String(update.customField ?? ''), principal),
        issueIds: Array.isArray(update.issueIds) ? update.issueIds : [],
        value: update.value,
      })),
      queryValue(request.query, 'generateChangelog') !== 'false',
      principal,
    );
    return { status: 204 };
  }
}
