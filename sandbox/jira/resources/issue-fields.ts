import { isPlainObject } from '../../../src/domain/checks';
import { evaluateValidation, parseJiraExpression, type ParsedJiraExpression } from '../expressions';
import { badRequest, type Principal, type Route } from '../http';
import { COLLECTIONS, NON_EDITABLE_FIELDS, PRIORITIES, type FieldRecord, type ProjectRecord } from '../model';
import { isAdf, type Site } from '../site';

const MAX_SUMMARY = 255;
/** Forge documents no maximum for a `string` field; Jira's single-line text field holds 255 characters (docs/PLATFORM.md). */
const MAX_APP_STRING = 255;
/** "A Forge custom field can store a collection of up to 100 values" (jira:customField, Collection types). */
const MAX_APP_LIST_ITEMS = 100;

/**
 * Issue fields and Issue priorities (platform REST v3): the field list, the priority list, and how a
 * value given for a field is checked and converted to what an issue stores (create, edit,
 * transition screens, and the app's own field values).
 */
export class JiraIssueFields {
  /** Parsed validation expressions by their text: parsing checks them once, at install. */
  private readonly parsedExpressions = new Map<string, ParsedJiraExpression>();

  constructor(private readonly site: Site) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('GET', `${api}/field`, () => ({
      status: 200,
      body: this.site.store.list<FieldRecord>(COLLECTIONS.fields).map((field) => this.fieldBean(field)),
    }));
    route('GET', `${api}/priority/search`, () => ({
      status: 200,
      body: {
        startAt: 0,
        maxResults: 50,
        total: PRIORITIES.length,
        isLast: true,
        values: PRIORITIES.map((priority) => this.site.priorityBean(priority.id)),
      },
    }));
  }

  parsedExpression(expression: string): ParsedJiraExpression {
    let parsed = this.parsedExpressions.get(expression);
    if (!parsed) {
      parsed = parseJiraExpression(expression);
      this.parsedExpressions.set(expression, parsed);
    }
    return parsed;
  }

  private fieldBean(field: FieldRecord): Record<string, unknown> {
    return {
      id: field.id,
      key: field.id,
      name: field.name,
      custom: field.custom,
      orderable: field.orderable,
      navigable: field.navigable,
      searchable: field.searchable,
      clauseNames: field.clauseNames,
      schema: field.schema,
    };
  }

  /**
   * Validates `fields` of a create or edit body the way Jira does and returns raw values to store.
   * Every problem is reported per field; nothing is written when any is found.
   */
  validateFieldValues(
    fields: Record<string, unknown>,
    project: ProjectRecord,
    creating: boolean,
    principal: Principal,
  ): Record<string, unknown> {
    const errors: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(fields)) {
      if (creating && id === 'project') continue;
      const field = this.site.fieldById(id);
      if (!field || NON_EDITABLE_FIELDS.has(id) || field.readOnly) {
        errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
        continue;
      }
      const problem =
        this.convertFieldValue(field, value, project, values) ?? this.validationProblem(field, values[id], principal);
      if (problem) errors[id] = problem;
    }
    if (creating) {
      if (!('summary' in fields)) errors.summary = 'You must specify a summary of the issue.';
      if (!('issuetype' in fields)) errors.issuetype = 'Specify an issue type';
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    return values;
  }

  /**
   * The app field's `edit.validation` on a value being set: Jira evaluates it whenever an issue is
   * created or edited (REST included) with `value` and `fieldId` in scope, and shows the manifest's
   * message, in the caller's language, when it is false. The app's own writes through
   * /app/field/value are not validated (applyAppFieldUpdates never calls this).
   */
  private validationProblem(field: FieldRecord, value: unknown, principal: Principal): string | undefined {
    if (!field.validation) return undefined;
    const user = principal.kind === 'user' ? this.site.findUser(principal.accountId) : undefined;
    const locale = (user?.locale ?? 'en_US').replace('_', '-');
    const message = field.validation.errorMessage[locale] ?? field.validation.errorMessage['en-US'] ?? 'The value is not valid.';
    const outcome = evaluateValidation(
      this.parsedExpression(field.validation.expression),
      { value: value ?? null, fieldId: field.id },
      message,
    );
    return outcome.valid ? undefined : outcome.message;
  }

  /** Converts one field value; returns an error message or writes into `out`. */
  private convertFieldValue(
    field: FieldRecord,
    value: unknown,
    project: ProjectRecord,
    out: Record<string, unknown>,
  ): string | undefined {
    const refOf = (input: unknown, keys: string[]): string | undefined => {
      if (!isPlainObject(input)) return undefined;
      for (const key of keys) if (typeof input[key] === 'string' || typeof input[key] === 'number') return String(input[key]);
      return undefined;
    };
    switch (field.id) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '') return 'You must specify a summary of the issue.';
        if (value.length > MAX_SUMMARY) return 'Summary must be less than 255 characters.';
        out.summary = value;
        return undefined;
      case 'description':
        if (value !== null && !isAdf(value))
          return 'Operation value must be an Atlassian Document (see the Atlassian Document Format).';
        out.description = value;
        return undefined;
      case 'issuetype': {
        const ref = refOf(value, ['id', 'name']);
        const type = this.site.projectIssueTypes(project).find((candidate) => candidate.id === ref || candidate.name === ref);
        if (!type || type.subtask) return 'Specify a valid issue type';
        out.issuetype = type.id;
        return undefined;
      }
      case 'assignee':
      case 'reporter': {
        if (value === null) {
          if (field.id === 'reporter') return 'Reporter is required.';
          out[field.id] = null;
          return undefined;
        }
        const accountId = refOf(value, ['accountId']);
        if (!accountId || !this.site.findUser(accountId)) return `User '${accountId ?? ''}' does not exist.`;
        out[field.id] = accountId;
        return undefined;
      }
      case 'priority': {
        const ref = refOf(value, ['id', 'name']);
        const priority = PRIORITIES.find((candidate) => candidate.id === ref || candidate.name === ref);
        if (!priority) return `The priority selected is invalid.`;
        out.priority = priority.id;
        return undefined;
      }
      case 'components': {
        const resolved = this.componentIds(value, project);
        if ('problem' in resolved) return resolved.problem;
        out.components = resolved.ids;
        return undefined;
      }
      case 'labels': {
        if (!Array.isArray(value) || value.some((label) => typeof label !== 'string'))
          return 'Field labels must be an array of strings.';
        const spaced = (value as string[]).find((label) => /\s/.test(label) || label === '');
        if (spaced !== undefined) return `The label '${spaced}' can't contain spaces.`;
        out.labels = [...new Set(value as string[])];
        return undefined;
      }
      case 'duedate':
        if (
          value !== null &&
          (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
        ) {
          return `Error parsing date string: ${String(value)}`;
        }
        out.duedate = value;
        return undefined;
      default:
        return this.convertCustomValue(field, value, out);
    }
  }

  convertCustomValue(field: FieldRecord, value: unknown, out: Record<string, unknown>): string | undefined {
    if (value === null) {
      out[field.id] = null;
      return undefined;
    }
    if (field.schema.type === 'array') {
      // Only lists of strings are declared by the app; an empty list clears the field, as in Jira.
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
        return 'Operation value must be a list of strings.';
      if (value.length > MAX_APP_LIST_ITEMS)
        return `The field can hold at most ${MAX_APP_LIST_ITEMS} values (got ${value.length}).`;
      const tooLong = (value as string[]).find((item) => item.length > MAX_APP_STRING);
      if (tooLong !== undefined)
        return `The entered text is too long. It exceeds the allowed limit of ${MAX_APP_STRING} characters.`;
      out[field.id] = value.length === 0 ? null : value;
      return undefined;
    }
    if (field.schema.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Operation value must be a number.';
    } else if (field.schema.type === 'date') {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
        return `Error parsing date string: ${String(value)}`;
    } else if (field.schema.type === 'string') {
      if (typeof value !== 'string') return 'Operation value must be a string.';
      if (value.length > MAX_APP_STRING)
        return `The entered text is too long. It exceeds the allowed limit of ${MAX_APP_STRING} characters.`;
    }
    out[field.id] = value;
    return undefined;
  }

  /**
   * Resolves `[{id}]` / `[{name}]` references against the project's components; names match
   * case-insensitively. Returns the ids to store or the message Jira gives for the first bad one.
   */
  private componentIds(value: unknown, project: ProjectRecord): { ids: string[] } | { problem: string } {
    if (value === null) return { ids: [] };
    if (!Array.isArray(value)) return { problem: 'Components must be a list of objects with an id or a name.' };
    const available = this.site.projectComponents(project);
    const ids: string[] = [];
    for (const ref of value) {
      const id = isPlainObject(ref) && (typeof ref.id === 'string' || typeof ref.id === 'number') ? String(ref.id) : undefined;
      const name = isPlainObject(ref) && typeof ref.name === 'string' ? ref.name : undefined;
      if (id === undefined && name === undefined)
        return { problem: 'Components must be a list of objects with an id or a name.' };
      const found = available.find((component) =>
        id !== undefined ? component.id === id : component.name.toLowerCase() === name!.toLowerCase(),
      );
      if (!found)
        return { problem: id !== undefined ? `Component id '${id}' is not valid` : `Component name '${name}' is not valid` };
      if (!ids.includes(found.id)) ids.push(found.id);
    }
    return { ids };
  }
}
