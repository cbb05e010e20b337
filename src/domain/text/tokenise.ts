import { Converter } from 'opencc-js/t2cn';
import { CONCEPT_PREFIX, CONCEPTS } from './lexicon';

/**
 * Turns requirement text (English, Chinese without spaces, or both mixed, with code identifiers
 * and stack traces) into search and classification tokens. Deterministic: the same text always
 * gives the same tokens in the same order, each with the span of the original text it came from
 * (so the panel can highlight the words two requirements share).
 *
 * - Folding: Unicode NFKC (full-width ＡＢＣ１２３ and compatibility forms to their plain forms),
 *   lower case, and traditional Chinese to simplified (opencc-js; Taiwan phrases such as 軟體 →
 *   软件 too when the text holds traditional characters).
 * - English words: stop words dropped (unless asked to keep them), light suffix stemming.
 * - Identifiers (`FileSystem`, `org.apache.hadoop.fs`, `dfs_replication`): the parts, stemmed,
 *   and the whole identifier too, so an exact class name still matches more strongly than the
 *   words it is made of.
 * - Chinese (Han) runs: character unigrams (but not function characters such as 的, 了) and
 *   overlapping bigrams, the segmentation-free choice that measured best (docs/BENCHMARKS.md).
 * - Concepts: a requirement-vocabulary word in either language (lexicon.ts) adds its concept token
 *   (`~alarm` for 报警, 告警, 预警 and "alarm"), so synonyms and translations meet.
 * - Numbers stay tokens (error codes, ports, versions such as 3.4.0 kept whole).
 */

export interface TokeniseOptions {
  /** Keep English stop words (classification benefits from "shall", "must", "be able to"). */
  keepStopWords?: boolean;
  /** Character unigrams of Chinese runs (default true); bigrams are always produced. */
  chineseUnigrams?: boolean;
  /** Concept tokens from the lexicon (default true). */
  concepts?: boolean;
}

export interface Token {
  term: string;
  /** UTF-16 offsets in the original text; `start === end === 0` when folding changed the text's length (no reliable span). */
  start: number;
  end: number;
}

// Common English function words; requirement-specific words such as "shall" stay, they carry meaning.
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her his how i if in into is it its ' +
    'me my no nor not of on or our so some such than that the their them then there these they this those to too us was we were what when ' +
    'where which while who whom why will with would you your also just only very any all each both other more most own same again about ' +
    'above after before below between during through under until up down out off over once here should'
  ).split(' '),
);

/** Han characters that carry grammar, not meaning: never a unigram token (they stay inside bigrams). */
const FUNCTION_CHARACTERS = new Set(
  Array.from(
    '的了是在和与及或我你他她它们这那也就都而把被让给对从向为以于之其等么吗呢吧啊个一有要能会可还很再又才没着过里得地所',
  ),
);

// A chunk: letters and digits joined by identifier punctuation; Han runs inside are split off after.
const CHUNK = /[\p{L}\p{N}_$]+(?:[.\-/:#][\p{L}\p{N}_$]+)*/gu;
const HAN_RUN = /(\p{Script=Han}+)/u;
const HAN = /\p{Script=Han}/u;
const PLAIN_WORD = /^[a-z]+$/;
const IDENTIFIER_SEPARATORS = /[._$\-/:#]+/;
// camelCase and acronym boundaries: "getHTTPServer" -> get, HTTP, Server.
const CAMEL_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N}{2,})|(?<=\p{N})(?=\p{L}{2,})/u;
const NUMERIC = /^[\p{N}.]+$/u;
const VOWEL = /[aeiouy]/;

const toSimplified = Converter({ from: 't', to: 'cn' });
const taiwanToMainland = Converter({ from: 'twp', to: 'cn' });

/**
 * Traditional Chinese to simplified. Character conversion first; only a text that held traditional
 * characters also gets the Taiwan phrase table (軟體 → 软件), which would wrongly rewrite some
 * simplified words (程序 → 进程).
 */
export function simplifiedChinese(text: string): string {
  if (!HAN.test(text)) return text;
  const simplified = toSimplified(text);
  return simplified === text ? text : taiwanToMainland(text);
}

/** NFKC, traditional to simplified, lower case: the form every comparison works on. */
export function normaliseText(text: string): string {
  return simplifiedChinese(text.normalize('NFKC')).toLowerCase();
}

/**
 * A light English suffix stemmer: plural -s/-es/-ies, -ing, -ed, -ly. Enough to match "fails",
 * "failed", "failing" with "fail" without the over-stemming of a full Porter stemmer on
 * technical words.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5 && VOWEL.test(word.slice(0, -3))) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4 && VOWEL.test(word.slice(0, -2))) return undouble(word.slice(0, -2));
  if (word.endsWith('ly') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** "running" -> "runn" -> "run"; doubled l, s and z stay ("fall", "pass"). */
function undouble(stemmed: string): string {
  const last = stemmed.at(-1)!;
  return stemmed.length > 2 && last === stemmed.at(-2) && !/[aeioulsz]/.test(last) ? stemmed.slice(0, -1) : stemmed;
}

const isStopWord = (word: string): boolean => STOP_WORDS.has(word);

/** Chinese concept words by their first character, longest first; English ones as stemmed word sequences. */
const CHINESE_CONCEPTS = new Map<string, { word: string; concept: string }[]>();
const ENGLISH_CONCEPTS = new Map<string, string[]>();
for (const concept of CONCEPTS) {
  for (const word of concept.chinese) {
    const first = word[0]!;
    const list = CHINESE_CONCEPTS.get(first) ?? [];
    list.push({ word, concept: CONCEPT_PREFIX + concept.id });
    CHINESE_CONCEPTS.set(first, list);
  }
  for (const phrase of concept.english) {
    const key = phrase
      .toLowerCase()
      .split(/[\s-]+/)
      .map(stem)
      .join(' ');
    ENGLISH_CONCEPTS.set(key, [...new Set([...(ENGLISH_CONCEPTS.get(key) ?? []), CONCEPT_PREFIX + concept.id])]);
  }
}
for (const list of CHINESE_CONCEPTS.values()) list.sort((left, right) => right.word.length - left.word.length);
const LONGEST_ENGLISH_CONCEPT = Math.max(...[...ENGLISH_CONCEPTS.keys()].map((key) => key.split(' ').length));

/** Tokens of a text for search and classification; see the module comment. */
export function tokenise(text: string, options: TokeniseOptions = {}): string[] {
  return tokeniseWithSpans(text, options).map((token) => token.term);
}

/** Tokens with the span of the original text each came from; see the module comment. */
export function tokeniseWithSpans(text: string, options: TokeniseOptions = {}): Token[] {
  const folded = simplifiedChinese(text);
  // Folding keeps offsets unless a phrase changed length (演算法 → 算法): then no span is reliable.
  const spans = folded.length === text.length;
  const tokens: Token[] = [];
  const push = (term: string, start: number, end: number) =>
    tokens.push(spans ? { term, start, end } : { term, start: 0, end: 0 });
  // Every English word in order, stop words included, for concept phrases such as "log in".
  const words: { word: string; start: number; end: number }[] = [];
  const useConcepts = options.concepts !== false;

  const keepWord = (word: string, start: number, end: number): void => {
    if (word.length < 2 && !NUMERIC.test(word)) return;
    const stemmed = NUMERIC.test(word) ? word : stem(word);
    words.push({ word: stemmed, start, end });
    if (!options.keepStopWords && isStopWord(word)) return;
    push(stemmed, start, end);
  };
  const pushChunk = (raw: string, start: number): void => {
    const end = start + raw.length;
    const chunk = raw.normalize('NFKC');
    if (PLAIN_WORD.test(chunk)) {
      keepWord(chunk, start, end);
      return;
    }
    const lower = chunk.toLowerCase();
    if (NUMERIC.test(lower)) {
      push(lower, start, end);
      return;
    }
    const parts = chunk
      .split(IDENTIFIER_SEPARATORS)
      .flatMap((part) => part.split(CAMEL_BOUNDARY))
      .filter((part) => part.length > 0)
      .map((part) => part.toLowerCase());
    if (parts.length > 1) push(lower.replace(/^[_$]+|[_$]+$/g, ''), start, end);
    for (const part of parts) keepWord(part, start, end);
  };
  const pushHan = (run: string, start: number): void => {
    const characters = Array.from(run);
    const offsets: number[] = [];
    let offset = start;
    for (const character of characters) {
      offsets.push(offset);
      offset += character.length;
    }
    offsets.push(offset);
    characters.forEach((character, at) => {
      if (characters.length === 1 || (options.chineseUnigrams !== false && !FUNCTION_CHARACTERS.has(character)))
        push(character, offsets[at]!, offsets[at + 1]!);
      if (at + 1 < characters.length) push(character + characters[at + 1]!, offsets[at]!, offsets[at + 2]!);
      if (!useConcepts) return;
      const seen = new Set<string>();
      for (const { word, concept } of CHINESE_CONCEPTS.get(character) ?? []) {
        if (seen.has(concept) || !run.startsWith(word, offsets[at]! - start)) continue;
        seen.add(concept);
        push(concept, offsets[at]!, offsets[at]! + word.length);
      }
    });
  };

  for (const match of folded.matchAll(CHUNK)) {
    const chunk = match[0];
    const chunkStart = match.index;
    if (!HAN.test(chunk)) {
      pushChunk(chunk, chunkStart);
      continue;
    }
    // "导出Excel表格": odd pieces are Han runs, even ones the letters and digits between them.
    let at = chunkStart;
    chunk.split(HAN_RUN).forEach((piece, index) => {
      if (index % 2 === 1) pushHan(piece, at);
      else for (const inner of piece.matchAll(CHUNK)) pushChunk(inner[0], at + inner.index);
      at += piece.length;
    });
  }
  if (useConcepts) pushEnglishConcepts(words, push);
  return tokens;
}

function pushEnglishConcepts(
  words: readonly { word: string; start: number; end: number }[],
  push: (term: string, start: number, end: number) => void,
): void {
  for (let start = 0; start < words.length; start += 1) {
    for (let length = 1; length <= LONGEST_ENGLISH_CONCEPT && start + length <= words.length; length += 1) {
      const key = words
        .slice(start, start + length)
        .map((entry) => entry.word)
        .join(' ');
      for (const concept of ENGLISH_CONCEPTS.get(key) ?? []) push(concept, words[start]!.start, words[start + length - 1]!.end);
    }
  }
}
