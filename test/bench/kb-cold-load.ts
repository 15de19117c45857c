import { createRequire } from 'node:module';
import { FileIndexStore } from '../../functions/adapters/knowledge-search/index-store.ts';
import { KnowledgeIndex } from '../../functions/adapters/knowledge-search/knowledge-index.ts';

/**
 * A search function's cold start, alone in a process (run by bench:kb with the stored index's
 * path): read the index from its store and deserialize it, then the first search (its query
 * segmented against the index's words, so jieba is not loaded; the postings of its terms converted
 * from their stored form). Prints one JSON line: the times and the process's peak resident memory.
 */
const path = process.argv[2];
if (!path) throw new Error('usage: kb-cold-load.ts INDEX_FILE');
const t0 = performance.now();
const stored = await new FileIndexStore(path).load();
if (!stored) throw new Error(`no index at ${path}`);
const index = KnowledgeIndex.deserialize(stored.text);
const loadSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
index.search('租房子能不能把公积金取出来');
const firstSearchSeconds = (performance.now() - t1) / 1000;
console.log(
  JSON.stringify({
    loadSeconds,
    firstSearchSeconds,
    // Whether anything in the process loaded jieba (its module in the CommonJS cache).
    segmenterLoaded: Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('jieba-wasm')),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
