import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { optionalString, parseCommand, wholeNumber } from './args.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { type KbTarget, kbRequest, kbTarget, problemLine } from './kb-client.ts';
import {
  checkRow,
  csvLine,
  EXPORT_COLUMNS,
  exportCells,
  exportPageSchema,
  type KbItem,
  type RowProblem,
  readKbFile,
  xlsxBytes,
} from './kb-file.ts';
import { progress } from './progress.ts';
import { USAGE } from './usage.ts';

const TARGET_OPTIONS = { url: { type: 'string' }, token: { type: 'string' } } as const;
/** A batch stays under the API's 64 KB body limit and its 200-entry cap. */
const BATCH_BYTES = 48 * 1024;
const BATCH_ENTRIES = 200;

/** `hotline kb import|export|search`. */
export async function runKb(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
): Promise<number> {
  switch (sub) {
    case 'import':
      return importCommand(args, ctx);
    case 'export':
      return exportCommand(args, ctx);
    case 'search':
      return searchCommand(args, ctx);
    case undefined:
      throw new UsageError("missing kb command: use 'kb import', 'kb export' or 'kb search'");
    default:
      throw new UsageError(`unknown command 'kb ${sub}': use 'kb import', 'kb export' or 'kb search'`);
  }
}

/** Today in Asia/Shanghai, a year on: the review-by date of rows that give none. */
function aYearFromToday(): string {
  const shanghai = new Date(Date.now() + 8 * 3_600_000);
  shanghai.setUTCFullYear(shanghai.getUTCFullYear() + 1);
  return shanghai.toISOString().slice(0, 10);
}

async function importCommand(args: readonly string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommand(args, {
    name: 'kb import',
    options: { ...TARGET_OPTIONS, publish: { type: 'boolean' }, 'skip-bad': { type: 'boolean' } },
    positionals: ['FILE'],
  });
  if (parsed.help) return help(ctx);
  const target = await kbTarget(parsed.values, ctx);
  const file = parsed.positionals[0] as string;
  const rows = await readKbFile(ctx.path(file), file, (p) => readFileSync(p));

  // 1. Every row checked before anything is sent.
  const reviewBy = aYearFromToday();
  const items: KbItem[] = [];
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const checked = checkRow(row, reviewBy);
    if (Array.isArray(checked)) problems.push(...checked);
    else items.push(checked);
  }
  for (const p of problems) ctx.err(`line ${p.line}: ${p.field}: ${p.message}`);
  const badRows = new Set(problems.map((p) => p.line)).size;
  if (badRows > 0 && !parsed.values['skip-bad']) {
    ctx.out(`${badRows} bad row(s) of ${rows.length}: nothing imported (fix them, or pass --skip-bad)`);
    return EXIT.failure;
  }

  // 2. Sent in batches, with a progress bar.
  const publish = parsed.values.publish === true;
  const bar = progress('importing', items.length, ctx.io.stderr, ctx.stderrIsTTY);
  let imported = 0;
  try {
    for (const batch of batches(items)) {
      const reply = await kbRequest(target, 'POST', '/v1/knowledge/import', {
        publish,
        entries: batch.map(({ unitId, content }) => ({ unitId, content })),
      });
      if (reply.status !== 201) {
        bar.done();
        ctx.err(`lines ${batch[0]?.line}–${batch.at(-1)?.line}: ${problemLine(reply)}`);
        ctx.out(`imported ${imported} of ${items.length} entries before the API refused a batch`);
        return EXIT.failure;
      }
      imported += batch.length;
      for (const _ of batch) bar.tick();
    }
  } finally {
    bar.done();
  }
  ctx.out(
    `imported ${imported} entries ${publish ? 'published' : 'as drafts of their units'}` +
      (badRows ? `; skipped ${badRows} bad row(s)` : ''),
  );
  return EXIT.ok;
}

function* batches(items: readonly KbItem[]): Generator<KbItem[]> {
  let batch: KbItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (batch.length && (bytes + size > BATCH_BYTES || batch.length >= BATCH_ENTRIES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length) yield batch;
}

async function exportCommand(args: readonly string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommand(args, {
    name: 'kb export',
    options: { ...TARGET_OPTIONS, out: { type: 'string' } },
  });
  if (parsed.help) return help(ctx);
  const target = await kbTarget(parsed.values, ctx);
  const out = optionalString(parsed.values, 'out');
  const format = out ? extname(out).toLowerCase() : '.csv';
  if (format !== '.csv' && format !== '.xlsx') {
    throw new UsageError(`--out must name a .csv or an .xlsx file, not ${JSON.stringify(out)}`);
  }
  const rows = await allPublished(target);
  if (format === '.xlsx') {
    writeFileSync(ctx.path(out as string), await xlsxBytes(rows));
  } else {
    const text = csvLine([...EXPORT_COLUMNS]) + rows.map(csvLine).join('');
    if (out) writeFileSync(ctx.path(out), `\uFEFF${text}`);
    else ctx.io.stdout(text);
  }
  if (out) ctx.err(`exported ${rows.length} published entries to ${out}`);
  return EXIT.ok;
}

async function allPublished(target: KbTarget): Promise<string[][]> {
  const rows: string[][] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=200&cursor=${cursor}` : '?limit=200';
    const reply = await kbRequest(target, 'GET', `/v1/knowledge/export${query}`);
    if (reply.status !== 200) throw new Error(problemLine(reply));
    const page = exportPageSchema.parse(reply.body);
    for (const item of page.items) rows.push(exportCells(item));
    cursor = page.cursor;
  } while (cursor);
  return rows;
}

async function searchCommand(args: readonly string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommand(args, {
    name: 'kb search',
    options: {
      ...TARGET_OPTIONS,
      region: { type: 'string' },
      category: { type: 'string' },
      limit: { type: 'string' },
    },
    positionals: ['QUERY'],
  });
  if (parsed.help) return help(ctx);
  const target = await kbTarget(parsed.values, ctx);
  const query = new URLSearchParams({ q: parsed.positionals[0] as string });
  for (const name of ['region', 'category'] as const) {
    const value = optionalString(parsed.values, name);
    if (value) query.set(name, value);
  }
  const limit = optionalString(parsed.values, 'limit');
  if (limit) query.set('limit', String(wholeNumber(limit, '--limit')));
  const reply = await kbRequest(target, 'GET', `/v1/knowledge/search?${query}`);
  if (reply.status !== 200) {
    ctx.err(`hotline: ${problemLine(reply)}`);
    return reply.status === 400 ? EXIT.usage : EXIT.failure;
  }
  const hits = (reply.body.hits as { id: string; title: string; score: number }[]).map(
    ({ id, title, score }) => ({
      id,
      title,
      score,
    }),
  );
  ctx.out(JSON.stringify({ hits }));
  return EXIT.ok;
}

function help(ctx: CommandContext): number {
  ctx.out(USAGE);
  return EXIT.ok;
}
