import { CONCEPT_PREFIX } from './lexicon';
import { tokenise, type TokeniseOptions } from './tokenise';
import { KVS_VALUE_MAX_BYTES } from '../platform-limits';

/**
 * Similar-requirement search for the duplicate step of triage ("repeated needs are merged").
 *
 * Ranking is BM25F over the document's fields (the summary counts more than the description),
 * on two representations of the text: word tokens (see tokenise.ts) and character trigrams of
 * the summary, which survive typos, inflections and odd identifier spellings ("jackon-databind").
 * A query is itself a requirement; only its most distinctive terms are looked up (by tf·idf), which
 * bounds query time however long the description is.
 *
 * One score ranks the list and is shown: the query's best candidates by BM25F are re-ranked by the
 * mean of both directions, each BM25F over the asking side's score against itself (a copy scores
 * 1). The mean is the same whichever requirement asks, and it corrects BM25's favour for long
 * documents that happen to hold the query's words (measured in docs/BENCHMARKS.md).
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
  /** The best this many by the query's view are re-ranked by the mean of both directions' scores; 0 turns it off. */
  symmetricCandidates: number;
  /** The query's direction's share of that mean. */
  symmetricForwardWeight: number;
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
  symmetricCandidates: 20,
  symmetricForwardWeight: 0.5,
  tokens: {},
};

export interface SimilarRequirement {
  id: string;
  /** The figure shown, 0..1 (see the module comment); the list is ordered by it. */
  similarity: number;
  /** What the list is ranked by: the similarity itself, or with `symmetricCandidates` 0 the raw BM25F (comparable within one query only). */
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

/**
 * One term's postings in typed arrays (about 6 bytes an entry instead of 40 for arrays of numbers).
 * An entry is one (document, channel) with a count; its key is `slot << channelBits | channel`, so
 * the key indexes the per-channel length norms directly. A document's entries are adjacent (it is
 * inserted whole), which lets the query sum its channels before saturating.
 */
interface Posting {
  /** The term itself: documents keep this one copy instead of their own (a 50,000-requirement index shares most words). */
  term: string;
  keys: Int32Array;
  counts: Uint16Array;
  /** Entries in use. */
  length: number;
  /** Documents holding the term (the document frequency). */
  documents: number;
}

const NEW_POSTING_CAPACITY = 2;

function appendEntry(posting: Posting, key: number, count: number): void {
  if (posting.length === posting.keys.length) {
    const keys = new Int32Array(posting.keys.length * 2);
    keys.set(posting.keys);
    const counts = new Uint16Array(posting.keys.length * 2);
    counts.set(posting.counts);
    posting.keys = keys;
    posting.counts = counts;
  }
  posting.keys[posting.length] = key;
  // A count above 65,535 cannot happen with maxTokensPerField in the hundreds; clamp rather than wrap.
  posting.counts[posting.length] = Math.min(count, 0xffff);
  posting.length += 1;
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
  const encoded = sorted.map((stored): [string, string] => [
    stored.id,
    stored.tokens
      .slice(0, fieldCount)
      .map((tokens) => tokens.map(code).join(' '))
      .join('|'),
  ]);
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
    for (let index = 0; index + 2 < padded.length; index += 1)
      grams.push(TRIGRAM_PREFIX + padded[index]! + padded[index + 1]! + padded[index + 2]!);
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
  /** Bits of a posting key that hold the channel. */
  private readonly channelBits: number;
  /** Token count per posting key (slot and channel). */
  private lengths = new Uint32Array(0);
  private readonly totalLengths: number[];
  /** Per posting key: the channel's weight over its BM25 length normaliser; rebuilt on the first query after a change. */
  private norms = new Float64Array(0);
  private normsCurrent = false;
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);

  constructor(options: Partial<DuplicateIndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
    this.fieldNames = Object.keys(this.options.fields);
    const fieldOptions = this.fieldNames.map((name) => this.options.fields[name]!);
    this.channelWeights = [...fieldOptions.map((field) => field.weight), this.options.trigramWeight];
    this.channelB = [...fieldOptions.map((field) => field.b), 0.5];
    this.totalLengths = this.channelWeights.map(() => 0);
    this.channelBits = Math.ceil(Math.log2(this.channelWeights.length));
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
    const bits = this.channelBits;
    // A term in several fields has adjacent entries for the document: remove them together.
    for (const term of new Set(stored.tokens.flat())) {
      const posting = this.postings.get(term)!;
      let first = 0;
      while (posting.keys[first]! >> bits !== slot) first += 1;
      let last = first;
      while (last < posting.length && posting.keys[last]! >> bits === slot) last += 1;
      posting.keys.copyWithin(first, last, posting.length);
      posting.counts.copyWithin(first, last, posting.length);
      posting.length -= last - first;
      posting.documents -= 1;
      if (posting.documents === 0) this.postings.delete(term);
    }
    stored.tokens.forEach((tokens, channel) => {
      this.totalLengths[channel]! -= tokens.length;
      this.lengths[(slot << bits) | channel] = 0;
    });
    this.normsCurrent = false;
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
  serialise(maxShardBytes = KVS_VALUE_MAX_BYTES): string[] {
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
      this.documents.filter(
        (stored): stored is StoredDocument => stored !== undefined && shardOf(stored.id, shardCount) === shard,
      ),
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
        const perField = encoded
          .split('|')
          .map((channel) => (channel === '' ? [] : channel.split(' ').map((code) => file.terms[parseInt(code, 36)]!)));
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
    const trigrams =
      this.options.trigramWeight > 0 && words !== undefined
        ? characterTrigrams(words).slice(0, this.options.maxTokensPerField)
        : [];
    return [...perField, trigrams];
  }

  private insertTokens(id: string, tokens: string[][]): void {
    this.remove(id);
    const slot = this.freeSlots.pop() ?? this.documents.length;
    const bits = this.channelBits;
    this.slotById.set(id, slot);
    this.ensureCapacity(slot + 1);
    // Channels in order, each term once per channel: a term's entries for this document end up adjacent.
    const seen = new Set<string>();
    tokens.forEach((channelTokens, channel) => {
      for (const [term, count] of countTerms(channelTokens)) {
        let posting = this.postings.get(term);
        if (posting === undefined) {
          posting = {
            term,
            keys: new Int32Array(NEW_POSTING_CAPACITY),
            counts: new Uint16Array(NEW_POSTING_CAPACITY),
            length: 0,
            documents: 0,
          };
          this.postings.set(term, posting);
        }
        appendEntry(posting, (slot << bits) | channel, count);
        if (!seen.has(term)) {
          seen.add(term);
          posting.documents += 1;
        }
      }
      this.totalLengths[channel]! += channelTokens.length;
      this.lengths[(slot << bits) | channel] = channelTokens.length;
    });
    this.documents[slot] = {
      id,
      tokens: tokens.map((channelTokens) => channelTokens.map((term) => this.postings.get(term)!.term)),
    };
    this.normsCurrent = false;
  }

  /** Grows the per-slot arrays to hold `slots` documents (doubling, so inserts stay amortised O(1)). */
  private ensureCapacity(slots: number): void {
    if (this.scores.length >= slots) return;
    const capacity = Math.max(64, slots * 2);
    const lengths = new Uint32Array(capacity << this.channelBits);
    lengths.set(this.lengths);
    this.lengths = lengths;
    this.norms = new Float64Array(capacity << this.channelBits);
    this.normsCurrent = false;
    this.scores = new Float64Array(capacity);
    this.touched = new Int32Array(capacity);
  }

  /** The length norms of every (slot, channel) for the current average lengths. */
  private currentNorms(averageLengths: readonly number[]): Float64Array {
    if (this.normsCurrent) return this.norms;
    const bits = this.channelBits;
    const channels = this.channelWeights.length;
    for (let slot = 0; slot < this.documents.length; slot += 1) {
      for (let channel = 0; channel < channels; channel += 1) {
        const b = this.channelB[channel]!;
        const key = (slot << bits) | channel;
        this.norms[key] = this.channelWeights[channel]! / (1 - b + (b * this.lengths[key]!) / averageLengths[channel]!);
      }
    }
    this.normsCurrent = true;
    return this.norms;
  }

  /** Concepts and single Chinese characters count by their own weight (see the options). */
  private classWeight(term: string, chineseQuery: boolean): number {
    if (term.startsWith(CONCEPT_PREFIX)) return chineseQuery ? this.options.conceptWeight : this.options.englishConceptWeight;
    return term.length === 1 && HAN.test(term) ? this.options.unigramWeight : 1;
  }

  private idf(term: string): number {
    const documentFrequency = this.postings.get(term)?.documents ?? 0;
    return Math.log(1 + (this.size - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** Query term weights: the `maxQueryTerms` heaviest of `termWeights`. */
  private queryWeights(tokens: readonly string[][], chinese = holdsChinese(tokens)): Map<string, number> {
    return new Map([...this.termWeights(tokens, chinese)].slice(0, this.options.maxQueryTerms));
  }

  /** Field-weighted sublinear counts times idf, heaviest first (ties by term, for determinism). */
  private termWeights(tokens: readonly string[][], chinese: boolean): Map<string, number> {
    const weights = new Map<string, number>();
    tokens.forEach((channelTokens, channel) => {
      for (const [term, count] of countTerms(channelTokens)) {
        weights.set(
          term,
          (weights.get(term) ?? 0) + this.classWeight(term, chinese) * this.channelWeights[channel]! * (1 + Math.log(count)),
        );
      }
    });
    const scored = [...weights]
      .map(([term, weight]) => [term, weight * this.idf(term)] as const)
      .filter(([, weight]) => weight > 0);
    scored.sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1));
    return new Map(scored);
  }

  private rank(tokens: readonly string[][], exclude: Set<string>, limit: number): SimilarRequirement[] {
    const queryWeights = this.queryWeights(tokens);
    const scores = this.scores;
    const touched = this.touched;
    let touchedCount = 0;
    const averageLengths = this.totalLengths.map((total) => Math.max(1, total / Math.max(1, this.size)));
    const norms = this.currentNorms(averageLengths);
    const bits = this.channelBits;
    const k1 = this.options.k1;
    for (const [term, queryWeight] of queryWeights) {
      const posting = this.postings.get(term);
      // A new requirement's words may be in no indexed document.
      if (posting === undefined) continue;
      const { keys, counts, length } = posting;
      // BM25F (inlined: this loop is the query's cost): a document's channels summed, then saturated once.
      let entry = 0;
      while (entry < length) {
        const slot = keys[entry]! >> bits;
        let frequency = 0;
        do {
          frequency += counts[entry]! * norms[keys[entry]!]!;
          entry += 1;
        } while (entry < length && keys[entry]! >> bits === slot);
        if (scores[slot] === 0) touched[touchedCount++] = slot;
        scores[slot]! += (queryWeight * frequency) / (k1 + frequency);
      }
    }
    const candidates = Math.max(limit, this.options.symmetricCandidates);
    const best = topSlots(touched, touchedCount, scores, candidates, (slot) => this.documents[slot]!.id, exclude);
    for (let at = 0; at < touchedCount; at += 1) scores[touched[at]!] = 0;
    const selfScore = this.selfScore(tokens, queryWeights, averageLengths);
    if (this.options.symmetricCandidates === 0)
      return best.map(({ slot, score }) => ({ id: this.documents[slot]!.id, similarity: Math.min(1, score / selfScore), score }));
    const chineseQuery = holdsChinese(tokens);
    const forward = this.options.symmetricForwardWeight;
    const symmetric = best.map(({ slot }) => {
      const other = this.documents[slot]!;
      // Concepts weigh as for a Chinese query when either side is Chinese (an English wording answers a Chinese one on
      // concepts), and both directions use that choice, so the figure is the same whichever of the two asks.
      const chinese = chineseQuery || holdsChinese(other.tokens);
      const similarity = Math.min(
        1,
        forward * this.directedSimilarity(tokens, other.tokens, chinese, averageLengths) +
          (1 - forward) * this.directedSimilarity(other.tokens, tokens, chinese, averageLengths),
      );
      return { id: other.id, similarity, score: similarity };
    });
    // Stable: equal figures keep the order of the query's view, whose ties are by id, so a deserialised index agrees.
    symmetric.sort((left, right) => right.score - left.score);
    return symmetric.slice(0, limit);
  }

  /** BM25F of `from`'s query terms against `to`, over `from`'s score against itself: 1 for a copy. */
  private directedSimilarity(
    from: readonly string[][],
    to: readonly string[][],
    chinese: boolean,
    averageLengths: readonly number[],
  ): number {
    const weights = this.queryWeights(from, chinese);
    const counts = to.map(countTerms);
    const lengths = to.map((channelTokens) => channelTokens.length);
    let total = 0;
    for (const [term, weight] of weights)
      total += this.termScore(
        weight,
        counts.map((channel) => channel.get(term) ?? 0),
        lengths,
        averageLengths,
      );
    return total / this.selfScore(from, weights, averageLengths);
  }

  /** One term's BM25F score against a document with these counts and lengths per channel (the same formula as in `rank`). */
  private termScore(
    queryWeight: number,
    counts: readonly number[],
    lengths: readonly number[],
    averageLengths: readonly number[],
  ): number {
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
    for (const [term, queryWeight] of queryWeights)
      total += this.termScore(
        queryWeight,
        counts.map((channel) => channel.get(term) ?? 0),
        lengths,
        averageLengths,
      );
    return total;
  }
}

const holdsChinese = (tokens: readonly string[][]): boolean =>
  tokens.some((channelTokens) => channelTokens.some((token) => HAN.test(token)));

function countTerms(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * The `limit` highest-scoring slots, best first, ties by id (so the order does not depend on
 * insertion order, which a deserialised index does not keep); a bounded insertion, not a full sort.
 */
function topSlots(
  candidates: Int32Array,
  count: number,
  scores: Float64Array,
  limit: number,
  idOf: (slot: number) => string,
  exclude: ReadonlySet<string>,
): { slot: number; score: number }[] {
  const best: { slot: number; score: number; id: string }[] = [];
  const before = (score: number, id: string, other: { score: number; id: string }) =>
    score > other.score || (score === other.score && id < other.id);
  for (let candidate = 0; candidate < count; candidate += 1) {
    const slot = candidates[candidate]!;
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
