import { normalizeText, searchTerm } from './search-terms.ts';

/** The words of an index: a query's word that is not one of them can match nothing. */
export interface Vocabulary {
  has(term: string): boolean;
}

/**
 * Substrings longer than this are not looked up (jieba's longest common words, such as
 * 全国人民代表大会常务委员会, have 12 characters; a longer one still meets its inner words). A query
 * of 200 characters costs at most 2,400 look-ups.
 */
const MAX_TERM_LENGTH = 12;

/** A letter or digit that jieba keeps together with its neighbours as one word (after NFKC). */
const isLatinOrDigit = (char: string | undefined) => char !== undefined && /^[a-z0-9]$/.test(char);

/** Runs of letters and digits, split at spaces and punctuation. */
const BLOCK = /[\p{L}\p{N}]+/gu;

/**
 * A query's terms, found in the index's own vocabulary rather than in jieba's dictionary, so that a
 * search never loads the dictionary. Like jieba's search mode, which the entries were segmented with,
 * it emits a long word and the shorter words inside it: every substring of two or more characters
 * that is a word of the index, a whole run of Latin letters and digits (never a piece of one), and a
 * single character that is a word of the index only where no longer word covers it. Stop words are
 * dropped as for entries. No duplicates.
 */
export function segmentQuery(text: string, vocabulary: Vocabulary): string[] {
  const terms = new Set<string>();
  for (const [block] of normalizeText(text).matchAll(BLOCK)) {
    const chars = [...block];
    const covered = new Array<boolean>(chars.length).fill(false);
    const lookUp = (start: number, end: number) => {
      const term = searchTerm(chars.slice(start, end).join(''));
      if (term && vocabulary.has(term)) {
        terms.add(term);
        covered.fill(true, start, end);
      }
    };
    // A boundary inside a run of Latin letters or digits would cut a word jieba keeps whole.
    const cuts = (i: number) => !(isLatinOrDigit(chars[i - 1]) && isLatinOrDigit(chars[i]));
    const latinRun = (start: number, end: number) => chars.slice(start, end).every(isLatinOrDigit);

    for (let start = 0; start < chars.length; start++) {
      if (!cuts(start)) continue;
      if (isLatinOrDigit(chars[start])) {
        // The whole run, however long.
        let end = start + 1;
        while (end < chars.length && isLatinOrDigit(chars[end])) end++;
        lookUp(start, end);
      }
      // Words of two or more characters (a word such as t恤 may join Latin and Chinese).
      for (let end = start + 2; end <= Math.min(chars.length, start + MAX_TERM_LENGTH); end++) {
        if (cuts(end) && !latinRun(start, end)) lookUp(start, end);
      }
    }
    // Single characters only where no longer word covers them.
    for (let i = 0; i < chars.length; i++) {
      if (!covered[i] && !isLatinOrDigit(chars[i])) lookUp(i, i + 1);
    }
  }
  return [...terms];
}
