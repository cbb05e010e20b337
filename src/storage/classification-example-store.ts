import { kvs } from '@forge/kvs';
import { storageKeys } from './keys';

/**
 * A copy of each project's classified requirements in KVS: the training examples of the panel's
 * classification suggestions (src/services/classification-examples.ts), so opening the panel reads
 * KVS instead of ten search pages from Jira (1,010 rate-limit points an open; issue 16). The copy is
 * derived data, checked against Jira's newest changes on each read and rebuilt when missing or a
 * day old.
 *
 * Each write lays out a new revision's shards and then points the header at them, so a reader never
 * mixes two writes; shards are not deleted but expire after two days, longer than a copy is used.
 */
export interface StoredExample {
  id: string;
  /** Summary and description, as the models read them (cut to EXAMPLE_TEXT_CHARS). */
  text: string;
  nature?: string;
  kind?: string;
  kindTag?: string;
  /** As Jira last wrote the issue: an issue listed again with the same value is already copied. */
  updated: string;
}

export interface ExampleCopyHeader {
  format: number;
  revision: string;
  shardCount: number;
  /** The newest `updated` the copy has seen; later changes are read from here on. */
  watermark: string;
  /** When the copy was built from a full read (ISO); one older than a day is rebuilt. */
  builtAt: string;
  /** Issues seen near the watermark without a classification, by id → updated: not read again as changes. */
  recent: Record<string, string>;
}

export const EXAMPLE_COPY_FORMAT = 1;
/** A model learns from the opening words; longer descriptions are cut so a shard holds many examples. */
export const EXAMPLE_TEXT_CHARS = 1_000;
/** Laid out below Forge's 240 KiB per KVS value (https://developer.atlassian.com/platform/forge/limits-kvs-ce/). */
const SHARD_BYTES = 160 * 1024;
const SHARD_TTL = { value: 2, unit: 'DAYS' } as const;

const newRevision = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

export async function loadExampleCopy(
  projectKey: string,
): Promise<{ header: ExampleCopyHeader; examples: StoredExample[] } | null> {
  const header = await kvs.get<ExampleCopyHeader>(storageKeys.classificationExamplesHeader(projectKey));
  if (!header || header.format !== EXAMPLE_COPY_FORMAT) return null;
  const shards = await Promise.all(
    Array.from({ length: header.shardCount }, (_, shard) =>
      kvs.get<StoredExample[]>(storageKeys.classificationExamplesShard(projectKey, header.revision, shard)),
    ),
  );
  if (!shards.every(Array.isArray)) return null;
  return { header, examples: (shards as StoredExample[][]).flat() };
}

/** Writes the examples as a new revision, then the header that names it. */
export async function saveExampleCopy(
  projectKey: string,
  examples: readonly StoredExample[],
  meta: Pick<ExampleCopyHeader, 'watermark' | 'builtAt' | 'recent'>,
): Promise<void> {
  const shards: StoredExample[][] = [[]];
  let bytes = 0;
  for (const example of examples) {
    const size = bytesOf(example) + 1;
    if (bytes + size > SHARD_BYTES && shards.at(-1)!.length > 0) {
      shards.push([]);
      bytes = 0;
    }
    shards.at(-1)!.push(example);
    bytes += size;
  }
  const revision = newRevision();
  await Promise.all(
    shards.map((shard, index) =>
      kvs.set(storageKeys.classificationExamplesShard(projectKey, revision, index), shard, { ttl: SHARD_TTL }),
    ),
  );
  await kvs.set(storageKeys.classificationExamplesHeader(projectKey), {
    format: EXAMPLE_COPY_FORMAT,
    revision,
    shardCount: shards.length,
    ...meta,
  } satisfies ExampleCopyHeader);
}
