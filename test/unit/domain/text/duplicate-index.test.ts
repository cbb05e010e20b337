import { KVS_VALUE_MAX_BYTES } from '../../../../src/domain/platform-limits';
import {
  DEFAULT_INDEX_OPTIONS,
  DuplicateIndex,
  INDEX_FORMAT_VERSION,
  characterTrigrams,
  shardOf,
  storedValueBytes,
  type IndexedDocument,
} from '../../../../src/domain/text/duplicate-index';

/** What Forge stores for a string value: its JSON, quotes escaped. */
const kvsBytes = (shard: string): number => new TextEncoder().encode(JSON.stringify(shard)).length;

const requirement = (id: string, summary: string, description = ''): IndexedDocument => ({
  id,
  fields: { summary, description },
});

const CORPUS: IndexedDocument[] = [
  requirement('REQ-1', 'Export data as Excel', 'Customers want to download the order list as an Excel file'),
  requirement('REQ-2', 'Smart warning module raises false alarms', 'Device A reports too many false alarms at night'),
  requirement('REQ-3', 'Custom customer tags', 'Tags are fixed today; we need custom tag fields'),
  requirement('REQ-4', '导出数据为Excel表格', '客户希望把订单列表下载为Excel文件'),
  requirement('REQ-5', '设备A智能预警误报太多', '夜间误报频繁'),
  requirement(
    'REQ-6',
    'NameNode crashes with java.io.IOException',
    'Stack trace at org.apache.hadoop.hdfs.server.namenode.FSNamesystem',
  ),
];

function buildIndexWith(options: ConstructorParameters<typeof DuplicateIndex>[0], documents = CORPUS): DuplicateIndex {
  const index = new DuplicateIndex(options);
  for (const document of documents) index.upsert(document);
  return index;
}

const buildIndex = (documents = CORPUS): DuplicateIndex => buildIndexWith({}, documents);

const ids = (results: { id: string }[]) => results.map((result) => result.id);

describe('the duplicate-suggestion index', () => {
  test('ranks a near-duplicate first, with a similarity between 0 and 1', () => {
    const results = buildIndex().query(
      { fields: { summary: 'Export the data to Excel', description: 'download orders as an Excel file' } },
      { limit: 3 },
    );
    expect(results[0]!.id).toBe('REQ-1');
    for (const result of results) {
      expect(result.similarity).toBeGreaterThan(0);
      expect(result.similarity).toBeLessThanOrEqual(1);
    }
    expect(results[0]!.similarity).toBeGreaterThan(results[1]?.similarity ?? 0);
  });

  test('finds Chinese near-duplicates and identifier matches', () => {
    const index = buildIndex();
    expect(ids(index.query({ fields: { summary: '智能预警误报' } }, { limit: 1 }))).toEqual(['REQ-5']);
    expect(ids(index.query({ fields: { summary: 'FSNamesystem IOException' } }, { limit: 1 }))).toEqual(['REQ-6']);
  });

  test('a document identical to the query has similarity 1', () => {
    const [best] = buildIndex().query({ fields: CORPUS[2]!.fields }, { limit: 1 });
    expect(best).toMatchObject({ id: 'REQ-3' });
    expect(best!.similarity).toBeCloseTo(1, 6);
  });

  test('never returns the requirement itself or excluded ids', () => {
    const index = buildIndex();
    expect(ids(index.similarTo('REQ-1', { limit: 10 }))).not.toContain('REQ-1');
    expect(ids(index.query({ id: 'REQ-1', fields: CORPUS[0]!.fields }, { limit: 10, exclude: ['REQ-4'] }))).not.toEqual(
      expect.arrayContaining(['REQ-1']),
    );
    expect(ids(index.query({ fields: CORPUS[0]!.fields }, { limit: 10, exclude: new Set(['REQ-1', 'REQ-4']) }))).not.toEqual(
      expect.arrayContaining(['REQ-1', 'REQ-4']),
    );
  });

  test('returns at most the limit, best first', () => {
    const results = buildIndex().query({ fields: { summary: 'excel false alarms tags namenode' } }, { limit: 2 });
    expect(results).toHaveLength(2);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
  });

  test('words no document has find nothing', () => {
    expect(buildIndex().query({ fields: { summary: 'zzzqqq' } }, { limit: 5 })).toEqual([]);
    expect(buildIndex().query({ fields: {} }, { limit: 5 })).toEqual([]);
  });

  test('removing a document takes it out of the results', () => {
    const index = buildIndex();
    expect(index.remove('REQ-1')).toBe(true);
    expect(index.remove('REQ-1')).toBe(false);
    expect(index.has('REQ-1')).toBe(false);
    expect(index.size).toBe(CORPUS.length - 1);
    expect(ids(index.query({ fields: { summary: 'Export data as Excel' } }, { limit: 10 }))).not.toContain('REQ-1');
    expect(index.similarTo('REQ-1', { limit: 5 })).toEqual([]);
  });

  test('updating a document changes what it matches', () => {
    const index = buildIndex();
    index.upsert(requirement('REQ-3', 'Payment gateway timeout', 'Checkout fails with a timeout from the payment gateway'));
    expect(index.size).toBe(CORPUS.length);
    expect(ids(index.query({ fields: { summary: 'custom customer tags' } }, { limit: 5 }))).not.toContain('REQ-3');
    expect(ids(index.query({ fields: { summary: 'payment gateway timeout' } }, { limit: 1 }))).toEqual(['REQ-3']);
  });

  test('a freed slot is reused and the new document is found', () => {
    const index = buildIndex();
    index.remove('REQ-2');
    index.upsert(requirement('REQ-7', 'Dark theme for the dashboard'));
    expect(ids(index.query({ fields: { summary: 'dashboard dark theme' } }, { limit: 1 }))).toEqual(['REQ-7']);
  });

  test('after removals, reused slots and terms in several fields, scores equal those of an index built fresh', () => {
    const churned = buildIndex();
    churned.remove('REQ-1');
    churned.remove('REQ-4');
    // The same term in summary and description: two adjacent entries of one document in the posting.
    churned.upsert(requirement('REQ-8', 'Excel export Excel', 'export to Excel, every Excel column'));
    churned.upsert(requirement('REQ-1', 'Export data as Excel', 'Customers want to download the order list as an Excel file'));
    churned.upsert(requirement('REQ-4', '导出数据为Excel表格', '客户希望把订单列表下载为Excel文件'));
    churned.remove('REQ-8');
    churned.upsert(requirement('REQ-8', 'Excel export Excel', 'export to Excel, every Excel column'));
    const fresh = buildIndex([...CORPUS, requirement('REQ-8', 'Excel export Excel', 'export to Excel, every Excel column')]);
    const query = { fields: { summary: 'export Excel', description: '导出Excel 订单 alarm' } };
    const scores = (index: DuplicateIndex) => index.query(query, { limit: 10 }).map((hit) => [hit.id, hit.score.toFixed(9)]);
    expect(scores(churned)).toEqual(scores(fresh));
    expect(scores(fresh).length).toBeGreaterThan(3);
  });

  test('equal scores are ordered by id, whatever the insertion order', () => {
    const twins = [requirement('REQ-B', 'identical words'), requirement('REQ-A', 'identical words')];
    const forwards = buildIndex(twins);
    const backwards = buildIndex([...twins].reverse());
    const query = { fields: { summary: 'identical words' } };
    expect(ids(forwards.query(query, { limit: 2 }))).toEqual(['REQ-A', 'REQ-B']);
    expect(ids(backwards.query(query, { limit: 2 }))).toEqual(['REQ-A', 'REQ-B']);
    expect(ids(forwards.query(query, { limit: 1 }))).toEqual(['REQ-A']);
  });

  test('takes its options over the defaults', () => {
    const index = new DuplicateIndex({ k1: 2 });
    expect(index.options).toEqual({ ...DEFAULT_INDEX_OPTIONS, k1: 2 });
  });

  test('character trigrams are word-bounded and marked apart from words', () => {
    expect(characterTrigrams(['tag', '标签'])).toEqual(['# ta', '#tag', '#ag ', '# 标签', '#标签 ']);
  });

  test('works without the trigram representation', () => {
    const index = new DuplicateIndex({ trigramWeight: 0 });
    for (const document of CORPUS) index.upsert(document);
    expect(ids(index.query({ fields: { summary: 'custom tags' } }, { limit: 1 }))).toEqual(['REQ-3']);
  });
});

describe('serialising the index', () => {
  const queries = ['Export data as Excel', '预警误报', 'namenode crash', 'custom tags'];

  test('a round trip gives the same results', () => {
    const index = buildIndex();
    const restored = DuplicateIndex.deserialise(index.serialise())!;
    expect(restored.size).toBe(index.size);
    for (const summary of queries)
      expect(restored.query({ fields: { summary } }, { limit: 5 })).toEqual(index.query({ fields: { summary } }, { limit: 5 }));
  });

  test('splits into shards that each fit the byte limit, and reads them back', () => {
    const index = buildIndex();
    const shards = index.serialise(600);
    expect(shards.length).toBeGreaterThan(1);
    for (const shard of shards) expect(kvsBytes(shard)).toBeLessThanOrEqual(600);
    const restored = DuplicateIndex.deserialise(shards)!;
    for (const summary of queries)
      expect(restored.query({ fields: { summary } }, { limit: 5 })).toEqual(index.query({ fields: { summary } }, { limit: 5 }));
  });

  test('one shard can be rewritten alone: it holds exactly the documents hashed to it', () => {
    const index = buildIndex();
    const shardCount = 4;
    const shard = shardOf('REQ-4', shardCount);
    const file = JSON.parse(index.serialiseShard(shard, shardCount)) as { documents: [string, string][] };
    expect(file.documents.map(([id]) => id)).toEqual(
      CORPUS.map((document) => document.id)
        .filter((id) => shardOf(id, shardCount) === shard)
        .sort(),
    );
  });

  test('counts text outside the Basic Multilingual Plane at its UTF-8 size', () => {
    const index = new DuplicateIndex();
    index.upsert(requirement('REQ-1', '𠀀𠀁 café emoji 🙂'));
    const [shard] = index.serialise(10_000);
    expect(DuplicateIndex.deserialise([shard!])!.size).toBe(1);
  });

  test('every limit gives shards within it, or says a document does not fit', () => {
    const index = buildIndex();
    for (let limit = 100; limit <= 3000; limit += 50) {
      let shards: string[];
      try {
        shards = index.serialise(limit);
      } catch (error) {
        expect(String(error)).toMatch(/does not fit/);
        continue;
      }
      for (const shard of shards) expect(kvsBytes(shard)).toBeLessThanOrEqual(limit);
      expect(DuplicateIndex.deserialise(shards)!.size).toBe(CORPUS.length);
    }
  });

  test('the default limit is one Forge KVS value', () => {
    expect(KVS_VALUE_MAX_BYTES).toBe(240 * 1024);
    expect(buildIndex().serialise()).toHaveLength(1);
  });

  test('shards are measured as Forge stores them (JSON, quotes escaped): 7,600 short requirements never make a value over 240 KiB', () => {
    const index = new DuplicateIndex();
    for (let n = 0; n < 7_600; n += 1) index.upsert(requirement(String(10_000 + n), `Bench ${n}`));
    const shards = index.serialise();
    // The bare text of one shard would fit (about 203 KiB, with room to grow); its stored form (about 249 KiB) would not.
    expect(shards.length).toBeGreaterThan(1);
    for (const shard of shards) expect(kvsBytes(shard)).toBeLessThanOrEqual(KVS_VALUE_MAX_BYTES);
    for (const shard of shards) expect(storedValueBytes(shard)).toBe(kvsBytes(shard));
    expect(kvsBytes(index.serialiseShard(0, 1))).toBeGreaterThan(KVS_VALUE_MAX_BYTES);
  });

  test('refuses a limit no single document fits in', () => {
    expect(() => buildIndex().serialise(50)).toThrow(/does not fit/);
  });

  test('a round trip after removals and out-of-order inserts gives the same results', () => {
    const index = buildIndex([...CORPUS].reverse());
    index.remove('REQ-2');
    const restored = DuplicateIndex.deserialise(index.serialise())!;
    expect(restored.has('REQ-2')).toBe(false);
    for (const summary of queries)
      expect(restored.query({ fields: { summary } }, { limit: 5 })).toEqual(index.query({ fields: { summary } }, { limit: 5 }));
  });

  test('an empty index round-trips', () => {
    const shards = new DuplicateIndex().serialise();
    expect(DuplicateIndex.deserialise(shards)!.size).toBe(0);
  });

  test.each([
    [
      'another format version',
      (shards: string[]) => shards.map((shard) => shard.replace(`"format":${INDEX_FORMAT_VERSION}`, '"format":0')),
    ],
    ['a missing shard', (shards: string[]) => shards.slice(1)],
    ['a repeated shard', (shards: string[]) => [shards[0]!, ...shards.slice(0, -1)]],
  ])('gives null (rebuild from Jira) for %s', (_name, damage) => {
    const shards = buildIndex().serialise(600);
    expect(DuplicateIndex.deserialise(damage(shards))).toBeNull();
  });
});

describe('one score: the list is ordered by the similarity it shows', () => {
  const paraphrases = [
    requirement('P-1', '设备报警太多，工人都不理了'),
    requirement('P-2', '智能预警误报率偏高'),
    requirement('P-3', '预警算法误报太多，希望降低误报率'),
    requirement('P-4', '客户列表导出Excel后日期显示为数字'),
    requirement('P-5', 'Too many false alarms from the warning module'),
  ];

  test('every list is in non-increasing order of the shown similarity, and the score is the same order', () => {
    const index = buildIndex([...CORPUS, ...paraphrases]);
    for (const document of [...CORPUS, ...paraphrases]) {
      const results = index.similarTo(document.id, { limit: 5 });
      results.forEach((result, at) => {
        if (at === 0) return;
        expect(result.similarity).toBeLessThanOrEqual(results[at - 1]!.similarity);
        expect(result.score).toBeLessThanOrEqual(results[at - 1]!.score);
      });
    }
  });

  test('no floor: a weak but true match is listed while the list has room', () => {
    const index = buildIndex([...CORPUS, ...paraphrases]);
    // P-1 and P-3 share only the alarm concept and a character or two, yet P-3 is listed.
    const results = index.similarTo('P-1', { limit: 5 });
    expect(results.length).toBe(5);
    expect(ids(results)).toContain('P-3');
    // The panel's old floor (0.1) would have dropped the weakest of these.
    expect(Math.min(...results.map((result) => result.similarity))).toBeLessThan(0.15);
  });

  test('a Chinese wording finds its synonyms and its English wording, and the English one finds the Chinese', () => {
    const index = buildIndex([...CORPUS, ...paraphrases]);
    expect(ids(index.similarTo('P-3', { limit: 3 }))).toEqual(expect.arrayContaining(['REQ-5', 'P-2']));
    expect(ids(index.similarTo('P-5', { limit: 5 }))).toEqual(expect.arrayContaining(['REQ-2', 'P-3']));
    expect(ids(index.query({ fields: { summary: '設備預警誤報' } }, { limit: 1 }))).toEqual(['REQ-5']);
  });

  test('concept and single-character weights are options', () => {
    const heavy = new DuplicateIndex({ conceptWeight: 8, englishConceptWeight: 8, unigramWeight: 0 });
    for (const document of paraphrases) heavy.upsert(document);
    expect(heavy.options.conceptWeight).toBe(8);
    expect(ids(heavy.similarTo('P-5', { limit: 2 })).sort()).toEqual(['P-2', 'P-3']);
  });

  test('the shown similarity of two requirements is the same from either side', () => {
    const index = buildIndex([...CORPUS, ...paraphrases]);
    const everything = [...CORPUS, ...paraphrases].map((document) => document.id);
    let pairs = 0;
    for (const id of everything) {
      for (const hit of index.similarTo(id, { limit: 10 })) {
        // The other side may not reach this one at all: a query looks up only its heaviest terms.
        const back = index.similarTo(hit.id, { limit: 10 }).find((other) => other.id === id);
        if (back === undefined) continue;
        expect(back.similarity).toBeCloseTo(hit.similarity, 12);
        pairs += 1;
      }
    }
    expect(pairs).toBeGreaterThan(30);
  });

  test("without the re-ranking (symmetricCandidates 0) the list is the query's own BM25F view, scaled by its self-score", () => {
    const oneSided = buildIndexWith({ symmetricCandidates: 0 }, [...CORPUS, ...paraphrases]);
    const both = buildIndex([...CORPUS, ...paraphrases]);
    const [first] = oneSided.similarTo('P-3', { limit: 1 });
    expect(first!.similarity).toBeLessThan(first!.score);
    expect(first!.similarity).toBeGreaterThan(0);
    const [symmetric] = both.similarTo('P-3', { limit: 1 });
    expect(symmetric!.score).toBe(symmetric!.similarity);
  });

  test("more candidates than the re-ranking takes: the best by the query's view, ties by id, excluded ones skipped", () => {
    const strong = Array.from({ length: 25 }, (_, at) =>
      requirement(`S-${String(at).padStart(2, '0')}`, 'export the order list to Excel'),
    );
    const weak = Array.from({ length: 10 }, (_, at) => requirement(`W-${at}`, 'order'));
    const index = buildIndex([...weak, ...strong.slice().reverse()]);
    const results = index.query({ fields: { summary: 'export the order list to Excel' } }, { limit: 3, exclude: ['S-00'] });
    expect(ids(results)).toEqual(['S-01', 'S-02', 'S-03']);
  });
});
