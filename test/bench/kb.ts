import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segment } from '../../functions/adapters/knowledge-search/chinese-segmenter.ts';
import { FileIndexStore } from '../../functions/adapters/knowledge-search/index-store.ts';
import { KnowledgeIndex } from '../../functions/adapters/knowledge-search/knowledge-index.ts';
import { benchCorpus, labelledQueries, latencyQueries, percentile } from './kb-fixture.ts';

/**
 * npm run bench:kb — the knowledge base's search: builds the index of the demo entries among
 * KB_ENTRIES (default 50,000) generated Chinese entries, serializes and reloads it as the search
 * function does (read from its store and deserialized: kb_index_load_s, the search function's
 * cold-start cost; kb_cold_first_search_s, its first search, segments the query against the
 * index's own words and loads no dictionary), measures warm search latency, and the top-3 recall
 * of the labelled queries
 * (test/bench/fixtures/kb-queries.json, phrased differently from the entries, each asked within
 * its region). KB_CEILING=100000,200000,400000 also measures larger indexes, one line each.
 */

const ENTRIES = Number(process.env.KB_ENTRIES ?? 50_000);
const LATENCY_QUERIES = 2_000;

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

function heapUsed(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

async function measure(generated: number) {
  const corpus = benchCorpus(generated);
  const heapBefore = heapUsed();
  let t0 = performance.now();
  const built = KnowledgeIndex.build(corpus);
  const buildSeconds = (performance.now() - t0) / 1000;
  const serialized = built.serialize();
  const bytes = Buffer.byteLength(serialized);
  // What a search function does when the stored index changed: read it from its store, deserialize.
  const folder = mkdtempSync(join(tmpdir(), 'kb-bench-'));
  const store = new FileIndexStore(join(folder, 'index.json'));
  await store.save(serialized, new Date());
  t0 = performance.now();
  const index = KnowledgeIndex.deserialize((await store.load())?.text ?? '');
  const loadSeconds = (performance.now() - t0) / 1000;
  // The same in a fresh process, as a new search function instance meets it.
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, join(import.meta.dirname, 'kb-cold-load.ts'), join(folder, 'index.json')],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`cold load failed: ${child.stderr}`);
  const cold = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
    loadSeconds: number;
    firstSearchSeconds: number;
    segmenterLoaded: boolean;
    maxRssMb: number;
  };
  rmSync(folder, { recursive: true });
  const heapMb = mb(heapUsed() - heapBefore);

  const queries = latencyQueries(LATENCY_QUERIES);
  for (const q of queries.slice(0, 200)) index.search(q.query, { regionChain: q.chain });
  const latencies = queries
    .map((q) => {
      const start = performance.now();
      index.search(q.query, { regionChain: q.chain });
      return performance.now() - start;
    })
    .sort((a, b) => a - b);

  const labelled = labelledQueries();
  const misses = labelled.filter(
    (q) =>
      !index
        .search(q.query, { regionChain: q.chain, limit: 3 })
        .map((h) => h.title)
        .includes(q.expect),
  );
  return {
    entries: corpus.length,
    buildSeconds,
    bytes,
    loadSeconds,
    cold,
    heapMb,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    recall: (labelled.length - misses.length) / labelled.length,
    labelled: labelled.length,
    misses,
  };
}

// jieba's dictionary, loaded on the first segmentation of an entry: the index builder pays it
// (and a search instance that must build its own index, nothing being stored yet), not a search.
const segmenterStart = performance.now();
segment('住房公积金怎么提取');
const segmenterSeconds = (performance.now() - segmenterStart) / 1000;
const r = await measure(ENTRIES);
for (const miss of r.misses) console.log(`miss: ${miss.query} → expected ${miss.expect}`);
console.log(`kb_entries=${r.entries}`);
console.log(`kb_index_build_s=${r.buildSeconds.toFixed(2)}`);
console.log(`kb_index_bytes=${r.bytes}`);
console.log(`kb_index_load_s=${r.loadSeconds.toFixed(2)}`);
console.log(`kb_segmenter_load_s=${segmenterSeconds.toFixed(2)}`);
console.log(`kb_cold_index_load_s=${r.cold.loadSeconds.toFixed(2)}`);
console.log(`kb_cold_first_search_s=${r.cold.firstSearchSeconds.toFixed(2)}`);
console.log(`kb_cold_segmenter_loaded=${r.cold.segmenterLoaded}`);
console.log(`kb_cold_max_rss_mb=${r.cold.maxRssMb}`);
console.log(`kb_index_heap_mb=${r.heapMb}`);
console.log(`kb_search_p50_ms=${r.p50.toFixed(2)}`);
console.log(`kb_search_p95_ms=${r.p95.toFixed(2)}`);
console.log(`kb_labelled_queries=${r.labelled}`);
console.log(`kb_top3_recall=${r.recall.toFixed(3)}`);

for (const size of (process.env.KB_CEILING ?? '').split(',').filter(Boolean).map(Number)) {
  const c = await measure(size);
  console.log(
    `kb_ceiling entries=${c.entries} build_s=${c.buildSeconds.toFixed(1)} bytes=${c.bytes} ` +
      `load_s=${c.loadSeconds.toFixed(2)} cold_max_rss_mb=${c.cold.maxRssMb} heap_mb=${c.heapMb} p95_ms=${c.p95.toFixed(2)} recall=${c.recall.toFixed(3)}`,
  );
}
