/**
 * The Forge Key-Value Store and Custom Entity Store as the `@forge/kvs` client sees them: the POST
 * endpoints under /api/v1 with the request bodies that client builds and the responses it parses
 * (404 {code: KEY_NOT_FOUND} for a missing key, 204 without body for writes, {data, cursor} pages).
 *
 * Records live in the durable store: `kvs` (plain keys), `kvs-secret` (setSecret/getSecret) and
 * `kvs-entity:<entityName>`, each as { value, createdAt, updatedAt, expireTime? } under the key.
 * Every request that writes does so with exactly one store.commit, so batches and transactions are
 * atomic and durable like the rest of the emulator.
 *
 * Limits follow Forge's documented ones: keys up to 500 characters matching KEY_PATTERN, values up
 * to 240 KiB of JSON and 31 levels deep, query pages of 10 by default and at most 100, batches and
 * transactions of at most 25 distinct keys. createdAt/updatedAt are Unix seconds, expireTime ISO-8601.
 *
 * A TTL is deleted lazily, as Forge documents ("deletion may take up to 48 hours; during this window,
 * read operations may still return expired results"): an expired item stays readable, queryable and
 * counts as existing for FAIL_IF_EXISTS and transaction conditions for `expiredRetentionMs` after its
 * expireTime (the worst case, 48 h on the sandbox clock, by default), then it is gone. Code that
 * needs strict expiry has to compare an expiry itself, as on Forge.
 */
import type { DurableStore, StoreWrite } from '../store/durable-store';
import type { KvsUsage } from './kvs-usage';

export interface KvsService {
  /** `body` is the parsed JSON request; a response body of undefined means "no content" (204). */
  handle(path: string, body: unknown): { status: number; body: unknown };
}

/**
 * An index exactly as declared under app.storage.entities[].indexes in manifest.yml: a bare string is
 * an index over that attribute; otherwise the first range attribute orders the index.
 */
export type EntityIndexDefinition = string | { name: string; range: string[]; partition?: string[] };

export interface KvsServiceOptions {
  /** Index declarations per entity name. Without them an index name is taken as the attribute it ranges over. */
  entityIndexes?: Record<string, EntityIndexDefinition[]>;
  /** How long an expired item stays readable after its expireTime (default 48 h, Forge's worst case; 0 = gone at once). */
  expiredRetentionMs?: number;
  /** Counts each call's read or write units (see kvs-usage.ts). */
  usage?: KvsUsage;
}

/** Forge: "Expired data is not removed immediately upon expiry. Deletion may take up to 48 hours." */
export const DEFAULT_EXPIRED_RETENTION_MS = 48 * 3_600_000;

export const KVS_COLLECTION = 'kvs';
export const SECRET_COLLECTION = 'kvs-secret';
export const entityCollection = (entityName: string): string => `kvs-entity:${entityName}`;

/** Forge's documented key rule (leading whitespace-only keys are refused). */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;
export const MAX_KEY_LENGTH = 500;
export const MAX_VALUE_BYTES = 240 * 1024;
export const MAX_VALUE_DEPTH = 31;
export const MAX_BATCH_ITEMS = 25;
export const MAX_TRANSACTION_OPERATIONS = 25;
const DEFAULT_QUERY_LIMIT = 10;
const MAX_QUERY_LIMIT = 100;
const MIN_ENTITY_NAME_LENGTH = 3;
const MAX_ENTITY_NAME_LENGTH = 60;
/** From @forge/manifest's schema for app.storage.entities[].name. */
const ENTITY_NAME_PATTERN = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;

const METADATA_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'] as const;
type MetadataField = (typeof METADATA_FIELDS)[number];
const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;
const RANGE_CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
] as const;
const FILTER_CONDITIONS = [...RANGE_CONDITIONS, 'CONTAINS', 'NOT_CONTAINS', 'EXISTS', 'NOT_EXISTS', 'NOT_EQUAL_TO'] as const;
type Condition = (typeof FILTER_CONDITIONS)[number];

interface StoredItem {
  value: unknown;
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
  /** ISO-8601, second precision; absent when the item never expires. */
  expireTime?: string;
}

type Json = Record<string, unknown>;
interface Clause {
  condition: Condition;
  values: unknown[];
}
interface PropertyClause extends Clause {
  property: string;
}
interface FilterGroup {
  operator: 'and' | 'or';
  clauses: PropertyClause[];
}

/** Where a key lives: the plain store, the secret store or one entity. */
interface Space {
  collection: string;
  entityName?: string;
}
const PLAIN: Space = { collection: KVS_COLLECTION };
const SECRET: Space = { collection: SECRET_COLLECTION };

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string, code = 'BAD_REQUEST'): KvsError => new KvsError(400, code, message);
const keyNotFound = (): KvsError => new KvsError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');

export function createKvsService(store: DurableStore, clock: () => Date, options: KvsServiceOptions = {}): KvsService {
  return new KvsServiceImpl(store, clock, options);
}

type Handler = (body: unknown) => { status: number; body: unknown };

class KvsServiceImpl implements KvsService {
  private readonly routes: Record<string, Handler> = {
    '/api/v1/get': (body) => this.get(PLAIN, body),
    '/api/v1/set': (body) => this.set(PLAIN, body),
    '/api/v1/delete': (body) => this.delete(PLAIN, body),
    '/api/v1/query': (body) => this.query(body),
    '/api/v1/secret/get': (body) => this.get(SECRET, body),
    '/api/v1/secret/set': (body) => this.set(SECRET, body),
    '/api/v1/secret/delete': (body) => this.delete(SECRET, body),
    '/api/v1/entity/get': (body) => this.get(entitySpaceOf(body), body),
    '/api/v1/entity/set': (body) => this.set(entitySpaceOf(body), body),
    '/api/v1/entity/delete': (body) => this.delete(entitySpaceOf(body), body),
    '/api/v1/entity/query': (body) => this.queryEntity(body),
    '/api/v1/batch/get': (body) => this.batchGet(body),
    '/api/v1/batch/set': (body) => this.batchSet(body),
    '/api/v1/batch/delete': (body) => this.batchDelete(body),
    '/api/v1/transaction': (body) => this.transaction(body),
  };

  constructor(
    private readonly store: DurableStore,
    private readonly clock: () => Date,
    private readonly options: KvsServiceOptions,
  ) {}

  handle(path: string, body: unknown): { status: number; body: unknown } {
    const handler = Object.hasOwn(this.routes, path) ? this.routes[path] : undefined;
    if (!handler) return { status: 404, body: { code: 'NOT_FOUND', message: `No KVS endpoint ${path}` } };
    const answer = this.answer(handler, body);
    this.options.usage?.record(path, body, answer.body);
    return answer;
  }

  private answer(handler: Handler, body: unknown): { status: number; body: unknown } {
    try {
      return handler(body);
    } catch (error) {
      if (error instanceof KvsError) return { status: error.status, body: { code: error.code, message: error.message } };
      const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
      return { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message } };
    }
  }

  // ---- single keys ----------------------------------------------------------------------------

  private get(space: Space, body: unknown) {
    const request = requireObject(body);
    const key = validKey(request.key, space);
    const fields = metadataFieldsOf(optionalObject(request.options, 'options')?.metadataFields);
    const item = this.read(space, key);
    if (!item) throw keyNotFound();
    return ok(describe(key, item, fields));
  }

  private set(space: Space, body: unknown) {
    const request = requireObject(body);
    const key = validKey(request.key, space);
    const value = validValue(request.value, space);
    const options = optionalObject(request.options, 'options') ?? {};
    const keyPolicy = oneOf(options.keyPolicy ?? 'OVERRIDE', ['OVERRIDE', 'FAIL_IF_EXISTS'] as const, 'options.keyPolicy');
    const returnValue =
      options.returnValue === undefined
        ? undefined
        : oneOf(options.returnValue, ['PREVIOUS', 'LATEST'] as const, 'options.returnValue');
    if (returnValue && keyPolicy !== 'OVERRIDE') throw badRequest('returnValue requires keyPolicy OVERRIDE');
    const returnFields = metadataFieldsOf(options.returnMetadataFields);

    const previous = this.read(space, key);
    if (previous && keyPolicy === 'FAIL_IF_EXISTS') throw new KvsError(409, 'KEY_ALREADY_EXISTS', `Key ${key} already exists`);
    const next = this.newItem(value, previous, options.ttl);
    this.store.commit([{ collection: space.collection, id: key, value: next }]);

    if (returnValue === 'LATEST') return ok(describe(key, next, returnFields));
    if (returnValue === 'PREVIOUS' && previous) return ok(describe(key, previous, returnFields));
    return noContent();
  }

  private delete(space: Space, body: unknown) {
    const key = validKey(requireObject(body).key, space);
    if (!this.read(space, key)) throw keyNotFound();
    this.store.commit([{ collection: space.collection, id: key, delete: true }]);
    return noContent();
  }

  // ---- queries --------------------------------------------------------------------------------

  private query(body: unknown) {
    const request = requireObject(body);
    const limit = queryLimit(request.limit);
    const fields = metadataFieldsOf(optionalObject(request.options, 'options')?.metadataFields);
    const after =
      request.after === undefined
        ? undefined
        : decodeCursor(request.after, (decoded): decoded is string => typeof decoded === 'string');
    const where = request.where === undefined ? [] : requireArray(request.where, 'where');
    if (where.length > 1) throw badRequest('where accepts one condition');
    let prefix = '';
    if (where[0] !== undefined) {
      const clause = propertyClause(where[0], 'where[0]');
      if (clause.property !== 'key' || clause.condition !== 'BEGINS_WITH')
        throw badRequest('where supports only key BEGINS_WITH');
      prefix = String(clause.values[0]);
    }
    const keys = this.store
      .ids(KVS_COLLECTION)
      .filter((key) => key.startsWith(prefix) && (after === undefined || key > after))
      .sort(compareStrings);
    const data: Json[] = [];
    let lastKey: string | undefined;
    let hasMore = false;
    for (const key of keys) {
      const item = this.read(PLAIN, key);
      if (!item) continue;
      if (data.length === limit) {
        hasMore = true;
        break;
      }
      data.push(describe(key, item, fields));
      lastKey = key;
    }
    return ok(hasMore && lastKey !== undefined ? { data, cursor: encodeCursor(lastKey) } : { data });
  }

  private queryEntity(body: unknown) {
    const request = requireObject(body);
    const space = entitySpaceOf(request);
    const entityName = space.entityName ?? '';
    const index = this.resolveIndex(entityName, request.indexName);
    const limit = queryLimit(request.limit);
    const sort = oneOf(request.sort ?? 'ASC', ['ASC', 'DESC'] as const, 'sort');
    const fields = metadataFieldsOf(optionalObject(request.options, 'options')?.metadataFields ?? request.metadataFields);
    const partition = request.partition === undefined ? [] : requireArray(request.partition, 'partition');
    if (partition.length !== index.partition.length) {
      throw badRequest(
        `index ${index.name} has ${index.partition.length} partition attribute(s); ${partition.length} value(s) given`,
        'INVALID_PARTITION',
      );
    }
    const range = request.range === undefined ? undefined : clause(request.range, 'range', RANGE_CONDITIONS);
    const filters = request.filters === undefined ? undefined : filterGroup(request.filters, 'filters');
    const after =
      request.cursor === undefined
        ? undefined
        : decodeCursor(
            request.cursor,
            (decoded): decoded is [unknown, string] =>
              Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string',
          );

    const direction = sort === 'ASC' ? 1 : -1;
    const candidates: Array<{ key: string; item: StoredItem; rangeValue: unknown }> = [];
    for (const key of this.store.ids(space.collection)) {
      const item = this.read(space, key);
      if (!item) continue;
      const attributes = item.value as Json;
      const rangeValue = attributes[index.range];
      if (rangeValue === undefined) continue; // an item without the attribute is not in the index
      if (!index.partition.every((attribute, position) => attributes[attribute] === partition[position])) continue;
      if (range && !matches(rangeValue, range)) continue;
      if (filters && !matchesGroup(attributes, filters)) continue;
      candidates.push({ key, item, rangeValue });
    }
    const order = (a: { key: string; rangeValue: unknown }, b: { key: string; rangeValue: unknown }): number =>
      direction * (compareValues(a.rangeValue, b.rangeValue) || compareStrings(a.key, b.key));
    candidates.sort(order);
    const start =
      after === undefined
        ? 0
        : candidates.findIndex((candidate) => order(candidate, { rangeValue: after[0], key: after[1] }) > 0);
    const page = start === -1 ? [] : candidates.slice(start, start + limit);
    const data = page.map(({ key, item }) => describe(key, item, fields));
    const last = page[page.length - 1];
    const hasMore = start !== -1 && start + limit < candidates.length;
    return ok(hasMore && last ? { data, cursor: encodeCursor([last.rangeValue, last.key]) } : { data });
  }

  private resolveIndex(entityName: string, indexName: unknown): { name: string; range: string; partition: string[] } {
    if (typeof indexName !== 'string' || indexName.length === 0) throw badRequest('indexName is required');
    const declared = this.options.entityIndexes?.[entityName];
    if (!declared) return { name: indexName, range: indexName, partition: [] };
    for (const definition of declared) {
      if (typeof definition === 'string') {
        if (definition === indexName) return { name: indexName, range: indexName, partition: [] };
      } else if (definition.name === indexName && definition.range[0] !== undefined) {
        return { name: indexName, range: definition.range[0], partition: definition.partition ?? [] };
      }
    }
    throw badRequest(`Entity ${entityName} has no index ${indexName}`, 'INDEX_NOT_FOUND');
  }

  // ---- batches --------------------------------------------------------------------------------

  /**
   * Runs `handle` on every item of a batch: an item that fails is reported in failedKeys and the
   * others still succeed; the writes of the successful ones go in one commit.
   */
  private runBatch(body: unknown, handle: (item: Json, space: Space, key: string, writes: StoreWrite[]) => Json) {
    const writes: StoreWrite[] = [];
    const successfulKeys: Json[] = [];
    const failedKeys: Json[] = [];
    for (const item of batchItems(body)) {
      const attempt = this.attemptItem(item, failedKeys, (space, key) => handle(item, space, key, writes));
      if (attempt) successfulKeys.push(attempt);
    }
    if (writes.length > 0) this.store.commit(writes);
    return ok({ successfulKeys, failedKeys });
  }

  private batchGet(body: unknown) {
    return this.runBatch(body, (item, space, key) => {
      const fields = metadataFieldsOf(optionalObject(item.options, 'options')?.metadataFields);
      const stored = this.read(space, key);
      if (!stored) throw keyNotFound();
      return { ...describe(key, stored, fields), ...entityNameOf(space) };
    });
  }

  private batchSet(body: unknown) {
    return this.runBatch(body, (item, space, key, writes) => {
      const value = validValue(item.value, space);
      const options = optionalObject(item.options, 'options') ?? {};
      writes.push({ collection: space.collection, id: key, value: this.newItem(value, this.read(space, key), options.ttl) });
      return { key, ...entityNameOf(space) };
    });
  }

  private batchDelete(body: unknown) {
    return this.runBatch(body, (_item, space, key, writes) => {
      if (!this.read(space, key)) throw keyNotFound();
      writes.push({ collection: space.collection, id: key, delete: true });
      return { key, ...entityNameOf(space) };
    });
  }

  /** Runs one batch item; a KvsError becomes a failedKeys entry instead of failing the batch. */
  private attemptItem(item: Json, failedKeys: Json[], run: (space: Space, key: string) => Json | undefined): Json | undefined {
    try {
      const space = item.entityName === undefined ? PLAIN : entitySpaceOf(item);
      return run(space, validKey(item.key, space));
    } catch (error) {
      if (!(error instanceof KvsError)) throw error;
      failedKeys.push({
        key: item.key,
        ...(item.entityName === undefined ? {} : { entityName: item.entityName }),
        error: { code: error.code, message: error.message },
      });
      return undefined;
    }
  }

  // ---- transactions ---------------------------------------------------------------------------

  private transaction(body: unknown) {
    const request = requireObject(body);
    const sets =
      request.set === undefined ? [] : requireArray(request.set, 'set').map((entry, i) => requireObject(entry, `set[${i}]`));
    const deletes =
      request.delete === undefined
        ? []
        : requireArray(request.delete, 'delete').map((entry, i) => requireObject(entry, `delete[${i}]`));
    const checks =
      request.check === undefined
        ? []
        : requireArray(request.check, 'check').map((entry, i) => requireObject(entry, `check[${i}]`));
    const operationCount = sets.length + deletes.length + checks.length;
    if (operationCount === 0) throw badRequest('A transaction needs at least one operation');
    if (operationCount > MAX_TRANSACTION_OPERATIONS)
      throw badRequest(`A transaction may hold at most ${MAX_TRANSACTION_OPERATIONS} operations`, 'TOO_MANY_OPERATIONS');

    // Validate everything and evaluate every condition before writing anything.
    const seen = new Set<string>();
    const writes: StoreWrite[] = [];
    const prepare = (
      operation: Json,
      label: string,
      conditionsRequired: boolean,
    ): { space: Space; key: string; current: StoredItem | undefined } => {
      const space = operation.entityName === undefined ? PLAIN : entitySpaceOf(operation);
      const key = validKey(operation.key, space);
      const identity = `${space.collection}\u0000${key}`;
      if (seen.has(identity)) throw badRequest(`Key ${key} is used more than once in the transaction`, 'DUPLICATE_KEY');
      seen.add(identity);
      const current = this.read(space, key);
      if (operation.conditions !== undefined || conditionsRequired) {
        if (space.entityName === undefined) throw badRequest(`${label}: conditions need an entityName`);
        const group = filterGroup(operation.conditions, `${label}.conditions`);
        // A missing item has no attributes: only NOT_EXISTS-style conditions hold for it.
        if (!matchesGroup((current?.value ?? {}) as Json, group)) {
          throw new KvsError(
            409,
            'CONDITION_CHECK_FAILED',
            `${label}: the conditions on key ${key} do not hold; nothing was written`,
          );
        }
      }
      return { space, key, current };
    };
    sets.forEach((operation, i) => {
      const { space, key, current } = prepare(operation, `set[${i}]`, false);
      const value = validValue(operation.value, space);
      writes.push({
        collection: space.collection,
        id: key,
        value: this.newItem(value, current, optionalObject(operation.options, 'options')?.ttl),
      });
    });
    deletes.forEach((operation, i) => {
      // Deleting a missing key succeeds in a transaction.
      const { space, key } = prepare(operation, `delete[${i}]`, false);
      writes.push({ collection: space.collection, id: key, delete: true });
    });
    checks.forEach((operation, i) => prepare(operation, `check[${i}]`, true));
    if (writes.length > 0) this.store.commit(writes);
    return noContent();
  }

  // ---- records --------------------------------------------------------------------------------

  /** The item under key, expired ones included until lazy deletion has removed them. */
  private read(space: Space, key: string): StoredItem | undefined {
    const item = this.store.get<StoredItem>(space.collection, key);
    const retentionMs = this.options.expiredRetentionMs ?? DEFAULT_EXPIRED_RETENTION_MS;
    if (item?.expireTime !== undefined && Date.parse(item.expireTime) + retentionMs <= this.clock().getTime()) return undefined;
    return item;
  }

  private newItem(value: unknown, previous: StoredItem | undefined, ttl: unknown): StoredItem {
    const nowMs = this.clock().getTime();
    const now = Math.floor(nowMs / 1000);
    const item: StoredItem = { value, createdAt: previous?.createdAt ?? now, updatedAt: now };
    if (ttl !== undefined) item.expireTime = isoSeconds(nowMs + ttlMs(ttl));
    return item;
  }
}

// ---- request validation -------------------------------------------------------------------------

function requireObject(body: unknown, label = 'request body'): Json {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest(`Provided ${label} is invalid`);
  return body as Json;
}

function optionalObject(value: unknown, label: string): Json | undefined {
  return value === undefined ? undefined : requireObject(value, label);
}

function requireArray(value: unknown, label: string): unknown[] {
  if (!Array.isArray(value)) throw badRequest(`${label} must be an array`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], label: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw badRequest(`${label} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function validKey(key: unknown, space: Space): string {
  if (typeof key !== 'string') throw badRequest('key must be a string');
  if (key.length === 0)
    throw space.entityName === undefined
      ? badRequest('The key must not be empty', 'KEY_TOO_SHORT')
      : badRequest('Key cannot be empty', 'EMPTY_KEY');
  if (key.length > MAX_KEY_LENGTH)
    throw badRequest(`The key exceeds the maximum of ${MAX_KEY_LENGTH} characters`, 'KEY_TOO_LONG');
  if (!KEY_PATTERN.test(key)) throw badRequest(`The key does not match the regex ${KEY_PATTERN.source}`, 'INVALID_KEY');
  return key;
}

function entitySpaceOf(body: unknown): Space {
  const entityName = requireObject(body).entityName;
  if (typeof entityName !== 'string') throw badRequest('entityName must be a string');
  if (entityName.length < MIN_ENTITY_NAME_LENGTH)
    throw badRequest(`The entity name needs at least ${MIN_ENTITY_NAME_LENGTH} characters`, 'ENTITY_TYPE_TOO_SHORT');
  if (entityName.length > MAX_ENTITY_NAME_LENGTH)
    throw badRequest(`The entity name exceeds ${MAX_ENTITY_NAME_LENGTH} characters`, 'ENTITY_TYPE_TOO_LARGE');
  if (!ENTITY_NAME_PATTERN.test(entityName))
    throw badRequest(`The entity name does not match ${ENTITY_NAME_PATTERN.source}`, 'INVALID_ENTITY_TYPE');
  return { collection: entityCollection(entityName), entityName };
}

function entityNameOf(space: Space): Json {
  return space.entityName === undefined ? {} : { entityName: space.entityName };
}

function validValue(value: unknown, space: Space): unknown {
  if (value === undefined) throw badRequest('value is required');
  if (space.entityName !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw badRequest('An entity value must be an object of attributes');
  }
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > MAX_VALUE_BYTES) throw badRequest(`The value is ${bytes} bytes; the maximum is ${MAX_VALUE_BYTES}`, 'MAX_SIZE');
  if (depthOf(value) > MAX_VALUE_DEPTH)
    throw badRequest(`The value is nested deeper than ${MAX_VALUE_DEPTH} levels`, 'MAX_DEPTH');
  return value;
}

/** Nesting depth: a scalar is 0, {a: 1} is 1. Iterative, so absurd depths cannot overflow the stack. */
function depthOf(root: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_VALUE_DEPTH) return deepest;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function metadataFieldsOf(value: unknown): MetadataField[] {
  if (value === undefined) return [];
  return requireArray(value, 'metadataFields').map((field) => oneOf(field, METADATA_FIELDS, 'metadataFields'));
}

function ttlMs(ttl: unknown): number {
  const { value, unit } = requireObject(ttl, 'ttl');
  const unitMs = TTL_UNIT_MS[oneOf(unit, Object.keys(TTL_UNIT_MS) as Array<keyof typeof TTL_UNIT_MS>, 'ttl.unit')];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw badRequest('ttl.value must be a positive integer');
  return value * unitMs;
}

function queryLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_QUERY_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw badRequest(`limit must be an integer from 1 to ${MAX_QUERY_LIMIT}`);
  }
  return limit;
}

function batchItems(body: unknown): Json[] {
  const items = requireArray(body, 'request body').map((item, i) => requireObject(item, `item ${i}`));
  if (items.length === 0) throw badRequest('A batch needs at least one item');
  if (items.length > MAX_BATCH_ITEMS) throw badRequest(`A batch may hold at most ${MAX_BATCH_ITEMS} items`, 'TOO_MANY_ITEMS');
  const identities = new Set(items.map((item) => `${String(item.entityName ?? '')}\u0000${String(item.key)}`));
  if (identities.size !== items.length) throw badRequest('A batch may name each key only once', 'DUPLICATE_KEY');
  return items;
}

function clause<C extends Condition>(value: unknown, label: string, allowed: readonly C[]): Clause {
  const { condition, values } = requireObject(value, label);
  const checked = oneOf(condition, allowed, `${label}.condition`);
  const operands = requireArray(values, `${label}.values`);
  const arity = checked === 'BETWEEN' ? 2 : 1;
  if (operands.length !== arity) throw badRequest(`${label}: ${checked} takes ${arity} value(s)`);
  return { condition: checked, values: operands };
}

function propertyClause(value: unknown, label: string): PropertyClause {
  const property = requireObject(value, label).property;
  if (typeof property !== 'string' || property.length === 0) throw badRequest(`${label}.property must be a string`);
  return { property, ...clause(value, label, FILTER_CONDITIONS) };
}

function filterGroup(value: unknown, label: string): FilterGroup {
  const group = requireObject(value, label);
  const operators = Object.keys(group).filter((name) => group[name] !== undefined);
  const operator = operators[0];
  if (operators.length !== 1 || (operator !== 'and' && operator !== 'or'))
    throw badRequest(`${label} must have exactly one of and, or`);
  const clauses = requireArray(group[operator], `${label}.${operator}`).map((item, i) =>
    propertyClause(item, `${label}.${operator}[${i}]`),
  );
  if (clauses.length === 0) throw badRequest(`${label} needs at least one condition`);
  return { operator, clauses };
}

// ---- matching and ordering ----------------------------------------------------------------------

function matchesGroup(attributes: Json, group: FilterGroup): boolean {
  const test = (item: PropertyClause): boolean => matches(attributes[item.property], item);
  return group.operator === 'and' ? group.clauses.every(test) : group.clauses.some(test);
}

function matches(actual: unknown, { condition, values }: Clause): boolean {
  const [first, second] = values;
  switch (condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return sameScalar(actual, first);
    case 'NOT_EQUAL_TO':
      return !sameScalar(actual, first);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'CONTAINS':
      return contains(actual, first);
    case 'NOT_CONTAINS':
      return actual !== undefined && !contains(actual, first);
    case 'GREATER_THAN':
      return comparable(actual, first) && compareValues(actual, first) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return comparable(actual, first) && compareValues(actual, first) >= 0;
    case 'LESS_THAN':
      return comparable(actual, first) && compareValues(actual, first) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return comparable(actual, first) && compareValues(actual, first) <= 0;
    case 'BETWEEN':
      return (
        comparable(actual, first) &&
        comparable(actual, second) &&
        compareValues(actual, first) >= 0 &&
        compareValues(actual, second) <= 0
      );
  }
}

function sameScalar(a: unknown, b: unknown): boolean {
  return (
    a === b ||
    (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))
  );
}

function contains(actual: unknown, operand: unknown): boolean {
  if (typeof actual === 'string') return actual.includes(String(operand));
  return Array.isArray(actual) && actual.some((element) => sameScalar(element, operand));
}

/** Ordered comparisons only make sense between two numbers or two strings. */
function comparable(a: unknown, b: unknown): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

/** Numbers before strings before anything else; within a type the natural order. */
function compareValues(a: unknown, b: unknown): number {
  const rank = (value: unknown): number => (typeof value === 'number' ? 0 : typeof value === 'string' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  return compareStrings(JSON.stringify(a) ?? '', JSON.stringify(b) ?? '');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- responses ----------------------------------------------------------------------------------

function describe(key: string, item: StoredItem, fields: readonly MetadataField[]): Json {
  const description: Json = { key, value: item.value };
  if (fields.includes('CREATED_AT')) description.createdAt = item.createdAt;
  if (fields.includes('UPDATED_AT')) description.updatedAt = item.updatedAt;
  if (fields.includes('EXPIRE_TIME') && item.expireTime !== undefined) description.expireTime = item.expireTime;
  return description;
}

const ok = (body: unknown): { status: number; body: unknown } => ({ status: 200, body });
const noContent = (): { status: number; body: unknown } => ({ status: 204, body: undefined });

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Cursors are opaque to clients: the position of the last item returned, base64url-encoded JSON. */
function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeCursor<T>(cursor: unknown, isValid: (decoded: unknown) => decoded is T): T {
  if (typeof cursor === 'string') {
    try {
      const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      if (isValid(decoded)) return decoded;
    } catch {
      // reported below
    }
  }
  throw badRequest('The cursor is invalid', 'INVALID_CURSOR');
}
