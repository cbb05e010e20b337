import { CONCEPT_PREFIX } from './lexicon';
import { tokenise, type TokeniseOptions } from './tokenise';

/**
 * Similar-requirement search for the duplicate step of triage ("repeated needs are merged").
 *
 * Ranking is BM25F over the document's fields (the summary counts more than the description),
 * on two representations of the text: word tokens (see tokenise.ts) and character trigrams of
 * the summary, which survive typos, inflections and odd identifier spellings ("jackon-databind").
 * A query is itself a requirement; only its most distinctive terms are looked up (by tf·idf), which
 * bounds query time however long the description is.
 *
 * The score shown to users is not the BM25 score (unbounded, depends on the corpus) but the cosine
 * similarity of the two requirements' tf·idf vectors, in 0..1: 1 means the same words in the same
 * proportions.
 *
 * Persistence: the index is derived data; Jira holds the truth, so it can always be rebuilt by
 * reading the project's requirements. To avoid that on every cold start it serialises into shards:
 * each document is assigned to a shard by a hash of its id, so adding, updating or removing one
 * requirement rewrites exactly one shard, and `serialise` doubles the shard count until every shard
 * fits the byte limit (Forge KVS: 240 KiB per value). A shard stores each document's tokens per
 * field (already truncated), not its postings: postings and statistics are rebuilt on load, which
 * is fast and keeps the stored form small and independent of the ranking parameters. A format
 * version mismatch means "rebuild from Jira".
 */

export interface IndexedDocument {
  id: string;
  /** Text per field name; fields not in the index options are ignored, missing ones are empty. */
  fields: Readonly<Record<string, string | null | undefined>>;
}

export interface FieldOptions {
  /** How much a term in this field counts next to the other fields. */
  weight: number;
  /** BM25 length normalisation for this field (0 = none, 1 = full). */
  b: number;
}

export interface DuplicateIndexOptions {
  fields: Readonly<Record<string, FieldOptions>>;
  /** BM25 term-frequency saturation. */
  k1: number;
  /** Tokens kept per field; long stack traces and logs add little after the first few hundred. */
  maxTokensPerField: number;
  /** Distinct query terms looked up, the highest tf·idf first: bounds query time. */
  maxQueryTerms: number;
  /** Field whose character trigrams form the second representation, and its weight; weight 0 turns it off. */
  trigramField: string;
  trigramWeight: number;
  /** How much a concept token (a synonym or translation, lexicon.ts) counts next to a word, when the query holds Chinese. */
  conceptWeight: number;
  /**
   * The same for a query without Chinese: English wordings vary less than Chinese ones, and heavy
   * concepts pulled unrelated English bug reports together (GitBugs recall fell; docs/BENCHMARKS.md).
   */
  englishConceptWeight: number;
  /** How much a single Chinese character counts next to a word or a bigram. */
  unigramWeight: number;
  /** How texts become tokens (tokenise.ts); the stored index depends on it, so changing it means a rebuild. */
  tokens: TokeniseOptions;
}

export const DEFAULT_INDEX_OPTIONS: DuplicateIndexOptions = {
  fields: { summary: { weight: 3, b: 0.5 }, description: { weight: 1, b: 0.75 }, details: { weight: 1, b: 0.75 } },
  k1: 1.2,
  maxTokensPerField: 400,
  maxQueryTerms: 32,
  trigramField: 'summary',
  trigramWeight: 0.5,
  conceptWeight: 4,
  englishConceptWeight: 1,
  unigramWeight: 0.5,
  tokens: {},
};

export interface SimilarRequirement {
  id: string;
  /** Cosine similarity of tf·idf vectors, 0..1, for display. */
  similarity: number;
  /** The ranking score (BM25F), only comparable within one query. */
  score: number;
}

export interface QueryOptions {
  /** How many to return. */
  limit: number;
  /** Ids never returned (the requirement itself, ones already linked). */
  exclude?: ReadonlySet<string> | readonly string[];
}

/** Serialised form version: a stored shard with another version is ignored and the index rebuilt. */
export const INDEX_FORMAT_VERSION = 2;
export const KVS_VALUE_LIMIT_BYTES = 240 * 1024;

/**
 * The bytes a shard takes as a KVS value: Forge persists the value as JSON, so a shard (itself
 * JSON text) is stored quoted, each of its many quotes escaped; measuring the bare text let a
 * shard of 200 KiB (about 7,500 short requirements) be refused as over 240 KiB (issue 16).
 */
export const storedValueBytes = (shard: string): number => utf8Length(JSON.stringify(shard));

interface StoredDocument {
  id: string;
  /** Tokens per field, in the options' field order, then the trigram tokens. */
  tokens: string[][];
}

interface Posting {
  slots: number[];
  /** Term count per (slot, channel): channelCount entries per slot. */
  counts: number[];
}

/**
 * A stored shard: the shard's vocabulary once, then each document as its field tokens written as
 * base-36 positions in that vocabulary (space-separated, fields separated by "|"). About half the
 * size of the tokens themselves, since requirements repeat their words.
 */
interface ShardFile {
  format: number;
  shard: number;
  shardCount: number;
  terms: string[];
  documents: [id: string, tokens: string][];
}

function encodeShard(shard: number, shardCount: number, documents: StoredDocument[], fieldCount: number): string {
  const codes = new Map<string, string>();
  const terms: string[] = [];
  const code = (term: string): string => {
    let found = codes.get(term);
    if (found === undefined) {
      found = terms.length.toString(36);
      codes.set(term, found);
      terms.push(term);
    }
    return found;
  };
  const sorted = [...documents].sort((left, right) => (left.id < right.id ? -1 : 1));
  const encoded = sorted.map((stored): [string, string] => [stored.id, stored.tokens.slice(0, fieldCount).map((tokens) => tokens.map(code).join(' ')).join('|')]);
  const file: ShardFile = { format: INDEX_FORMAT_VERSION, shard, shardCount, terms, documents: encoded };
  return JSON.stringify(file);
}

const TRIGRAM_PREFIX = '#';
const HAN = /\p{Script=Han}/u;

/**
 * Character trigrams of a field's word tokens, word-bounded, prefixed so they never collide with
 * word tokens. Built from the tokens, not the text, so a stored index need not keep them.
 */
export function characterTrigrams(words: readonly string[]): string[] {
  const grams: string[] = [];
  for (const word of words) {
    const padded = Array.from(` ${word} `);
    for (let index = 0; index + 2 < padded.length; index += 1) grams.push(TRIGRAM_PREFIX + padded[index]! + padded[index + 1]! + padded[index + 2]!);
  }
  return grams;
}

/** FNV-1a: a stable, platform-independent hash, so a document's shard never moves between runs. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export const shardOf = (id: string, shardCount: number): number => hashId(id) % shardCount;

export class DuplicateIndex {
  readonly options: DuplicateIndexOptions;
  private readonly fieldNames: string[];
  /** Channels are the fields, then the trigram representation. */
  private readonly channelWeights: number[];
  private readonly channelB: number[];
  private readonly documents: (StoredDocument | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly postings = new Map<string, Posting>();
  /** Token count per slot and channel. */
  private lengths: number[] = [];
  private readonly totalLengths: number[];
  private scores = new Float64Array(0);

  constructor(options: Partial<DuplicateIndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
    this.fieldNames = Object.keys(this.options.fields);
    const fieldOptions = this.fieldNames.map((name) => this.options.fields[name]!);
    this.channelWeights = [...fieldOptions.map((field) => field.weight), this.options.trigramWeight];
    this.channelB = [...fieldOptions.map((field) => field.b), 0.5];
    this.totalLengths = this.channelWeights.map(() => 0);
  }

  get size(): number {
    return this.slotById.size;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  /** Adds a document, or replaces the one with the same id. */
  upsert(document: IndexedDocument): void {
    this.insertTokens(document.id, this.tokensOf(document));
  }

  /** Removes a document; false when it was not there. */
  remove(id: string): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    const stored = this.documents[slot]!;
    const channels = this.channelWeights.length;
    // A term in several fields has one posting entry for the document: remove it once.
    for (const term of new Set(stored.tokens.flat())) {
      const posting = this.postings.get(term)!;
      const at = posting.slots.indexOf(slot);
      posting.slots.splice(at, 1);
      posting.counts.splice(at * channels, channels);
      if (posting.slots.length === 0) this.postings.delete(term);
    }
    stored.tokens.forEach((tokens, channel) => {
      this.totalLengths[channel]! -= tokens.length;
      this.lengths[slot * channels + channel] = 0;
    });
    this.documents[slot] = undefined;
    this.slotById.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  /** The requirements most similar to `document`, best first. */
  query(document: Omit<IndexedDocument, 'id'> & { id?: string }, options: QueryOptions): SimilarRequirement[] {
    const exclude = new Set(options.exclude ?? []);
    if (document.id !== undefined) exclude.add(document.id);
    return this.rank(this.tokensOf(document), exclude, options.limit);
  }

  /** The requirements most similar to one already in the index (itself excluded). */
  similarTo(id: string, options: QueryOptions): SimilarRequirement[] {
    const slot = this.slotById.get(id);
    if (slot === undefined) return [];
    const exclude = new Set(options.exclude ?? []);
    exclude.add(id);
    return this.rank(this.documents[slot]!.tokens, exclude, options.limit);
  }

  /**
   * The index as JSON shards that each take at most `maxShardBytes` as a KVS value (`storedValueBytes`; see the module comment).
   * Throws if a single document is larger than the limit, which `maxTokensPerField` prevents for any
   * sensible limit.
   */
  serialise(maxShardBytes = KVS_VALUE_LIMIT_BYTES): string[] {
    const whole = this.shardsOf(1);
    // Start near the size the whole index needs (shards repeat some vocabulary, hence the margin), then double.
    let shardCount = 2 ** Math.max(0, Math.ceil(Math.log2((storedValueBytes(whole[0]!) * 1.2) / maxShardBytes)));
    for (;;) {
      const shards = shardCount === 1 ? whole : this.shardsOf(shardCount);
      if (shards.every((shard) => storedValueBytes(shard) <= maxShardBytes)) return shards;
      if (shardCount > this.size) throw new Error(`A document does not fit in ${maxShardBytes} bytes`);
      shardCount *= 2;
    }
  }

  /** One shard, for rewriting only the shard a changed document belongs to (see `shardOf`). */
  serialiseShard(shard: number, shardCount: number): string {
    return encodeShard(
      shard,
      shardCount,
      this.documents.filter((stored): stored is StoredDocument => stored !== undefined && shardOf(stored.id, shardCount) === shard),
      this.fieldNames.length,
    );
  }

  private shardsOf(shardCount: number): string[] {
    const groups: StoredDocument[][] = Array.from({ length: shardCount }, () => []);
    for (const stored of this.documents) if (stored !== undefined) groups[shardOf(stored.id, shardCount)]!.push(stored);
    return groups.map((documents, shard) => encodeShard(shard, shardCount, documents, this.fieldNames.length));
  }

  /**
   * Rebuilds an index from every shard `serialise` wrote. Returns null when a shard has another
   * format version or the shards do not form one complete set: the caller then rebuilds from Jira.
   */
  static deserialise(shards: readonly string[], options: Partial<DuplicateIndexOptions> = {}): DuplicateIndex | null {
    const index = new DuplicateIndex(options);
    const seen = new Set<number>();
    for (const text of shards) {
      const file = JSON.parse(text) as ShardFile;
      if (file.format !== INDEX_FORMAT_VERSION || file.shardCount !== shards.length || seen.has(file.shard)) return null;
      seen.add(file.shard);
      for (const [id, encoded] of file.documents) {
        const perField = encoded.split('|').map((channel) => (channel === '' ? [] : channel.split(' ').map((code) => file.terms[parseInt(code, 36)]!)));
        index.insertTokens(id, index.withTrigrams(perField));
      }
    }
    return index;
  }

  private tokensOf(document: Pick<IndexedDocument, 'fields'>): string[][] {
    const limit = this.options.maxTokensPerField;
    const perField = this.fieldNames.map((name) => tokenise(document.fields[name] ?? '', this.options.tokens).slice(0, limit));
    return this.withTrigrams(perField);
  }

  private withTrigrams(perField: string[][]): string[][] {
    const source = perField[this.fieldNames.indexOf(this.options.trigramField)];
    // Chinese n-grams and concepts are already what trigrams would add; trigrams serve spellings of words and identifiers.
    const words = source?.filter((token) => !token.startsWith(CONCEPT_PREFIX) && !HAN.test(token));
    const trigrams = this.options.trigramWeight > 0 && words !== undefined ? characterTrigrams(words).slice(0, this.options.maxTokensPerField) : [];
    return [...perField, trigrams];
  }

  private insertTokens(id: string, tokens: string[][]): void {
    this.remove(id);
    const slot = this.freeSlots.pop() ?? this.documents.length;
    const channels = this.channelWeights.length;
    this.documents[slot] = { id, tokens };
    this.slotById.set(id, slot);
    tokens.forEach((channelTokens, channel) => {
      const counts = countTerms(channelTokens);
      for (const [term, count] of counts) {
        let posting = this.postings.get(term);
        if (posting === undefined) {
          posting = { slots: [], counts: [] };
          this.postings.set(term, posting);
        }
        const entry = posting.slots.length;
        // A term appears in one channel only (trigrams are prefixed; fields share terms), so it may already have an entry.
        const existing = posting.slots.at(-1) === slot ? entry - 1 : -1;
        if (existing === -1) {
          posting.slots.push(slot);
          for (let index = 0; index < channels; index += 1) posting.counts.push(0);
          posting.counts[entry * channels + channel] = count;
        } else {
          posting.counts[existing * channels + channel] = count;
        }
      }
      this.totalLengths[channel]! += channelTokens.length;
      this.lengths[slot * channels + channel] = channelTokens.length;
    });
  }

  /** Concepts and single Chinese characters count by their own weight (see the options). */
  private classWeight(term: string, chineseQuery: boolean): number {
    if (term.startsWith(CONCEPT_PREFIX)) return chineseQuery ? this.options.conceptWeight : this.options.englishConceptWeight;
    return term.length === 1 && HAN.test(term) ? this.options.unigramWeight : 1;
  }

  private idf(term: string): number {
    const documentFrequency = this.postings.get(term)?.slots.length ?? 0;
    return Math.log(1 + (this.size - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** Query term weights: the `maxQueryTerms` heaviest of `termWeights`. */
  private queryWeights(tokens: readonly string[][]): Map<string, number> {
    return new Map([...this.termWeights(tokens)].slice(0, this.options.maxQueryTerms));
  }

  /** Field-weighted sublinear counts times idf, heaviest first (ties by term, for determinism). */
  private termWeights(tokens: readonly string[][]): Map<string, number> {
    const weights = new Map<string, number>();
    const chinese = tokens.some((channelTokens) => channelTokens.some((token) => HAN.test(token)));
    tokens.forEach((channelTokens, channel) => {
      for (const [term, count] of countTerms(channelTokens)) {
        weights.set(term, (weights.get(term) ?? 0) + this.classWeight(term, chinese) * this.channelWeights[channel]! * (1 + Math.log(count)));
      }
    });
    const scored = [...weights].map(([term, weight]) => [term, weight * this.idf(term)] as const).filter(([, weight]) => weight > 0);
    scored.sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1));
    return new Map(scored);
  }

  private rank(tokens: readonly string[][], exclude: Set<string>, limit: number): SimilarRequirement[] {
    const queryWeights = this.queryWeights(tokens);
    const channels = this.channelWeights.length;
    if (this.scores.length < this.documents.length) this.scores = new Float64Array(this.documents.length * 2);
    const scores = this.scores;
    const touched: number[] = [];
    const averageLengths = this.totalLengths.map((total) => Math.max(1, total / Math.max(1, this.size)));
    const k1 = this.options.k1;
    for (const [term, queryWeight] of queryWeights) {
      const posting = this.postings.get(term);
      // A new requirement's words may be in no indexed document.
      if (posting === undefined) continue;
      for (let entry = 0; entry < posting.slots.length; entry += 1) {
        const slot = posting.slots[entry]!;
        // BM25F (inlined: this loop is the query's cost): field-weighted, length-normalised term frequency, saturated once.
        let frequency = 0;
        for (let channel = 0; channel < channels; channel += 1) {
          const count = posting.counts[entry * channels + channel]!;
          if (count === 0) continue;
          const b = this.channelB[channel]!;
          frequency += (this.channelWeights[channel]! * count) / (1 - b + (b * this.lengths[slot * channels + channel]!) / averageLengths[channel]!);
        }
        if (scores[slot] === 0) touched.push(slot);
        scores[slot]! += (queryWeight * frequency) / (k1 + frequency);
      }
    }
    const best = topSlots(touched, scores, limit, (slot) => this.documents[slot]!.id, exclude);
    for (const slot of touched) scores[slot] = 0;
    const selfScore = this.selfScore(tokens, queryWeights, averageLengths);
    return best.map(({ slot, score }) => ({ id: this.documents[slot]!.id, similarity: Math.min(1, score / selfScore), score }));
  }

  /** One term's BM25F score against a document with these counts and lengths per channel (the same formula as in `rank`). */
  private termScore(queryWeight: number, counts: readonly number[], lengths: readonly number[], averageLengths: readonly number[]): number {
    let frequency = 0;
    counts.forEach((count, channel) => {
      if (count === 0) return;
      const b = this.channelB[channel]!;
      frequency += (this.channelWeights[channel]! * count) / (1 - b + (b * lengths[channel]!) / averageLengths[channel]!);
    });
    return (queryWeight * frequency) / (this.options.k1 + frequency);
  }

  /**
   * What the query would score against itself: the scale of the shown similarity. Dividing every
   * score of one query by the same number keeps the order, so the list is ordered by the figure it
   * shows; a copy of the requirement scores 1 (or just under, for a longer copy).
   */
  private selfScore(tokens: readonly string[][], queryWeights: Map<string, number>, averageLengths: readonly number[]): number {
    const counts = tokens.map(countTerms);
    const lengths = tokens.map((channelTokens) => channelTokens.length);
    let total = 0;
    for (const [term, queryWeight] of queryWeights) total += this.termScore(queryWeight, counts.map((channel) => channel.get(term) ?? 0), lengths, averageLengths);
    return total;
  }
}

function countTerms(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * The `limit` highest-scoring slots, best first, ties by id (so the order does not depend on
 * insertion order, which a deserialised index does not keep); a bounded insertion, not a full sort.
 */
function topSlots(candidates: readonly number[], scores: Float64Array, limit: number, idOf: (slot: number) => string, exclude: ReadonlySet<string>): { slot: number; score: number }[] {
  const best: { slot: number; score: number; id: string }[] = [];
  const before = (score: number, id: string, other: { score: number; id: string }) => score > other.score || (score === other.score && id < other.id);
  for (const slot of candidates) {
    const score = scores[slot]!;
    if (best.length === limit && score < best[limit - 1]!.score) continue;
    const id = idOf(slot);
    if (exclude.has(id)) continue;
    let at = best.length;
    while (at > 0 && before(score, id, best[at - 1]!)) at -= 1;
    best.splice(at, 0, { slot, score, id });
    if (best.length > limit) best.pop();
  }
  return best;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}
