import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { csvLine, KB_COLUMNS } from '../../infra/cli/kb-file.ts';
import { main } from '../../infra/cli/main.ts';
import { removeRuntimeData, startLocalRuntime } from '../support/local-runtime.ts';
import { generateEntries } from './kb-corpus.ts';

/**
 * npm run bench:kb-import — `hotline kb import` of a generated CSV of KB_IMPORT_ROWS (default 10,000)
 * entries into a fresh local runtime, published, with its progress bar; then a search finds one.
 * Prints kb_import_rows=, kb_import_s=, kb_import_rows_per_s=, kb_import_searchable_s= (until a
 * stored index holds every row: the index follows through the bus) and kb_import_index_builds=.
 */
const ROWS = Number(process.env.KB_IMPORT_ROWS ?? 10_000);
const PLACES = [
  ['hefei', 'hf-housing'],
  ['shushan', 'ss-urban'],
  ['baohe', 'bh-urban'],
  ['sanlian', 'ss-sanlian'],
] as const;

const runtime = await startLocalRuntime();
try {
  const dataDir = dirname(runtime.logFile);
  const file = join(dataDir, 'kb-import.csv');
  const rows = generateEntries(ROWS, 4242).map((e, i) => {
    const [region, unit] = PLACES[i % PLACES.length] as (typeof PLACES)[number];
    const cells: Record<(typeof KB_COLUMNS)[number], string> = {
      title: e.title,
      questions: e.questions.join('|'),
      answer: e.answer,
      category: e.category,
      unit,
      region,
      public: String(e.public),
      basis: '《政务服务事项办理指南》',
    };
    return KB_COLUMNS.map((c) => cells[c]);
  });
  writeFileSync(file, csvLine([...KB_COLUMNS]) + rows.map(csvLine).join(''));

  const env = { PORT: new URL(runtime.apiUrl).port, HOTLINE_DATA_DIR: dataDir };
  const io = (out: (t: string) => void) => ({
    stdout: out,
    stderr: (t: string) => process.stderr.write(t),
    env,
  });
  const started = performance.now();
  const code = await main(
    ['kb', 'import', file, '--publish'],
    io((t) => process.stdout.write(t)),
  );
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`kb import exited with ${code}`);
  // The index follows through the bus: wait for a build that holds every imported entry.
  const builtEntries = (line: string) => Number(/knowledge index: built, (\d+) entries/.exec(line)?.[1] ?? 0);
  let builds: string[] = [];
  for (let i = 0; i < 1200 && !builds.some((line) => builtEntries(line) >= ROWS); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 500));
    builds = runtime.logLines().filter((line) => line.includes('knowledge index: built'));
  }
  const indexedSeconds = (performance.now() - started) / 1000;
  let found = '';
  await main(
    ['kb', 'search', rows.at(-1)?.[0] ?? '', '--limit', '1'],
    io((t) => {
      found += t;
    }),
  );
  console.log(`kb_import_search_top=${found.trim()}`);
  console.log(`kb_import_rows=${ROWS}`);
  console.log(`kb_import_s=${seconds.toFixed(1)}`);
  console.log(`kb_import_rows_per_s=${(ROWS / seconds).toFixed(1)}`);
  // From the start of the import until a stored index holds every imported entry.
  console.log(`kb_import_searchable_s=${indexedSeconds.toFixed(1)}`);
  // Index builds the import's publishes caused (one per build's duration, not one per row).
  console.log(`kb_import_index_builds=${builds.length}`);
  console.log(`kb_import_last_build=${builds.at(-1) ?? 'none'}`);
} finally {
  await runtime.stop();
  removeRuntimeData(runtime);
}
