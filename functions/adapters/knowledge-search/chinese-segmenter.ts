import { createRequire } from 'node:module';

/**
 * Chinese word segmentation for the knowledge base's search: jieba (jieba-rs compiled to
 * WebAssembly, with its 350,000-word dictionary) in search mode, which emits a long word and the
 * shorter words inside it (公积金 → 公积, 积金, 公积金), so that a query's 公积金 meets an entry's
 * 住房公积金. WebAssembly rather than a native addon: the same file runs on x86 and on the arm64
 * Lambda runtime. Loading the dictionary takes about a second, once per process, on the first
 * segmentation: a function that imports the index but never segments (the entry commands) neither
 * pays for it nor needs the module in its bundle (infra copies it into the bundles that segment).
 */
type Jieba = { cut_for_search(text: string, hmm?: boolean): string[] };
let jieba: Jieba | undefined;
const loadJieba = (): Jieba => {
  jieba ??= createRequire(import.meta.url)('jieba-wasm') as Jieba;
  return jieba;
};

/** Words every question has, which would only add noise to the scores. */
const STOP_WORDS = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 么 是 在 有 和 与 及 或 就 都 也 还 把 被 给 让 向 从 到 对 为 我 你 他 她 它 我们 ' +
    '你们 他们 我家 这 那 这个 那个 什么 怎么 怎么办 怎样 如何 哪里 哪儿 哪个 哪些 谁 能 能不能 可以 可不可以 ' +
    '要 需要 想 请问 一下 一个 是否 会 不 没有 吗 啥'
  ).split(' '),
);

/** A token worth indexing: has a letter, digit or CJK character, and is not a stop word. */
const MEANINGFUL = /[\p{L}\p{N}]/u;

export function segment(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of loadJieba().cut_for_search(text.normalize('NFKC'), true)) {
    const token = raw.trim().toLowerCase();
    if (token && MEANINGFUL.test(token) && !STOP_WORDS.has(token)) tokens.push(token);
  }
  return tokens;
}
