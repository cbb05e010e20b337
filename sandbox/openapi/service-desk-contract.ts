import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { ContractViolation } from './jira-contract';

/**
 * The Jira Service Management contract the emulator is held to. There is no JSM OpenAPI file here,
 * so the independent source is jira.js's own service-desk models (node_modules/jira.js/src/serviceDesk/models,
 * one TypeScript interface per JSM DTO), read with the TypeScript compiler: every field an answer or
 * a request body holds must be one the model declares, with the model's type. jira.js names
 * `_links` and `_expands` `Links` and `Expands`; they are read as JSM spells them.
 */

type FieldType =
  | { kind: 'string' | 'number' | 'boolean' | 'any' }
  | { kind: 'array'; of: FieldType }
  | { kind: 'model'; name: string }
  | { kind: 'union'; of: FieldType[] };
type Model = Map<string, FieldType>;

const MODELS_DIR = path.resolve(__dirname, '../../node_modules/jira.js/src/serviceDesk/models');
const RENAMED: Record<string, string> = { Links: '_links', Expands: '_expands' };

function typeOf(node: ts.TypeNode, source: ts.SourceFile): FieldType {
  if (ts.isArrayTypeNode(node)) return { kind: 'array', of: typeOf(node.elementType, source) };
  if (ts.isUnionTypeNode(node)) return { kind: 'union', of: node.types.map((member) => typeOf(member, source)) };
  if (node.kind === ts.SyntaxKind.StringKeyword) return { kind: 'string' };
  if (node.kind === ts.SyntaxKind.NumberKeyword) return { kind: 'number' };
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return { kind: 'boolean' };
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && !node.typeArguments)
    return { kind: 'model', name: node.typeName.text };
  // unknown, any, Record<…>, literal types: the model does not pin the value down.
  return { kind: 'any' };
}

let cached: Map<string, Model> | undefined;

/** Every interface of jira.js's service-desk models, by name. */
export function loadServiceDeskModels(dir: string = MODELS_DIR): Map<string, Model> {
  if (cached && dir === MODELS_DIR) return cached;
  const models = new Map<string, Model>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && name !== 'index.ts')) {
    const source = ts.createSourceFile(file, readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const model: Model = new Map();
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const name = member.name.getText(source).replace(/^['"]|['"]$/g, '');
        model.set(RENAMED[name] ?? name, typeOf(member.type, source));
      }
      models.set(node.name.text, model);
    });
  }
  if (dir === MODELS_DIR) cached = models;
  return models;
}

/** Problems of one value against a type of the models (none: an empty list). */
export function checkAgainstModel(value: unknown, type: FieldType, models: Map<string, Model>, at = '$'): string[] {
  if (value === undefined || value === null) return [];
  switch (type.kind) {
    case 'any':
      return [];
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === type.kind ? [] : [`${at}: expected ${type.kind}, got ${JSON.stringify(value)?.slice(0, 60)}`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, index) => checkAgainstModel(item, type.of, models, `${at}[${index}]`))
        : [`${at}: expected an array`];
    case 'union':
      return type.of.some((member) => checkAgainstModel(value, member, models, at).length === 0)
        ? []
        : [`${at}: matches none of its model's types`];
    case 'model': {
      const model = models.get(type.name);
      if (!model) return [];
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected a ${type.name} object`];
      return Object.entries(value as Record<string, unknown>).flatMap(([field, fieldValue]) => {
        const fieldType = model.get(field);
        if (!fieldType) return [`${at}.${field}: not a field of jira.js's ${type.name}`];
        return checkAgainstModel(fieldValue, fieldType, models, `${at}.${field}`);
      });
    }
  }
}

/** Which model each JSM operation the emulator serves answers with, and takes as its body. */
const OPERATIONS: { method: string; pattern: RegExp; response: string; request?: string }[] = [
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/servicedesk$/, response: 'PagedServiceDesk' },
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/servicedesk\/[^/]+\/requesttype$/, response: 'PagedRequestType' },
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/servicedesk\/[^/]+\/customer$/, response: 'PagedUser' },
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/organization$/, response: 'PagedOrganization' },
  { method: 'POST', pattern: /^\/rest\/servicedeskapi\/request$/, response: 'CustomerRequest', request: 'RequestCreate' },
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/request\/[^/]+$/, response: 'CustomerRequest' },
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/request\/[^/]+\/comment$/, response: 'PagedComment' },
  { method: 'POST', pattern: /^\/rest\/servicedeskapi\/request\/[^/]+\/comment$/, response: 'Comment', request: 'CommentCreate' },
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/request\/[^/]+\/attachment$/, response: 'PagedAttachment' },
  { method: 'GET', pattern: /^\/rest\/servicedeskapi\/request\/[^/]+\/feedback$/, response: 'CsatFeedbackFull' },
  {
    method: 'POST',
    pattern: /^\/rest\/servicedeskapi\/request\/[^/]+\/feedback$/,
    response: 'CsatFeedbackFull',
    request: 'CsatFeedbackFull',
  },
];

/** JSM's error answer (ErrorResponse): errorMessage(s) and i18nErrorMessage; the emulator answers Jira's errorMessages/errors. */
const ERROR_FIELDS = new Set(['errorMessages', 'errors', 'errorMessage', 'i18nErrorMessage']);

export class ServiceDeskContract {
  private readonly models = loadServiceDeskModels();

  /** The model of an operation, or a problem when the emulator serves an operation this table does not know. */
  private operation(method: string, pathName: string) {
    return OPERATIONS.find((operation) => operation.method === method && operation.pattern.test(pathName));
  }

  checkRequest(request: { method: string; path: string; body: unknown }): ContractViolation | undefined {
    const operation = this.operation(request.method, request.path);
    if (!operation)
      return {
        direction: 'request',
        method: request.method,
        path: request.path,
        problems: ['no jira.js service-desk operation is mapped to this path'],
      };
    if (!operation.request || request.body === undefined) return undefined;
    const problems = checkAgainstModel(request.body, { kind: 'model', name: operation.request }, this.models);
    return problems.length > 0 ? { direction: 'request', method: request.method, path: request.path, problems } : undefined;
  }

  checkResponse(response: { method: string; path: string; status: number; body: unknown }): ContractViolation | undefined {
    const operation = this.operation(response.method, response.path);
    if (!operation) return undefined;
    let problems: string[];
    if (response.status >= 400) {
      const body = (response.body ?? {}) as Record<string, unknown>;
      problems = Object.keys(body)
        .filter((field) => !ERROR_FIELDS.has(field))
        .map((field) => `$.${field}: not a field of an error answer`);
    } else problems = checkAgainstModel(response.body, { kind: 'model', name: operation.response }, this.models);
    return problems.length > 0
      ? { direction: 'response', method: response.method, path: response.path, status: response.status, problems }
      : undefined;
  }
}

let contract: ServiceDeskContract | undefined;
export const loadServiceDeskContract = (): ServiceDeskContract => (contract ??= new ServiceDeskContract());
