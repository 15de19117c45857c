import { createRequire } from 'node:module';
import { searchTerm } from './search-terms.ts';

/**
 * Chinese word segmentation of the knowledge base's entries, when the index is built: jieba
 * (jieba-rs compiled to WebAssembly, with its 350,000-word dictionary) in search mode, which emits a
 * long word and the shorter words inside it (公积金 → 公积, 积金, 公积金), so that a query's 公积金
 * meets an entry's 住房公积金. WebAssembly rather than a native addon: the same file runs on x86 and
 * on the arm64 Lambda runtime. Loading the dictionary takes about a second, once per process, on the
 * first segmentation. Queries are not segmented here but against the index's own words
 * (query-segmenter.ts), so a search loads jieba only when it must build the index itself (nothing
 * stored yet); infra copies the module into the bundles that may build it.
 */
type Jieba = { cut_for_search(text: string, hmm?: boolean): string[] };
let jieba: Jieba | undefined;
const loadJieba = (): Jieba => {
  jieba ??= createRequire(import.meta.url)('jieba-wasm') as Jieba;
  return jieba;
};

export function segment(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of loadJieba().cut_for_search(text.normalize('NFKC'), true)) {
    const term = searchTerm(raw);
    if (term) tokens.push(term);
  }
  return tokens;
}
