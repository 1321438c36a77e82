// The words of a search that narrow it. The full-text index matches parts of words (trigrams, so
// that "cykel" finds "cykelbanan"), which makes a short common word match nearly every idea: "för"
// is in "förslag", "före", "förbättra". Such words are left out, as search engines leave out "the";
// a search of nothing but them searches nothing. The list is the one similar ideas use.
import { normalizeText, SWEDISH_STOP_WORDS } from "./similarity";

export const SEARCH_WORD_MIN = 3;
export const SEARCH_WORDS_MAX = 12;

/** The words of `q` that narrow a search: lower case, at least three letters, no stop words. */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= SEARCH_WORD_MIN && !SWEDISH_STOP_WORDS.has(normalizeText(w)));
  return [...new Set(words)].slice(0, SEARCH_WORDS_MAX);
}
