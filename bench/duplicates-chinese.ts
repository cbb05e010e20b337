import { DuplicateIndex, type DuplicateIndexOptions } from '../src/domain/text/duplicate-index';
import { SUGGESTION_LIMIT } from '../src/services/duplicates';
import { LIKELY_DUPLICATE_SIMILARITY, SUGGESTIONS_PER_ROW } from '../src/services/sheet-import';
import { benchParts, readChineseSet, type Entry, type Part, type Wording } from './chinese-set';

/**
 * `npm run bench -- duplicates` on the hand-written Chinese set (test/fixtures/chinese-requirements):
 * each Chinese wording of a need asks for its similar requirements among every other text (the other
 * wordings, every other need, the look-alikes); recall@k is the share whose list shows another
 * wording of the same need among its first k. "panel" is the list the triage panel shows (its
 * floor and order); "engine" the index's own ranking. The cross-language lines ask with the English
 * wording for a Chinese one, and with a Chinese wording for the English one.
 */

interface Labelled extends Wording {
  need: string;
  part: Part;
}

const format = (value: number) => value.toFixed(3);

function textsOf(entries: Entry[], withEnglish: boolean): Labelled[] {
  return entries.flatMap((entry) =>
    entry.wordings
      .filter((wording) => withEnglish || !wording.english)
      .map((wording) => ({ ...wording, need: entry.lookalike ? `lookalike:${entry.id}` : entry.id, part: entry.part })),
  );
}

type Lister = (query: Labelled) => { ids: string[]; shown: number[] };

function indexLister(texts: Labelled[], options: Partial<DuplicateIndexOptions>, panel: boolean): Lister {
  const index = new DuplicateIndex(options);
  for (const text of texts) index.upsert({ id: text.id, fields: { summary: text.text } });
  return (query) => {
    // The panel shows the index's first SUGGESTION_LIMIT, without a floor (before this change: those with a cosine of at least 0.1).
    const hits = index.similarTo(query.id, { limit: panel ? SUGGESTION_LIMIT : 5 });
    return { ids: hits.map((hit) => hit.id), shown: hits.map((hit) => hit.similarity) };
  };
}

/**
 * The independent baseline: plain BM25 (k1 1.2, b 0.75) over Chinese character unigrams and bigrams
 * (and lower-cased letter/digit runs), every query term used; nothing shared with the text engine.
 */
function plainCharacterBm25(texts: Labelled[]): Lister {
  const termsOf = (text: string): string[] => {
    const terms: string[] = [];
    for (const run of text.toLowerCase().match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) {
      const characters = Array.from(run);
      if (!/\p{Script=Han}/u.test(run)) terms.push(run);
      else
        characters.forEach((character, at) =>
          terms.push(character, ...(at + 1 < characters.length ? [character + characters[at + 1]!] : [])),
        );
    }
    return terms;
  };
  const counts = new Map(texts.map((text) => [text.id, countOf(termsOf(text.text))]));
  const lengths = new Map(
    texts.map((text) => [text.id, [...counts.get(text.id)!.values()].reduce((sum, count) => sum + count, 0)]),
  );
  const postings = new Map<string, string[]>();
  for (const [id, termCounts] of counts)
    for (const term of termCounts.keys()) postings.set(term, [...(postings.get(term) ?? []), id]);
  const averageLength = [...lengths.values()].reduce((sum, length) => sum + length, 0) / texts.length;
  return (query) => {
    const scores = new Map<string, number>();
    for (const term of counts.get(query.id)!.keys()) {
      const posting = postings.get(term)!;
      const idf = Math.log(1 + (texts.length - posting.length + 0.5) / (posting.length + 0.5));
      for (const id of posting) {
        const frequency = counts.get(id)!.get(term)!;
        scores.set(
          id,
          (scores.get(id) ?? 0) +
            (idf * frequency * 2.2) / (frequency + 1.2 * (0.25 + (0.75 * lengths.get(id)!) / averageLength)),
        );
      }
    }
    scores.delete(query.id);
    const ranked = [...scores].sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1)).slice(0, 5);
    return { ids: ranked.map(([id]) => id), shown: ranked.map(([, score]) => score) };
  };
}

function countOf(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

interface Recall {
  queries: number;
  at1: number;
  at5: number;
  /** Share of lists whose shown scores never rise from one line to the next. */
  ordered: number;
  /** Mean list length. */
  shown: number;
}

function recall(
  lister: Lister,
  queries: Labelled[],
  isMatch: (query: Labelled, hit: Labelled) => boolean,
  byId: Map<string, Labelled>,
): Recall {
  let at1 = 0;
  let at5 = 0;
  let ordered = 0;
  let shown = 0;
  for (const query of queries) {
    const list = lister(query);
    const matches = list.ids.map((id) => isMatch(query, byId.get(id)!));
    if (matches[0]) at1 += 1;
    if (matches.some(Boolean)) at5 += 1;
    if (list.shown.every((score, at) => at === 0 || score <= list.shown[at - 1]! + 1e-9)) ordered += 1;
    shown += list.ids.length;
  }
  const share = (count: number) => count / Math.max(1, queries.length);
  return {
    queries: queries.length,
    at1: share(at1),
    at5: share(at5),
    ordered: share(ordered),
    shown: shown / Math.max(1, queries.length),
  };
}

const line = (name: string, result: Recall) =>
  `duplicates_zh ${name} queries=${result.queries} recall@1=${format(result.at1)} recall@5=${format(result.at5)} shown_per_list=${result.shown.toFixed(2)} ordered_by_shown_score=${format(result.ordered)}`;

export function benchChineseDuplicates(
  options: Partial<DuplicateIndexOptions> = {},
  parts: readonly Part[] = benchParts(),
): void {
  const entries = readChineseSet();
  const chinese = textsOf(entries, false);
  const everything = textsOf(entries, true);
  const byId = new Map(everything.map((text) => [text.id, text]));
  const sameNeed = (query: Labelled, hit: Labelled) => hit.need === query.need;
  for (const part of parts) {
    const queries = chinese.filter((text) => text.part === part && !text.need.startsWith('lookalike:'));
    console.log(line(`part=${part} list=panel`, recall(indexLister(chinese, options, true), queries, sameNeed, byId)));
    console.log(line(`part=${part} list=engine`, recall(indexLister(chinese, options, false), queries, sameNeed, byId)));
    console.log(line(`part=${part} list=plain_char_bm25`, recall(plainCharacterBm25(chinese), queries, sameNeed, byId)));
    const withEnglish = new Set(
      entries
        .filter((entry) => entry.part === part && entry.wordings.some((wording) => wording.english))
        .map((entry) => entry.id),
    );
    const englishQueries = everything.filter((text) => text.english && withEnglish.has(text.need));
    const chineseQueries = everything.filter((text) => !text.english && withEnglish.has(text.need));
    const panel = indexLister(everything, options, true);
    const en2zh = recall(panel, englishQueries, (query, hit) => sameNeed(query, hit) && !hit.english, byId);
    const zh2en = recall(panel, chineseQueries, (query, hit) => sameNeed(query, hit) && hit.english, byId);
    console.log(
      `duplicates_cross_language part=${part} needs=${withEnglish.size} en_to_zh_recall@1=${format(en2zh.at1)} en_to_zh_recall@5=${format(en2zh.at5)} zh_to_en_recall@1=${format(zh2en.at1)} zh_to_en_recall@5=${format(zh2en.at5)}`,
    );
  }
}

/** Every scored pair of one part of the set, and each need wording's top matches as an imported row sees them. */
export interface ImportFloorMeasures {
  trueSimilarities: number[];
  lookalikeSimilarities: number[];
  rows: { similarity: number; kind: 'true' | 'lookalike' | 'other' }[][];
}

/** What a floor does to the measures: shares of pairs on the wrong side, and of rows by what they show. */
export interface FloorFigures {
  truePairsBelow: number;
  lookalikePairsAtOrAbove: number;
  rowsShowingTrue: number;
  rowsWhoseTrueMatchIsHidden: number;
  rowsShowingLookalike: number;
  rowsShowingOther: number;
}

/**
 * The sheet import's floor (LIKELY_DUPLICATE_SIMILARITY): a row's top SUGGESTIONS_PER_ROW matches
 * are shown only at or above it. Over every pair of the part, the similarity of each true pair (two
 * wordings of one need, asked from either side) and of each look-alike pair (a need's wording and
 * its look-alike's, `<id>x` beside `<id>`); and each need wording's top matches, as a row sees them.
 */
export function importFloorMeasures(part: Part): ImportFloorMeasures {
  const entries = readChineseSet();
  const chinese = textsOf(entries, false);
  const index = new DuplicateIndex();
  for (const text of chinese) index.upsert({ id: text.id, fields: { summary: text.text } });
  const needIds = new Set(entries.filter((entry) => !entry.lookalike).map((entry) => entry.id));
  const shadowed = (lookalike: string) =>
    lookalike.endsWith('x') && needIds.has(lookalike.slice(0, -1)) ? lookalike.slice(0, -1) : null;
  const byId = new Map(chinese.map((text) => [text.id, text]));
  const measures: ImportFloorMeasures = { trueSimilarities: [], lookalikeSimilarities: [], rows: [] };
  for (const query of chinese.filter((text) => text.part === part)) {
    const isLookalike = query.need.startsWith('lookalike:');
    const queryShadows = isLookalike ? shadowed(query.need.slice('lookalike:'.length)) : null;
    const kindOf = (hitId: string): 'true' | 'lookalike' | 'other' => {
      const hit = byId.get(hitId)!;
      if (isLookalike) return hit.need === queryShadows ? 'lookalike' : 'other';
      if (hit.need === query.need) return 'true';
      return hit.need.startsWith('lookalike:') && shadowed(hit.need.slice('lookalike:'.length)) === query.need
        ? 'lookalike'
        : 'other';
    };
    const ranked = index
      .similarTo(query.id, { limit: chinese.length })
      .map((hit) => ({ similarity: hit.similarity, kind: kindOf(hit.id) }));
    for (const hit of ranked) {
      if (hit.kind === 'true') measures.trueSimilarities.push(hit.similarity);
      if (hit.kind === 'lookalike') measures.lookalikeSimilarities.push(hit.similarity);
    }
    if (!isLookalike) measures.rows.push(ranked.slice(0, SUGGESTIONS_PER_ROW));
  }
  return measures;
}

export function floorFigures(measures: ImportFloorMeasures, floor: number): FloorFigures {
  const share = (count: number, total: number) => count / Math.max(1, total);
  const shown = measures.rows.map((row) => row.filter((hit) => hit.similarity >= floor));
  const rowsWhere = (test: (row: (typeof measures.rows)[number], index: number) => boolean) =>
    share(measures.rows.filter(test).length, measures.rows.length);
  return {
    truePairsBelow: share(measures.trueSimilarities.filter((value) => value < floor).length, measures.trueSimilarities.length),
    lookalikePairsAtOrAbove: share(
      measures.lookalikeSimilarities.filter((value) => value >= floor).length,
      measures.lookalikeSimilarities.length,
    ),
    rowsShowingTrue: rowsWhere((_, index) => shown[index]!.some((hit) => hit.kind === 'true')),
    rowsWhoseTrueMatchIsHidden: rowsWhere(
      (row, index) => row.some((hit) => hit.kind === 'true') && !shown[index]!.some((hit) => hit.kind === 'true'),
    ),
    rowsShowingLookalike: rowsWhere((_, index) => shown[index]!.some((hit) => hit.kind === 'lookalike')),
    rowsShowingOther: rowsWhere((_, index) => shown[index]!.some((hit) => hit.kind === 'other')),
  };
}

/** `import_floor` lines: the measures' spread, then what each floor (the app's among them) does. */
export function benchImportFloor(parts: readonly Part[] = benchParts()): void {
  const quantile = (values: number[], q: number) =>
    [...values].sort((left, right) => left - right)[Math.floor(q * (values.length - 1))] ?? 0;
  // The app's floor among the others (0.35 was its value before the two-direction re-ranking).
  const floors = [...new Set([0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, LIKELY_DUPLICATE_SIMILARITY])].sort(
    (left, right) => left - right,
  );
  for (const part of parts) {
    const measures = importFloorMeasures(part);
    const { trueSimilarities, lookalikeSimilarities, rows } = measures;
    console.log(
      `import_floor part=${part} true_pairs=${trueSimilarities.length} true_median=${format(quantile(trueSimilarities, 0.5))} true_p10=${format(quantile(trueSimilarities, 0.1))} lookalike_pairs=${lookalikeSimilarities.length} lookalike_median=${format(quantile(lookalikeSimilarities, 0.5))} lookalike_p90=${format(quantile(lookalikeSimilarities, 0.9))} rows=${rows.length}`,
    );
    for (const floor of floors) {
      const figures = floorFigures(measures, floor);
      console.log(
        `import_floor part=${part} floor=${floor.toFixed(2)}${floor === LIKELY_DUPLICATE_SIMILARITY ? '(current)' : ''} true_pairs_below=${format(figures.truePairsBelow)} lookalike_pairs_at_or_above=${format(figures.lookalikePairsAtOrAbove)}` +
          ` rows_true_in_top${SUGGESTIONS_PER_ROW}_shown=${format(figures.rowsShowingTrue)} rows_true_in_top${SUGGESTIONS_PER_ROW}_dropped_by_floor=${format(figures.rowsWhoseTrueMatchIsHidden)}` +
          ` rows_lookalike_shown=${format(figures.rowsShowingLookalike)} rows_other_shown=${format(figures.rowsShowingOther)}`,
      );
    }
  }
}
