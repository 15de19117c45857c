import { parseLadderInput, runLadder } from '../../functions/domain/assessment/index.ts';
import { parseCommand, readArgumentFile, requiredString } from './args.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { presetNamed } from './policy-commands.ts';

/** `hotline assess sanctions`. */
export function runAssess(sub: string | undefined, args: readonly string[], ctx: CommandContext): number {
  if (sub === 'sanctions') return sanctions(args, ctx);
  throw new UsageError(
    sub === undefined
      ? "missing assess command: use 'assess sanctions'"
      : `unknown command 'assess ${sub}': use 'assess sanctions'`,
  );
}

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
