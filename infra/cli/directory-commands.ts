import { extname } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DirectoryRepository } from '../../functions/adapters/directory-repository.ts';
import { DocumentClient } from '../../functions/adapters/document-client.ts';
import { localClient } from '../local/dynamodb-local.ts';
import { optionalString, parseCommand, readArgumentFile } from './args.ts';
import { type DirectoryFile, directoryKind, readDirectoryCsv, readDirectoryJson } from './directory-file.ts';
import { importDirectory, type KindResult } from './directory-import.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { progress } from './progress.ts';
import { USAGE } from './usage.ts';

const DEFAULT_TABLE = 'hotline';

/** `hotline directory import`. */
export async function runDirectory(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
): Promise<number> {
  switch (sub) {
    case 'import':
      return importCommand(args, ctx);
    case undefined:
      throw new UsageError("missing directory command: use 'directory import'");
    default:
      throw new UsageError(`unknown command 'directory ${sub}': use 'directory import'`);
  }
}

/** Where the directory is stored: DynamoDB Local (or another endpoint) or the AWS account. */
export interface Target {
  table: string;
  endpoint?: string;
  /** For messages: `table "hotline" at http://…`. */
  description: string;
}

export function targetOf(values: Record<string, string | boolean | undefined>, ctx: CommandContext): Target {
  const table = optionalString(values, 'table') ?? DEFAULT_TABLE;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new UsageError(
      `--table must be a DynamoDB table name (3–255 letters, digits, _ . -), not ${JSON.stringify(table)}`,
    );
  }
  const fromFlag = optionalString(values, 'endpoint');
  const endpoint = fromFlag ?? (ctx.env.DYNAMODB_ENDPOINT || undefined);
  if (endpoint === undefined) {
    return {
      table,
      description: `table ${JSON.stringify(table)} in the AWS account (default AWS configuration)`,
    };
  }
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new UsageError(
      `${fromFlag === undefined ? 'DYNAMODB_ENDPOINT' : '--endpoint'} must be a URL such as http://localhost:8000, not ${JSON.stringify(endpoint)}`,
    );
  }
  return { table, endpoint, description: `table ${JSON.stringify(table)} at ${endpoint}` };
}

/** The entries of FILE: JSON with every kind, or CSV with the one kind `--kind` names. */
function readFile(
  file: string,
  kindText: string | undefined,
  ctx: CommandContext,
): { file: DirectoryFile; total: number } {
  const format = extname(file).toLowerCase();
  if (format !== '.json' && format !== '.csv') {
    throw new UsageError(`FILE must be a .json or a .csv file, not ${JSON.stringify(file)}`);
  }
  if (format === '.json' && kindText !== undefined) {
    throw new UsageError('--kind is for CSV files; a JSON file names its kinds itself');
  }
  if (format === '.csv' && kindText === undefined) {
    throw new UsageError('--kind is required for a CSV file: region, unit, catalogue or channel');
  }
  const kind = kindText === undefined ? undefined : directoryKind(kindText, '--kind');
  const text = readArgumentFile(ctx.path(file), file);
  const read = kind === undefined ? readDirectoryJson(text, file) : readDirectoryCsv(text, kind, file);
  const total = Object.values(read).reduce((sum, entries) => sum + entries.length, 0);
  return { file: read, total };
}

async function importCommand(args: readonly string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommand(args, {
    name: 'directory import',
    options: { kind: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' } },
    positionals: ['FILE'],
  });
  if (parsed.help) return help(ctx);
  const target = targetOf(parsed.values, ctx);
  const { file, total } = readFile(
    parsed.positionals[0] as string,
    optionalString(parsed.values, 'kind'),
    ctx,
  );

  // With an endpoint (DynamoDB Local) the SDK gets local credentials; without, the operator's own.
  const client = target.endpoint ? localClient(target.endpoint) : new DynamoDBClient({});
  const directory = new DirectoryRepository(DocumentClient.from(client), target.table);
  const bar = progress('importing', total, ctx.io.stderr, ctx.stderrIsTTY);
  let results: KindResult[];
  try {
    results = await importDirectory(directory, file, () => bar.tick());
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new UsageError(`--table: there is no ${target.description}`);
    }
    throw new Error(`${target.description}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    bar.done();
    client.destroy();
  }
  printSummary(results, ctx);
  return results.some((r) => r.refused.length > 0) ? EXIT.failure : EXIT.ok;
}

const COLUMNS = ['added', 'changed', 'unchanged', 'refused'] as const;

/** A table of counts per kind, then one line per reason an entry was refused. */
function printSummary(results: readonly KindResult[], ctx: CommandContext): void {
  const kindWidth = Math.max(4, ...results.map((r) => r.kind.length));
  ctx.out(['kind'.padEnd(kindWidth), ...COLUMNS].join('  '));
  for (const r of results) {
    const counts = { added: r.added, changed: r.changed, unchanged: r.unchanged, refused: r.refused.length };
    ctx.out(
      [r.kind.padEnd(kindWidth), ...COLUMNS.map((c) => String(counts[c]).padStart(c.length))].join('  '),
    );
  }
  const refused = results.flatMap((r) => r.refused);
  if (refused.length === 0) return;
  ctx.out('');
  for (const { kind, index, id, errors } of refused) {
    const entry = `${kind} #${index}${id === undefined ? '' : ` (${id})`}`;
    for (const { field, message } of errors)
      ctx.out(`${entry}: ${field === '(body)' ? '(entry)' : field}: ${message}`);
  }
}

function help(ctx: CommandContext): number {
  ctx.io.stdout(USAGE);
  return EXIT.ok;
}
