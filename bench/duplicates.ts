import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { DuplicateIndex, type DuplicateIndexOptions, type IndexedDocument } from '../src/domain/text/duplicate-index';
import { benchChineseDuplicates, benchImportFloor } from './duplicates-chinese';
import { percentile, seededRandom } from './helpers';

/**
 * `npm run bench -- duplicates`: similar-issue search on the GitBugs Hadoop set (2,503 issues,
 * known duplicate pairs) and query latency over 50,000 synthetic mixed zh/en requirements.
 * Protocol and results: docs/BENCHMARKS.md.
 */

const FIXTURES = path.resolve(__dirname, '../test/fixtures/gitbugs-hadoop');
const LIMITS = [1, 5, 10] as const;

interface Issue {
  id: string;
  summary: string;
  description: string;
}

type Partners = Map<string, Set<string>>;

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(FIXTURES, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

function readIssues(): Issue[] {
  return readCsv('hadoop_bugs.csv').map((row) => ({
    id: row['Issue id']!,
    summary: row.Summary ?? '',
    description: row.Description ?? '',
  }));
}

/** Undirected partner sets from a pair file; `Duplicate id` may list several ids separated by commas. */
function readPartners(file: string): Partners {
  const partners: Partners = new Map();
  const link = (from: string, to: string) => {
    if (!partners.has(from)) partners.set(from, new Set());
    partners.get(from)!.add(to);
  };
  for (const row of readCsv(file)) {
    const left = row['Issue id']!.trim();
    for (const right of row['Duplicate id']!.split(',')
      .map((id) => id.trim())
      .filter(Boolean)) {
      link(left, right);
      link(right, left);
    }
  }
  return partners;
}

/**
 * The supplied train/test files share 19 of 24 test pairs (reversed), so they are no holdout. The
 * honest split the data README recommends: connected groups of duplicates, each group to "tune" or
 * "holdout" by a hash of its smallest id (about one in four to holdout), fixed for every run.
 */
function splitByGroup(partners: Partners): { tune: Partners; holdout: Partners } {
  const groupOf = new Map<string, string>();
  for (const start of [...partners.keys()].sort()) {
    if (groupOf.has(start)) continue;
    const stack = [start];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (groupOf.has(id)) continue;
      groupOf.set(id, start);
      stack.push(...partners.get(id)!);
    }
  }
  const tune: Partners = new Map();
  const holdout: Partners = new Map();
  for (const [id, linked] of partners) {
    const root = groupOf.get(id)!;
    (stableHash(root) % 4 === 0 ? holdout : tune).set(id, linked);
  }
  return { tune, holdout };
}

function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const character of text) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

type Ranker = (queryId: string, limit: number) => string[];

function recall(ranker: Ranker, partners: Partners): { queries: number; at: Record<(typeof LIMITS)[number], number> } {
  const hits = { 1: 0, 5: 0, 10: 0 };
  for (const [queryId, linked] of partners) {
    const ranked = ranker(queryId, 10);
    for (const limit of LIMITS) if (ranked.slice(0, limit).some((id) => linked.has(id))) hits[limit] += 1;
  }
  const share = (count: number) => count / partners.size;
  return { queries: partners.size, at: { 1: share(hits[1]), 5: share(hits[5]), 10: share(hits[10]) } };
}

const toDocument = (issue: Issue): IndexedDocument => ({
  id: issue.id,
  fields: { summary: issue.summary, description: issue.description },
});

function buildIndex(issues: Issue[], options: Partial<DuplicateIndexOptions>): DuplicateIndex {
  const index = new DuplicateIndex(options);
  for (const issue of issues) index.upsert(toDocument(issue));
  return index;
}

const indexRanker =
  (index: DuplicateIndex): Ranker =>
  (queryId, limit) =>
    index.similarTo(queryId, { limit }).map((result) => result.id);

/** Our method with one field, all query terms and no trigrams: what the representation alone gives. */
const ONE_FIELD_OPTIONS: Partial<DuplicateIndexOptions> = {
  fields: { text: { weight: 1, b: 0.75 } },
  maxTokensPerField: Number.MAX_SAFE_INTEGER,
  maxQueryTerms: Number.MAX_SAFE_INTEGER,
  trigramWeight: 0,
};

/**
 * The baseline, kept independent of the text engine: plain BM25 (k1 1.2, b 0.75) over summary and
 * description as one text, lower-cased runs of letters and digits as terms (no stemming, no stop
 * words, no identifier splitting), every query term used.
 */
function plainBm25(issues: Issue[]): Ranker {
  const termsOf = (issue: Issue) => `${issue.summary}\n${issue.description}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const counts = new Map<string, Map<string, number>>();
  const lengths = new Map<string, number>();
  const postings = new Map<string, string[]>();
  for (const issue of issues) {
    const terms = termsOf(issue);
    const termCounts = new Map<string, number>();
    for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
    counts.set(issue.id, termCounts);
    lengths.set(issue.id, terms.length);
    for (const term of termCounts.keys()) postings.set(term, [...(postings.get(term) ?? []), issue.id]);
  }
  const averageLength = [...lengths.values()].reduce((sum, length) => sum + length, 0) / issues.length;
  const k1 = 1.2;
  const b = 0.75;
  return (queryId, limit) => {
    const scores = new Map<string, number>();
    for (const term of counts.get(queryId)!.keys()) {
      const posting = postings.get(term)!;
      const idf = Math.log(1 + (issues.length - posting.length + 0.5) / (posting.length + 0.5));
      for (const id of posting) {
        const frequency = counts.get(id)!.get(term)!;
        const normalised = (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * lengths.get(id)!) / averageLength));
        scores.set(id, (scores.get(id) ?? 0) + idf * normalised);
      }
    }
    scores.delete(queryId);
    return [...scores]
      .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))
      .slice(0, limit)
      .map(([id]) => id);
  };
}
const oneFieldDocument = (issue: Issue): IndexedDocument => ({
  id: issue.id,
  fields: { text: `${issue.summary}\n${issue.description}` },
});

const format = (value: number) => value.toFixed(3);

export async function benchDuplicates(): Promise<void> {
  const issues = readIssues();
  const combined = readPartners('hadoop_bugs-combined.csv');
  const { tune, holdout } = splitByGroup(combined);

  const index = buildIndex(issues, {});
  const baseline = plainBm25(issues);
  const oneField = new DuplicateIndex(ONE_FIELD_OPTIONS);
  for (const issue of issues) oneField.upsert(oneFieldDocument(issue));

  const method = recall(indexRanker(index), combined);
  const plain = recall(baseline, combined);
  console.log(
    `duplicates queries=${method.queries} recall@1=${format(method.at[1])} recall@5=${format(method.at[5])} recall@10=${format(method.at[10])} bm25_recall@5=${format(plain.at[5])}`,
  );
  console.log('duplicates published REP (Patil 2025, different protocol): recall@1=0.409 recall@5=0.604 recall@10=0.654');
  for (const [name, partners] of [
    ['tune_groups', tune],
    ['holdout_groups', holdout],
    ['supplied_train', readPartners('hadoop_bugs-train.csv')],
    ['supplied_test', readPartners('hadoop_bugs-test.csv')],
  ] as const) {
    const split = recall(indexRanker(index), partners);
    const splitBaseline = recall(baseline, partners);
    console.log(
      `duplicates split=${name} queries=${split.queries} recall@1=${format(split.at[1])} recall@5=${format(split.at[5])} recall@10=${format(split.at[10])} bm25_recall@5=${format(splitBaseline.at[5])}`,
    );
  }
  const ablation = recall(indexRanker(oneField), combined);
  console.log(
    `duplicates ablation=one_field_all_terms_no_trigrams recall@1=${format(ablation.at[1])} recall@5=${format(ablation.at[5])} recall@10=${format(ablation.at[10])}`,
  );
  if (process.env.BENCH_DUPLICATES_TUNE) tuneOnGroups(issues, tune, holdout);
  benchChineseDuplicates();
  benchImportFloor();
  benchLatency();
  benchProjectLoad();
}

/** GitBugs recall on the tune groups for one set of index options (for choosing options without the holdout). */
export function gitBugsTuneRecall(options: Partial<DuplicateIndexOptions>): { at1: number; at5: number } {
  const issues = readIssues();
  const { tune } = splitByGroup(readPartners('hadoop_bugs-combined.csv'));
  const result = recall(indexRanker(buildIndex(issues, options)), tune);
  return { at1: result.at[1], at5: result.at[5] };
}

/** Grid over the main parameters, judged on the tune groups only; the holdout shown beside it. */
function tuneOnGroups(issues: Issue[], tune: Partners, holdout: Partners): void {
  for (const summaryWeight of [2, 3, 4])
    for (const k1 of [0.9, 1.2, 1.6])
      for (const trigramWeight of [0, 0.5, 1])
        for (const maxQueryTerms of [32, 48, 96]) {
          const options: Partial<DuplicateIndexOptions> = {
            fields: { summary: { weight: summaryWeight, b: 0.5 }, description: { weight: 1, b: 0.75 } },
            k1,
            trigramWeight,
            maxQueryTerms,
          };
          const index = buildIndex(issues, options);
          const onTune = recall(indexRanker(index), tune);
          const onHoldout = recall(indexRanker(index), holdout);
          console.log(
            `tune summary=${summaryWeight} k1=${k1} trigram=${trigramWeight} terms=${maxQueryTerms} tune@5=${format(onTune.at[5])} holdout@5=${format(onHoldout.at[5])}`,
          );
        }
}

const ENGLISH_WORDS = (
  'export import report dashboard filter search login password account user customer order invoice payment refund price discount ' +
  'notification email message mobile app page screen button form field table column chart data file excel pdf upload download sync ' +
  'slow fast error crash timeout fail alarm warning device sensor module permission role admin audit log security backup restore'
).split(' ');
const CHINESE_WORDS =
  '导出 导入 报表 仪表盘 筛选 搜索 登录 密码 账户 用户 客户 订单 发票 支付 退款 价格 折扣 通知 邮件 消息 移动端 页面 按钮 表单 字段 数据 文件 上传 下载 同步 缓慢 错误 崩溃 超时 失败 预警 误报 设备 传感器 模块 权限 角色 管理员 审计 日志 安全 备份 恢复 标签 画像 分析 合作 培训 售后'.split(
    ' ',
  );
const IDENTIFIERS = [
  'OrderService',
  'exportToExcel',
  'customer_profile',
  'alarm.threshold',
  'PaymentGateway',
  'user-tags',
  'HTTP503',
  'ReportBuilder',
];

/** A synthetic requirement: summary and description mixing Chinese and English words and identifiers. */
export function syntheticRequirement(random: () => number, id: number): IndexedDocument {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const phrase = (length: number) =>
    Array.from({ length }, () =>
      random() < 0.5 ? pick(CHINESE_WORDS) : random() < 0.9 ? pick(ENGLISH_WORDS) : pick(IDENTIFIERS),
    ).join(random() < 0.5 ? '' : ' ');
  return {
    id: `REQ-${id}`,
    fields: { summary: phrase(4 + Math.floor(random() * 6)), description: phrase(20 + Math.floor(random() * 60)) },
  };
}

/**
 * The app keeps one index per project and loads only that project's shards (KVS reads excluded):
 * what a panel pays per request, for project sizes up to the 50,000 that took 6.9 s as one index,
 * and what the trigger pays to rewrite the one shard a changed requirement belongs to.
 */
export function benchProjectLoad(): void {
  for (const count of [1_000, 5_000, 10_000]) {
    const random = seededRandom(7);
    const index = new DuplicateIndex();
    for (let id = 1; id <= count; id += 1) index.upsert(syntheticRequirement(random, id));
    const shards = index.serialise();
    const loads = Array.from({ length: 5 }, () => {
      const start = performance.now();
      DuplicateIndex.deserialise(shards);
      return performance.now() - start;
    }).sort((left, right) => left - right);
    const rewriteStart = performance.now();
    index.upsert(syntheticRequirement(random, 1));
    index.serialiseShard(0, shards.length);
    const rewriteMs = performance.now() - rewriteStart;
    console.log(
      `duplicates_project_load requirements=${count} shards=${shards.length} load_median_ms=${loads[2]!.toFixed(0)} shard_rewrite_ms=${rewriteMs.toFixed(1)}`,
    );
  }
}

function benchLatency(): void {
  const count = Number(process.env.BENCH_DUPLICATES_REQUIREMENTS ?? 50_000);
  const random = seededRandom(2024);
  const documents = Array.from({ length: count }, (_, id) => syntheticRequirement(random, id + 1));
  const buildStart = performance.now();
  const index = new DuplicateIndex();
  for (const document of documents) index.upsert(document);
  const buildMs = performance.now() - buildStart;
  // What the index holds in memory (a Forge function has 512 MB by default): heap after a collection when node runs with --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const queries = Array.from({ length: 300 }, (_, id) => syntheticRequirement(random, count + id + 1));
  for (const query of queries.slice(0, 30)) index.query(query, { limit: 5 });
  const latencies = queries.map((query) => {
    const start = performance.now();
    index.query(query, { limit: 5 });
    return performance.now() - start;
  });
  latencies.sort((left, right) => left - right);
  const serialiseStart = performance.now();
  const shards = index.serialise();
  const serialiseMs = performance.now() - serialiseStart;
  const loadStart = performance.now();
  DuplicateIndex.deserialise(shards);
  const loadMs = performance.now() - loadStart;
  const megabytes = shards.reduce((sum, shard) => sum + Buffer.byteLength(shard), 0) / 1024 / 1024;
  console.log(
    `duplicates_latency requirements=${count} top5_median_ms=${percentile(latencies, 50).toFixed(2)} top5_p95_ms=${percentile(latencies, 95).toFixed(2)} build_ms=${buildMs.toFixed(0)}` +
      ` shards=${shards.length} stored_mb=${megabytes.toFixed(1)} serialise_ms=${serialiseMs.toFixed(0)} load_ms=${loadMs.toFixed(0)} heap_mb=${heapMb.toFixed(0)} load_average=${loadavg()[0]!.toFixed(1)}`,
  );
}
