/**
 * Checks Jira REST traffic against Atlassian's published OpenAPI document (test/fixtures/jira-openapi).
 *
 * Why ajv with our own router rather than openapi-backend: openapi-backend only loads this document in
 * `quick` mode (its full mode rejects the spec's one `$ref` defect), and we need control it does not give:
 * Jira's comma-separated query lists, OpenAPI 3.0's readOnly/writeOnly rules for `required`, the
 * discriminator, the "no body on 204" rule and messages that name the offending property. The router is
 * small because every path parameter in this spec is a whole segment; ajv does the schema work. Each ajv
 * instance holds the whole document under SPEC_ID and compiles `$ref`s into it lazily, so we only pay for
 * the operations that are actually called, once each.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isPlainObject } from '../../src/domain/checks';

export interface ContractViolation {
  direction: 'request' | 'response';
  method: string;
  path: string;
  operationId?: string;
  status?: number;
  problems: string[];
}

export interface JiraContract {
  /** Finds the operation for a concrete path such as /rest/api/3/issue/REQ-1; undefined when the spec has no such path+method. */
  findOperation(method: string, path: string): { operationId: string; pathTemplate: string; deprecated: boolean } | undefined;
  /** query: parsed query parameters (string or string[] values); body: parsed JSON or undefined. */
  checkRequest(input: {
    method: string;
    path: string;
    query: Record<string, string | string[]>;
    headers?: Record<string, string>;
    body: unknown;
  }): ContractViolation | undefined;
  checkResponse(input: { method: string; path: string; status: number; body: unknown }): ContractViolation | undefined;
}

const DEFAULT_SPEC_PATH = path.resolve(__dirname, '../../test/fixtures/jira-openapi/swagger-v3.v3.json');
/** Key under which each ajv instance holds the whole document; schemas reference it as `${SPEC_ID}#/json/pointer`. */
const SPEC_ID = 'jira-openapi';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Enough to act on; an anyOf mismatch can otherwise produce dozens of lines. */
const MAX_PROBLEMS = 10;

const contracts = new Map<string, JiraContract>();

/** Loads (once per process and spec file) the contract. */
export function loadJiraContract(specPath: string = DEFAULT_SPEC_PATH): JiraContract {
  const key = path.resolve(specPath);
  let contract = contracts.get(key);
  if (!contract) {
    contract = new OpenApiContract(readFileSync(key, 'utf8'));
    contracts.set(key, contract);
  }
  return contract;
}

// ---------------------------------------------------------------------------------------------------------
// The parts of OpenAPI 3.0 we read. The document is a trusted fixture, so it is cast, not validated.

type JsonObject = Record<string, unknown>;
type Content = Record<string, { schema?: unknown }>;

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonObject;
}

interface OperationObject {
  operationId?: string;
  deprecated?: boolean;
  parameters?: (ParameterObject | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Content };
  responses?: Record<string, { content?: Content }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown> & { parameters?: OperationObject['parameters'] }>;
  components?: { schemas?: Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------------------
// Normalisation: makes ajv (JSON Schema draft-07) read the document the way OpenAPI 3.0 means it. Applied in
// memory; the fixture file stays byte-identical to Atlassian's.

type View = 'request' | 'response';

function normaliseDocument(text: string, view: View): OpenApiDocument {
  const document = JSON.parse(text) as OpenApiDocument;
  for (const schema of Object.values(document.components?.schemas ?? {})) normaliseSchema(schema, view);
  for (const pathItem of Object.values(document.paths)) {
    for (const [key, operation] of Object.entries(pathItem)) {
      if (key === 'parameters')
        for (const parameter of pathItem.parameters ?? []) normaliseSchema((parameter as ParameterObject).schema, view);
      if (!HTTP_METHODS.includes(key) || !isPlainObject(operation)) continue;
      const op = operation as OperationObject;
      for (const parameter of op.parameters ?? []) normaliseSchema((parameter as ParameterObject).schema, view);
      for (const media of Object.values(op.requestBody?.content ?? {})) normaliseSchema(media.schema, view);
      for (const response of Object.values(op.responses ?? {}))
        for (const media of Object.values(response.content ?? {})) normaliseSchema(media.schema, view);
    }
  }
  return document;
}

function normaliseSchema(schema: unknown, view: View): void {
  if (!isPlainObject(schema)) return;

  // The known defect (components/schemas/Fields/properties/issuetype): `$ref` with a sibling `description`.
  // OpenAPI 3.0 ignores a $ref's siblings and strict tools reject them; allOf keeps both meanings.
  if (typeof schema.$ref === 'string' && Object.keys(schema).length > 1) {
    const ref = schema.$ref;
    delete schema.$ref;
    schema.allOf = [{ $ref: ref }, ...(Array.isArray(schema.allOf) ? schema.allOf : [])];
  }

  // OpenAPI 3.0 `nullable` is honoured by ajv itself (it adds "null" to `type`), but an enum would still
  // reject null. Jira marks such fields nullable on purpose, so let null through.
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];

  // Generator slip (ApprovalConfiguration.exclude): the items' string enum copied onto the array itself,
  // which no array can satisfy. Drop it; the items keep their enum.
  if (schema.type === 'array' && Array.isArray(schema.enum) && !schema.enum.some(Array.isArray)) delete schema.enum;

  // OpenAPI: a required readOnly property is required in responses only, a required writeOnly one in requests only.
  if (Array.isArray(schema.required) && isPlainObject(schema.properties)) {
    const properties = schema.properties;
    const skip = view === 'request' ? 'readOnly' : 'writeOnly';
    schema.required = schema.required.filter(
      (name) => !(isPlainObject(properties[String(name)]) && (properties[String(name)] as JsonObject)[skip] === true),
    );
  }

  // The generator puts `additionalProperties: false` beside oneOf/anyOf/allOf (e.g. CustomFieldContextDefaultValue,
  // WorkflowCondition, JqlQueryClause). JSON Schema evaluates it against that object's own `properties` only,
  // so it would reject every property a branch defines. The branches carry their own additionalProperties.
  if (schema.additionalProperties === false && (schema.oneOf || schema.anyOf || schema.allOf)) delete schema.additionalProperties;

  rewriteDiscriminator(schema);

  for (const keyword of ['items', 'additionalProperties', 'not']) normaliseSchema(schema[keyword], view);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const branch of list) normaliseSchema(branch, view);
  }
  if (isPlainObject(schema.properties)) for (const property of Object.values(schema.properties)) normaliseSchema(property, view);
}

/**
 * OpenAPI's discriminator picks exactly one oneOf branch by a property value. Plain oneOf would instead
 * demand that exactly one branch matches, which fails whenever permissive branches overlap. Rewrite it as
 * "the property is one of the mapped values, and that value's schema applies" (if/then per value).
 */
function rewriteDiscriminator(schema: JsonObject): void {
  const discriminator = schema.discriminator;
  if (!isPlainObject(discriminator) || typeof discriminator.propertyName !== 'string' || !Array.isArray(schema.oneOf)) return;
  const property = discriminator.propertyName;
  const mapping = new Map<string, string>(
    Object.entries(isPlainObject(discriminator.mapping) ? discriminator.mapping : {}).map(([value, ref]) => [value, String(ref)]),
  );
  // Branches the mapping does not name are selected by their schema name (OpenAPI's implicit mapping).
  const mapped = new Set(mapping.values());
  for (const branch of schema.oneOf) {
    if (isPlainObject(branch) && typeof branch.$ref === 'string' && !mapped.has(branch.$ref))
      mapping.set(branch.$ref.split('/').pop() ?? branch.$ref, branch.$ref);
  }
  const selectors = [...mapping].map(([value, ref]) => ({
    if: { properties: { [property]: { const: value } }, required: [property] },
    then: { $ref: ref },
  }));
  delete schema.oneOf;
  schema.allOf = [
    ...(Array.isArray(schema.allOf) ? schema.allOf : []),
    { properties: { [property]: { enum: [...mapping.keys()] } }, required: [property] },
    ...selectors,
  ];
}

// ---------------------------------------------------------------------------------------------------------
// ajv set-up

function createAjv(document: OpenApiDocument | undefined, options: Options): Ajv {
  // strict:false: the document carries OpenAPI-only keywords (example, xml, discriminator, x-atlassian-*)
  // that ajv's strict mode would refuse. validateSchema:false: checking 2.3 MB against the draft-07
  // meta-schema costs ~40 ms per instance and tells us nothing. verbose: errors carry the data, for "got integer".
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, verbose: true, ...options });
  addFormats(ajv);
  // OpenAPI's own formats. int32 is the only one that constrains a JSON value further than `type` does.
  ajv.addFormat('int32', {
    type: 'number',
    validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', { type: 'string', validate: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ });
  ajv.addFormat('binary', { type: 'string', validate: () => true });
  // Replaces ajv-formats' `url`, whose regex wants a public host name and so rejects http://localhost:8080.
  ajv.addFormat('url', { type: 'string', validate: isAbsoluteUrl });
  if (document) ajv.addSchema(document as unknown as JsonObject, SPEC_ID);
  return ajv;
}

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** `{ $ref }` to a location inside the document, as a URI fragment (JSON pointer, then percent-encoded). */
function refTo(pointer: readonly string[]): JsonObject {
  return {
    $ref: `${SPEC_ID}#/${pointer.map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Routing

type Segment = { literal: string } | { parameter: string };

interface Operation {
  method: string;
  operationId: string;
  pathTemplate: string;
  deprecated: boolean;
  definition: OperationObject;
  /** JSON pointer of the operation object, for building `$ref`s. */
  pointer: readonly string[];
  parameters: ParameterObject[];
}

interface Route {
  template: string;
  segments: readonly Segment[];
  operations: Map<string, Operation>;
}

interface Match {
  operation: Operation;
  route: Route;
  /** Raw (still percent-encoded) path parameter values by name. */
  pathValues: Record<string, string>;
}

function buildRoutes(document: OpenApiDocument): Map<number, Route[]> {
  const bySegmentCount = new Map<number, Route[]>();
  for (const [template, pathItem] of Object.entries(document.paths)) {
    const segments: Segment[] = template
      .split('/')
      .map((part) => (/^\{[^}]+\}$/.test(part) ? { parameter: part.slice(1, -1) } : { literal: part }));
    const route: Route = { template, segments, operations: new Map() };
    const shared = (pathItem.parameters ?? []).map((parameter) => resolveParameter(document, parameter));
    for (const method of HTTP_METHODS) {
      const definition = pathItem[method];
      if (!isPlainObject(definition)) continue;
      const op = definition as OperationObject;
      const pointer = ['paths', template, method];
      const own = (op.parameters ?? []).map((parameter) => resolveParameter(document, parameter));
      // Operation-level parameters override path-level ones with the same name and location.
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      route.operations.set(method.toUpperCase(), {
        method: method.toUpperCase(),
        operationId: op.operationId ?? `${method.toUpperCase()} ${template}`,
        pathTemplate: template,
        deprecated: op.deprecated === true,
        definition: op,
        pointer,
        parameters,
      });
    }
    const list = bySegmentCount.get(segments.length) ?? [];
    list.push(route);
    bySegmentCount.set(segments.length, list);
  }
  return bySegmentCount;
}

function resolveParameter(document: OpenApiDocument, parameter: ParameterObject | { $ref: string }): ParameterObject {
  return '$ref' in parameter ? (resolveLocalRef(document, parameter.$ref) as unknown as ParameterObject) : parameter;
}

function resolveLocalRef(document: OpenApiDocument, ref: string): JsonObject {
  let node: unknown = document;
  for (const part of ref.replace(/^#\//, '').split('/'))
    node = isPlainObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  if (!isPlainObject(node)) throw new Error(`Unresolvable $ref ${ref} in the Jira spec`);
  return node;
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const part = parts[index]!;
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      if (part === '') return undefined; // path parameters are always required in OpenAPI
      values[segment.parameter] = part;
    }
  }
  return values;
}

/** Literal beats parameter at the first position where they differ (/issue/bulk over /issue/{issueIdOrKey}). */
function isMoreSpecific(candidate: Route, current: Route): boolean {
  for (let index = 0; index < candidate.segments.length; index++) {
    const a = 'literal' in candidate.segments[index]!;
    const b = 'literal' in current.segments[index]!;
    if (a !== b) return a;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// The contract

interface RequestValidators {
  parameters: ValidateFunction;
  body?: ValidateFunction;
  bodyAllowed: boolean;
  bodyRequired: boolean;
  query: Map<string, { isArray: boolean }>;
  headers: { name: string; lowerName: string }[];
}

/** A compiled response schema, or `any` when the status declares content without a JSON schema, or `none` when it declares no content. */
type ResponseRule = { kind: 'schema'; validate: ValidateFunction; trivial: boolean } | { kind: 'any' } | { kind: 'none' };

class OpenApiContract implements JiraContract {
  private readonly requestView: OpenApiDocument;
  private readonly routes: Map<number, Route[]>;
  private readonly bodyAjv: Ajv;
  private readonly parameterAjv: Ajv;
  private readonly responseAjv: Ajv;
  private readonly requestValidators = new Map<Operation, RequestValidators>();
  private readonly responseRules = new Map<string, ResponseRule>();

  constructor(specText: string) {
    this.requestView = normaliseDocument(specText, 'request');
    const responseView = normaliseDocument(specText, 'response');
    this.routes = buildRoutes(this.requestView);
    this.bodyAjv = createAjv(this.requestView, {});
    // Query, path and header values arrive as strings; coercion turns "50" into 50 and "true" into true.
    // Parameter schemas are inlined (see parameterSchema), so this instance does without the document.
    this.parameterAjv = createAjv(undefined, { coerceTypes: true });
    this.responseAjv = createAjv(responseView, {});
  }

  findOperation(method: string, path: string): { operationId: string; pathTemplate: string; deprecated: boolean } | undefined {
    const match = this.match(method, path);
    if (!match) return undefined;
    const { operationId, pathTemplate, deprecated } = match.operation;
    return { operationId, pathTemplate, deprecated };
  }

  checkRequest(input: {
    method: string;
    path: string;
    query: Record<string, string | string[]>;
    headers?: Record<string, string>;
    body: unknown;
  }): ContractViolation | undefined {
    const method = input.method.toUpperCase();
    const match = this.match(method, input.path);
    if (!match) return { direction: 'request', method, path: input.path, problems: [this.notInSpec(method, input.path)] };
    const { operation } = match;
    const validators = this.requestValidatorsFor(operation);
    const problems: string[] = [];
    if (operation.deprecated)
      problems.push(
        `${operation.operationId} (${method} ${operation.pathTemplate}) is deprecated in the spec; use its replacement`,
      );

    const pathValues: Record<string, string> = {};
    for (const [name, raw] of Object.entries(match.pathValues)) {
      try {
        pathValues[name] = decodeURIComponent(raw);
      } catch {
        problems.push(`path.${name}: "${raw}" is not valid percent-encoding`);
      }
    }
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(input.query)) {
      const declared = validators.query.get(name);
      const values = Array.isArray(value) ? value : [value];
      if (!declared) problems.push(`query.${name} is not a parameter of ${operation.operationId}`);
      else if (declared.isArray) {
        // form/explode (the OpenAPI default) sends repeated keys; Jira also documents comma-separated
        // lists for these parameters ("fields=summary,status"), so accept both.
        query[name] = values.flatMap((item) => item.split(',')).filter((item) => item !== '');
      } else if (values.length > 1) problems.push(`query.${name} is given ${values.length} times but takes a single value`);
      else if (values[0] !== undefined) query[name] = values[0];
    }
    const data: JsonObject = { path: pathValues, query };
    if (input.headers) {
      // Header names are case-insensitive; only the headers the operation declares are checked.
      const lower = new Map(Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]));
      data.header = Object.fromEntries(
        validators.headers.flatMap(({ name, lowerName }) => (lower.has(lowerName) ? [[name, lower.get(lowerName)]] : [])),
      );
    }
    if (!validators.parameters(data)) problems.push(...describeErrors(validators.parameters.errors, ''));

    if (input.body === undefined) {
      if (validators.bodyRequired) problems.push('body is required by the spec but none was sent');
    } else if (!validators.bodyAllowed) {
      problems.push(`body was sent but ${operation.operationId} declares no request body`);
    } else if (validators.body && !validators.body(input.body)) {
      problems.push(...describeErrors(validators.body.errors, 'body'));
    }

    return problems.length
      ? { direction: 'request', method, path: input.path, operationId: operation.operationId, problems: cap(problems) }
      : undefined;
  }

  checkResponse(input: { method: string; path: string; status: number; body: unknown }): ContractViolation | undefined {
    const method = input.method.toUpperCase();
    const match = this.match(method, input.path);
    if (!match)
      return {
        direction: 'response',
        method,
        path: input.path,
        status: input.status,
        problems: [this.notInSpec(method, input.path)],
      };
    const { operation } = match;
    const violation = (problems: string[]): ContractViolation => ({
      direction: 'response',
      method,
      path: input.path,
      operationId: operation.operationId,
      status: input.status,
      problems: cap(problems),
    });
    const rule = this.responseRuleFor(operation, input.status);
    if (!rule) {
      const declared = Object.keys(operation.definition.responses ?? {}).join(', ');
      return violation([`status ${input.status} is not declared for ${operation.operationId} (declared: ${declared})`]);
    }
    const empty = input.body === undefined || input.body === '';
    // HTTP forbids a body on 204/304, whatever the spec's content map says (Jira's lists `{}` for many 204s).
    if ((input.status === 204 || input.status === 304) && !empty)
      return violation([`status ${input.status} must not have a body`]);
    switch (rule.kind) {
      case 'none':
        // Jira documents most error statuses without content but sends an ErrorCollection; accept any body there.
        return input.status < 400 && !empty
          ? violation([`the spec declares no body for status ${input.status}, but one was returned`])
          : undefined;
      case 'any':
        return undefined;
      case 'schema':
        if (input.body === undefined)
          return rule.trivial
            ? undefined
            : violation([`body is missing; the spec declares a JSON body for status ${input.status}`]);
        if (rule.validate(input.body)) return undefined;
        // JSON carries no functions: Ajv reads `data[name]`, so a field Jira left out whose name is an
        // Object method (a change item's `toString`) shows up as a function. Such errors are not real.
        const errors = (rule.validate.errors ?? []).filter((error) => typeof error.data !== 'function');
        return errors.length === 0 ? undefined : violation(describeErrors(errors, 'body'));
    }
  }

  private match(method: string, path: string): Match | undefined {
    const upper = method.toUpperCase();
    const parts = path.split('/');
    let best: Match | undefined;
    for (const route of this.routes.get(parts.length) ?? []) {
      const operation = route.operations.get(upper);
      if (!operation) continue;
      const pathValues = matchSegments(route.segments, parts);
      if (pathValues && (!best || isMoreSpecific(route, best.route))) best = { operation, route, pathValues };
    }
    return best;
  }

  private notInSpec(method: string, path: string): string {
    const parts = path.split('/');
    const others = (this.routes.get(parts.length) ?? [])
      .filter((route) => matchSegments(route.segments, parts))
      .flatMap((route) => [...route.operations.keys()].map((m) => `${m} ${route.template}`));
    return `operation not in the spec: ${method} ${path}${others.length ? ` (the spec has ${others.join(', ')})` : ''}`;
  }

  private requestValidatorsFor(operation: Operation): RequestValidators {
    const cached = this.requestValidators.get(operation);
    if (cached) return cached;
    const locations: Record<'path' | 'query' | 'header', { properties: JsonObject; required: string[] }> = {
      path: { properties: {}, required: [] },
      query: { properties: {}, required: [] },
      header: { properties: {}, required: [] },
    };
    const query = new Map<string, { isArray: boolean }>();
    const headers: RequestValidators['headers'] = [];
    for (const definition of operation.parameters) {
      if (definition.in === 'cookie') continue;
      const location = locations[definition.in];
      location.properties[definition.name] = parameterSchema(definition, this.requestView);
      if (definition.required || definition.in === 'path') location.required.push(definition.name);
      if (definition.in === 'query') query.set(definition.name, { isArray: definition.schema?.type === 'array' });
      if (definition.in === 'header') headers.push({ name: definition.name, lowerName: definition.name.toLowerCase() });
    }
    const parameters = this.parameterAjv.compile({
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(locations).map(([name, location]) => [name, { type: 'object', ...location }]),
      ),
    });

    const requestBody = operation.definition.requestBody;
    const media = jsonMediaType(requestBody?.content);
    const body = media
      ? this.bodyAjv.compile(refTo([...operation.pointer, 'requestBody', 'content', media, 'schema']))
      : undefined;
    const validators: RequestValidators = {
      parameters,
      body,
      bodyAllowed: requestBody !== undefined,
      bodyRequired: requestBody?.required === true,
      query,
      headers,
    };
    this.requestValidators.set(operation, validators);
    return validators;
  }

  private responseRuleFor(operation: Operation, status: number): ResponseRule | undefined {
    const responses = operation.definition.responses ?? {};
    const key = [String(status), `${Math.floor(status / 100)}XX`, 'default'].find((candidate) => candidate in responses);
    if (key === undefined) return undefined;
    const cacheKey = `${operation.method} ${operation.pathTemplate} ${key}`;
    let rule = this.responseRules.get(cacheKey);
    if (!rule) {
      const content = responses[key]?.content;
      const media = jsonMediaType(content);
      if (media) {
        const schema = content?.[media]?.schema;
        const validate = this.responseAjv.compile(refTo([...operation.pointer, 'responses', key, 'content', media, 'schema']));
        rule = { kind: 'schema', validate, trivial: isPlainObject(schema) && Object.keys(schema).length === 0 };
      } else {
        rule = content && Object.keys(content).length ? { kind: 'any' } : { kind: 'none' };
      }
      this.responseRules.set(cacheKey, rule);
    }
    return rule;
  }
}

/** The JSON media type that has a schema (application/json preferred, then any +json); others are not checked. */
function jsonMediaType(content: Content | undefined): string | undefined {
  const types = Object.keys(content ?? {}).filter(
    (type) => isPlainObject(content?.[type]?.schema) && /^application\/(?:[\w.-]+\+)?json(?:;|$)/i.test(type),
  );
  return types.find((type) => type.toLowerCase() === 'application/json') ?? types[0];
}

/** Parameter schemas are a line or two each, so they are copied in with any $ref resolved. */
function parameterSchema(parameter: ParameterObject, document: OpenApiDocument): JsonObject {
  const schema = parameter.schema;
  if (!schema) return {};
  // Two project endpoints type a query list as an array of objects (StringList), which a query string
  // cannot express; check only that it is a list.
  if (schema.type === 'array' && isPlainObject(schema.items) && '$ref' in schema.items) return { type: 'array' };
  return inlineRefs(schema, document, 0) as JsonObject;
}

function inlineRefs(node: unknown, document: OpenApiDocument, depth: number): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(item, document, depth));
  if (!isPlainObject(node)) return node;
  if (typeof node.$ref === 'string')
    return depth > 10 ? {} : inlineRefs(resolveLocalRef(document, node.$ref), document, depth + 1);
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlineRefs(value, document, depth)]));
}

// ---------------------------------------------------------------------------------------------------------
// Messages

function describeErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  const problems = new Set<string>();
  for (const error of errors ?? []) {
    const at = root + toPropertyPath(error.instancePath);
    const where = at.replace(/^\./, '') || 'value';
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        problems.add(`${joinPath(at, String(params.missingProperty))} is required`);
        break;
      case 'additionalProperties':
        problems.add(`${joinPath(at, String(params.additionalProperty))} is not allowed (additionalProperties: false)`);
        break;
      case 'type':
        problems.add(`${where} must be ${String(params.type)}, got ${jsonType(error.data)}`);
        break;
      case 'enum':
        problems.add(
          `${where} must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}, got ${JSON.stringify(error.data)}`,
        );
        break;
      case 'if':
        break; // the failing `then` branch reports the actual problem
      default:
        problems.add(`${where} ${error.message ?? 'is invalid'}`);
    }
  }
  return [...problems];
}

/** /issues/0/fields/summary -> .issues[0].fields.summary */
function toPropertyPath(instancePath: string): string {
  if (!instancePath) return '';
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) =>
      /^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$-]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`,
    )
    .join('');
}

function joinPath(at: string, property: string): string {
  const joined = /^[A-Za-z_$][\w$-]*$/.test(property) ? `${at}.${property}` : `${at}[${JSON.stringify(property)}]`;
  return joined.replace(/^\./, '');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function cap(problems: string[]): string[] {
  return problems.length > MAX_PROBLEMS
    ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
    : problems;
}
