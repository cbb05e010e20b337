/**
 * Turns requirement text (English, Chinese without spaces, or both mixed, with code identifiers
 * and stack traces) into search and classification tokens. Deterministic: the same text always
 * gives the same tokens in the same order.
 *
 * - Unicode NFKC first, so full-width letters and digits (ＡＢＣ１２３) and compatibility forms
 *   match their plain forms; then lower case.
 * - English words: stop words dropped (unless asked to keep them), light suffix stemming.
 * - Identifiers (`FileSystem`, `org.apache.hadoop.fs`, `dfs_replication`): the parts, stemmed,
 *   and the whole identifier too, so an exact class name still matches more strongly than the
 *   words it is made of.
 * - Chinese (Han) runs: overlapping character bigrams, the usual word-segmentation-free choice
 *   for retrieval; a lone Han character stays a unigram.
 * - Numbers stay tokens (error codes, ports, versions such as 3.4.0 kept whole).
 */

export interface TokeniseOptions {
  /** Keep English stop words (classification benefits from "shall", "must", "be able to"). */
  keepStopWords?: boolean;
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

/** NFKC and lower case: the form every comparison works on. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
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

/** Tokens of a text for search and classification; see the module comment. */
export function tokenise(text: string, options: TokeniseOptions = {}): string[] {
  const tokens: string[] = [];
  const keepWord = (word: string): void => {
    if (word.length < 2 && !NUMERIC.test(word)) return;
    if (!options.keepStopWords && isStopWord(word)) return;
    tokens.push(NUMERIC.test(word) ? word : stem(word));
  };
  const pushChunk = (chunk: string): void => {
    if (PLAIN_WORD.test(chunk)) {
      keepWord(chunk);
      return;
    }
    const lower = chunk.toLowerCase();
    if (NUMERIC.test(lower)) {
      tokens.push(lower);
      return;
    }
    const parts = chunk
      .split(IDENTIFIER_SEPARATORS)
      .flatMap((part) => part.split(CAMEL_BOUNDARY))
      .filter((part) => part.length > 0)
      .map((part) => part.toLowerCase());
    if (parts.length > 1) tokens.push(lower.replace(/^[_$]+|[_$]+$/g, ''));
    for (const part of parts) keepWord(part);
  };
  for (const match of text.normalize('NFKC').matchAll(CHUNK)) {
    const chunk = match[0];
    if (!HAN.test(chunk)) {
      pushChunk(chunk);
      continue;
    }
    // "导出Excel表格": odd pieces are Han runs, even ones the letters and digits between them.
    chunk.split(HAN_RUN).forEach((piece, at) => {
      if (at % 2 === 1) pushHanGrams(piece, tokens);
      else if (piece !== '') for (const inner of piece.matchAll(CHUNK)) pushChunk(inner[0]);
    });
  }
  return tokens;
}

function pushHanGrams(run: string, tokens: string[]): void {
  const characters = Array.from(run);
  if (characters.length === 1) {
    tokens.push(characters[0]!);
    return;
  }
  for (let index = 0; index + 1 < characters.length; index += 1) tokens.push(characters[index]! + characters[index + 1]!);
}
