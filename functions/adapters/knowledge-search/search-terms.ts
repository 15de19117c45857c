/**
 * What counts as a search term, for documents (segmented by jieba) and queries (segmented against
 * the index's own words) alike: text is NFKC-normalised (full-width letters and digits folded) and
 * lower-cased, and a term must hold a letter or digit and not be a stop word.
 */

/** Words every question has, which would only add noise to the scores. */
const STOP_WORDS = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 么 是 在 有 和 与 及 或 就 都 也 还 把 被 给 让 向 从 到 对 为 我 你 他 她 它 我们 ' +
    '你们 他们 我家 这 那 这个 那个 什么 怎么 怎么办 怎样 如何 哪里 哪儿 哪个 哪些 谁 能 能不能 可以 可不可以 ' +
    '要 需要 想 请问 一下 一个 是否 会 不 没有 吗 啥'
  ).split(' '),
);

/** A token worth indexing: has a letter, digit or CJK character. */
const MEANINGFUL = /[\p{L}\p{N}]/u;

/** The form text is segmented in: NFKC, lower case. */
export const normalizeText = (text: string): string => text.normalize('NFKC').toLowerCase();

/** The term a segmenter's token stands for, or undefined when it is blank, punctuation or a stop word. */
export function searchTerm(token: string): string | undefined {
  const term = token.trim().toLowerCase();
  return term && MEANINGFUL.test(term) && !STOP_WORDS.has(term) ? term : undefined;
}
