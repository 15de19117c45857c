import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AssessmentRepository } from '../../functions/adapters/assessment-repository.ts';
import { DirectoryRepository } from '../../functions/adapters/directory-repository.ts';
import { DocumentClient } from '../../functions/adapters/document-client.ts';
import {
  applySanctions,
  type CloseDeps,
  freezeScores,
  publishBulletin,
} from '../../functions/app/monthly-close.ts';
import { rebuildAggregates } from '../../functions/app/project-assessment.ts';
import {
  monthSchema,
  parseLadderInput,
  runLadder,
  scoreMonth,
} from '../../functions/domain/assessment/index.ts';
import { toShanghaiIso } from '../../functions/domain/calendar/index.ts';
import { localClient } from '../local/dynamodb-local.ts';
import { optionalString, parseCommand, readArgumentFile, requiredString } from './args.ts';
import { targetOf } from './directory-commands.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { presetNamed } from './policy-commands.ts';
import { type Progress, progress } from './progress.ts';
import { USAGE } from './usage.ts';

/** `hotline assess sanctions|rebuild`. */
export async function runAssess(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
): Promise<number> {
  if (sub === 'sanctions') return sanctions(args, ctx);
  if (sub === 'rebuild') return rebuild(args, ctx);
  if (sub === 'scores' || sub === 'close') return scoresOrClose(sub, args, ctx);
  const known = "use 'assess sanctions', 'assess rebuild', 'assess scores' or 'assess close'";
  throw new UsageError(
    sub === undefined ? `missing assess command: ${known}` : `unknown command 'assess ${sub}': ${known}`,
  );
}

/**
 * `assess scores --policy NAME [--month MONTH]`: the month's live scores and ranks per group, from
 * the unit aggregates (default: the current month in Asia/Shanghai).
 * `assess close --policy NAME --month MONTH`: runs the monthly close's steps for a month by hand
 * (each idempotent: frozen scores stay frozen) and prints the bulletin.
 */
async function scoresOrClose(sub: 'scores' | 'close', args: readonly string[], ctx: CommandContext) {
  const parsed = parseCommand(args, {
    name: `assess ${sub}`,
    options: {
      policy: { type: 'string' },
      month: { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
    },
  });
  if (parsed.help) {
    ctx.io.stdout(USAGE);
    return EXIT.ok;
  }
  const policy = presetNamed(requiredString(parsed.values, 'policy'), '--policy');
  const month =
    sub === 'close'
      ? requiredString(parsed.values, 'month')
      : (optionalString(parsed.values, 'month') ?? toShanghaiIso(new Date()).slice(0, 7));
  if (!monthSchema.safeParse(month).success) {
    throw new UsageError(`--month must be a month written YYYY-MM, not ${JSON.stringify(month)}`);
  }
  const target = targetOf(parsed.values, ctx);
  const client = target.endpoint ? localClient(target.endpoint) : new DynamoDBClient({});
  const db = DocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const deps: CloseDeps = {
    assessment: new AssessmentRepository(db, target.table),
    directory: new DirectoryRepository(db, target.table),
    policy,
    now: () => new Date(),
  };
  try {
    if (sub === 'scores') {
      const [counts, units] = await Promise.all([
        deps.assessment.unitMonth(month),
        deps.directory.all('unit'),
      ]);
      ctx.json(scoreMonth(month, policy, units, counts));
    } else {
      await freezeScores(deps, month);
      await applySanctions(deps, month);
      await publishBulletin(deps, month);
      ctx.json(await deps.assessment.bulletin(month));
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new UsageError(`--table: there is no ${target.description}`);
    }
    throw new Error(`${target.description}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    client.destroy();
  }
}

/**
 * Rebuilds the unit aggregates from the stored ticket and knowledge-base events, from `--from MONTH`
 * on (default: all), with a progress bar on stderr; prints what it counted.
 */
async function rebuild(args: readonly string[], ctx: CommandContext): Promise<number> {
  const parsed = parseCommand(args, {
    name: 'assess rebuild',
    options: { from: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' } },
  });
  if (parsed.help) {
    ctx.io.stdout(REBUILD_HELP);
    return EXIT.ok;
  }
  const from = optionalString(parsed.values, 'from');
  if (from !== undefined && !monthSchema.safeParse(from).success) {
    throw new UsageError(`--from must be a month written YYYY-MM, not ${JSON.stringify(from)}`);
  }
  const target = targetOf(parsed.values, ctx);
  const client = target.endpoint ? localClient(target.endpoint) : new DynamoDBClient({});
  const repo = new AssessmentRepository(DocumentClient.from(client), target.table);
  let bar: Progress | undefined;
  const start = (label: string, total: number) => {
    bar?.done();
    bar = progress(label, total, ctx.io.stderr, ctx.stderrIsTTY);
  };
  try {
    const result = await rebuildAggregates(repo, {
      from,
      progress: {
        read: (n) => {
          if (ctx.stderrIsTTY) ctx.io.stderr(`\rreading events: ${n}`);
        },
        folding: (n) => {
          if (ctx.stderrIsTTY) ctx.io.stderr('\n');
          start('counting tickets', n);
        },
        folded: () => bar?.tick(),
        writing: (n) => start('writing months', n),
        written: () => bar?.tick(),
      },
    });
    bar?.done();
    ctx.json(result);
    return EXIT.ok;
  } catch (error) {
    bar?.done();
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new UsageError(`--table: there is no ${target.description}`);
    }
    throw new Error(`${target.description}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    client.destroy();
  }
}

const REBUILD_HELP = `Usage: hotline assess rebuild [--from MONTH] [--table NAME] [--endpoint URL]

Rebuilds the units' monthly indicator aggregates from the stored ticket events and the knowledge
base's events (its upkeep counts), from MONTH on (YYYY-MM; default every month), replacing those
months' aggregates. Run it when nothing writes tickets or knowledge entries. --table defaults to hotline, --endpoint to $DYNAMODB_ENDPOINT, else the AWS account.
`;

/**
 * Runs the policy's sanctions ladder alone over a file of monthly scores, so that an operator can
 * check a month before its bulletin is published. Prints `{"sanctions":[…]}`; a file that is not
 * JSON or breaks a rule gets one `hotline: FILE: path: message` line per problem and exit 1.
 */
function sanctions(args: readonly string[], ctx: CommandContext): number {
  const parsed = parseCommand(args, {
    name: 'assess sanctions',
    options: { policy: { type: 'string' }, scores: { type: 'string' } },
  });
  if (parsed.help) {
    ctx.io.stdout(SANCTIONS_HELP);
    return EXIT.ok;
  }
  const policy = presetNamed(requiredString(parsed.values, 'policy'), '--policy');
  const file = requiredString(parsed.values, 'scores');
  const text = readArgumentFile(ctx.path(file), file);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    ctx.err(`hotline: ${file}: not JSON: ${(error as Error).message}`);
    return EXIT.failure;
  }
  const result = parseLadderInput(input, policy.ranking);
  if (!result.ok) {
    for (const issue of result.issues) ctx.err(`hotline: ${file}: ${issue.path}: ${issue.message}`);
    return EXIT.failure;
  }
  ctx.json({ sanctions: runLadder(policy.ranking, result.value.months, result.value.manualInterviews) });
  return EXIT.ok;
}

const SANCTIONS_HELP = `Usage: hotline assess sanctions --policy NAME --scores FILE

Runs the policy's sanctions ladder over monthly scores. FILE:
  {"months":[{"month":"2026-01","groups":{"county":{"unitId":92.5,...},...}},...],
   "manualInterviews":[{"month":"2026-02","unit":"unitId","basis":"PDS:28(二)"}]}
months consecutive and in order; manualInterviews optional. Prints
  {"sanctions":[{"month","unit","group","measure","basis"},...]}
with measure interview, secretaryGeneralInterview or publicStatement, one row per measure.
`;
