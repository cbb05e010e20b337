import { CONCEPT_PREFIX } from './lexicon';
import { tokenise, tokeniseWithSpans } from './tokenise';

/**
 * Why a requirement was suggested as similar: the words of its summary that the requirement being
 * read shares with it, as spans to highlight and as a short list. A word counts when the same token
 * is on both sides: the same word or Chinese bigram, or the same concept (报警 here, 告警 there).
 * Lone Chinese characters are left out: they rank, but highlighting them reads as noise.
 */

export interface Span {
  start: number;
  end: number;
}

export interface MatchExplanation {
  /** Spans of the suggestion's summary to highlight, in order, not overlapping. */
  highlights: Span[];
  /** The highlighted words, each once, in order. */
  sharedWords: string[];
}

const HAN_CHARACTER = /^\p{Script=Han}$/u;
const isExplaining = (term: string): boolean => term.startsWith(CONCEPT_PREFIX) || !HAN_CHARACTER.test(term);

export function explainMatch(queryTexts: readonly string[], summary: string): MatchExplanation {
  const queryTerms = new Set(queryTexts.flatMap((text) => tokenise(text)));
  const spans = tokeniseWithSpans(summary)
    .filter((token) => token.end > token.start && isExplaining(token.term) && queryTerms.has(token.term))
    .sort((left, right) => left.start - right.start || right.end - left.end);
  const highlights: Span[] = [];
  for (const { start, end } of spans) {
    const last = highlights.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else highlights.push({ start, end });
  }
  return { highlights, sharedWords: [...new Set(highlights.map(({ start, end }) => summary.slice(start, end)))] };
}
