import { readFileSync } from 'node:fs';
import type { IndexedEntry } from '../../functions/adapters/knowledge-search/knowledge-index.ts';
import { benchRegions, chainOf, generateEntries } from './kb-corpus.ts';

/** The benchmark's corpus: the demo entries (the labelled queries' answers) among generated ones. */

interface DemoEntry {
  title: string;
  questions: string[];
  answer: string;
  category: string;
  unitId: string;
  regionId: string;
  public: boolean;
  localizes?: string;
}
export interface LabelledQuery {
  query: string;
  region: string;
  expect: string;
}

const root = new URL('../../', import.meta.url);
const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as T;

export function demoEntries(): IndexedEntry[] {
  const demo = read<DemoEntry[]>('infra/local/demo-knowledge.json');
  const idOf = new Map(demo.map((e, i) => [e.title, `demo-${i}`]));
  return demo.map((e, i) => ({
    ...e,
    id: `demo-${i}`,
    version: 1,
    localizes: e.localizes ? idOf.get(e.localizes) : undefined,
  }));
}

export function benchCorpus(generated: number): IndexedEntry[] {
  return [...demoEntries(), ...generateEntries(generated).map((e) => ({ ...e, version: 1 }))];
}

export function labelledQueries(): (LabelledQuery & { chain: string[] })[] {
  const regions = benchRegions();
  return read<LabelledQuery[]>('test/bench/fixtures/kb-queries.json').map((q) => ({
    ...q,
    chain: chainOf(regions, q.region),
  }));
}

/** Queries for the latency figure: the labelled ones and generated entries' questions, each
 * asked within a region and across all of them. */
export function latencyQueries(count: number): { query: string; chain?: string[] }[] {
  const regions = benchRegions();
  const labelled = labelledQueries();
  const generated = generateEntries(count, 777);
  return generated.map((e, i) => {
    const l = labelled[i % labelled.length] as LabelledQuery & { chain: string[] };
    const query = i % 2 === 0 ? l.query : (e.questions[0] as string);
    return i % 4 < 2 ? { query, chain: chainOf(regions, i % 2 === 0 ? l.region : e.regionId) } : { query };
  });
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
