import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePeriod, REPORT_KINDS, type ReportKind } from '../../functions/domain/reports/index.ts';
import { optionalString, parseCommand, requiredString } from './args.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { kbRequest, kbTarget, problemLine } from './kb-client.ts';

/**
 * `hotline report weekly|monthly|yearly --period P [--out DIR] [--url URL] [--token T]`: has the API
 * (the local runtime by default, or a deployment) generate the report from its aggregates, then
 * fetches its renderings. With --out, writes `<kind>-<period>.json|csv|html` there and prints what it
 * wrote; without, prints the report's JSON.
 */
export async function runReport(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
): Promise<number> {
  if (sub === undefined || !(REPORT_KINDS as readonly string[]).includes(sub)) {
    throw new UsageError(
      `${sub === undefined ? 'missing report kind' : `unknown report kind '${sub}'`}: use 'report weekly', 'report monthly' or 'report yearly'`,
    );
  }
  const kind = sub as ReportKind;
  const parsed = parseCommand(args, {
    name: `report ${kind}`,
    options: {
      period: { type: 'string' },
      out: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
  });
  if (parsed.help) {
    ctx.io.stdout(HELP);
    return EXIT.ok;
  }
  const periodText = requiredString(parsed.values, 'period');
  const period = parsePeriod(kind, periodText);
  if ('error' in period) throw new UsageError(`--period: ${period.error}, not ${JSON.stringify(periodText)}`);
  const target = await kbTarget(parsed.values, ctx);
  const path = `/v1/reports/${kind}/${period.id}`;
  const generated = await kbRequest(target, 'POST', path);
  if (generated.status !== 201) {
    ctx.err(`hotline: ${problemLine(generated)}`);
    return EXIT.failure;
  }
  const out = optionalString(parsed.values, 'out');
  if (!out) {
    ctx.json(generated.body.report);
    return EXIT.ok;
  }
  const folder = ctx.path(out);
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  for (const format of ['json', 'csv', 'html'] as const) {
    const res = await fetch(`${target.url}${path}${format === 'json' ? '' : `/${format}`}`, {
      headers: { authorization: `Bearer ${target.token}` },
    });
    if (res.status !== 200) {
      ctx.err(`hotline: GET ${path}/${format} answered ${res.status}`);
      return EXIT.failure;
    }
    const file = join(folder, `${kind}-${period.id}.${format}`);
    // The bytes as served: text() would drop the CSV's byte-order mark, which Excel needs for Chinese.
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    files.push(ctx.display(file));
  }
  const report = generated.body.report as {
    title: string;
    received: unknown;
    hotTopics: { clusters: unknown[] };
  };
  ctx.json({
    title: report.title,
    received: report.received,
    clusters: report.hotTopics.clusters.length,
    supervised: (generated.body.supervised as unknown[]).length,
    files,
  });
  return EXIT.ok;
}

const HELP = `Usage: hotline report weekly|monthly|yearly --period PERIOD [--out DIR] [--url URL] [--token TOKEN]

Generates a report from the hotline's aggregates and stores it (JSON, CSV and HTML): the weekly
analysis (PERIOD an ISO week, 2026-W50), the monthly bulletin (2026-11) or the yearly summary (2026).
Its sudden or trending clusters put their tickets under supervision (AH:20(六)).
With --out DIR, writes <kind>-<period>.json, .csv and .html there; else prints the report as JSON.
--url defaults to $HOTLINE_API_URL, else http://127.0.0.1:$PORT (3000); --token to $HOTLINE_TOKEN,
else the local runtime's own admin token.
`;
