import { ScheduleValidationError } from '../../functions/domain/calendar/index.ts';
import { runAssess } from './assess-commands.ts';
import { runCalendar } from './calendar-commands.ts';
import { runDeployment } from './deployment-commands.ts';
import { runDirectory } from './directory-commands.ts';
import { runDlq } from './dlq-commands.ts';
import { type CliIo, CommandContext, EXIT, UsageError } from './io.ts';
import { runKb } from './kb-commands.ts';
import { runLocal } from './local-commands.ts';
import { runPolicy } from './policy-commands.ts';
import { runReport } from './report-commands.ts';
import { USAGE } from './usage.ts';

export type { CliIo } from './io.ts';

const GROUPS = {
  policy: runPolicy,
  calendar: runCalendar,
  directory: runDirectory,
  local: runLocal,
  assess: runAssess,
  kb: runKb,
  deployment: (sub: string | undefined, args: readonly string[], ctx: CommandContext) =>
    runDeployment(sub, args, ctx),
  dlq: (sub: string | undefined, args: readonly string[], ctx: CommandContext) => runDlq(sub, args, ctx),
  report: runReport,
} as const;

/**
 * Runs `hotline` with `argv` (the arguments after the program name) and returns the exit code:
 * 0 done, 1 invalid file or other failure, 2 bad arguments. Never throws; errors go to `io.stderr`
 * on one line, without a stack trace.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = new CommandContext(io);
  const [group, sub, ...rest] = argv;
  try {
    if (group === undefined || group === 'help' || isHelp(group) || isHelp(sub)) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    // Awaited here so that a failing asynchronous command is reported below too.
    if (Object.hasOwn(GROUPS, group)) return await GROUPS[group as keyof typeof GROUPS](sub, rest, ctx);
    throw new UsageError(
      group.startsWith('-')
        ? `unknown option ${group}: a command comes first (policy, calendar, directory, local, assess, kb, deployment, dlq, report or help)`
        : `unknown command ${JSON.stringify(group)}: use policy, calendar, directory, local, assess, kb, deployment, dlq, report or help`,
    );
  } catch (error) {
    return report(error, ctx);
  }
}

function isHelp(arg: string | undefined): boolean {
  return arg === '--help' || arg === '-h';
}

function report(error: unknown, ctx: CommandContext): number {
  if (error instanceof UsageError) {
    ctx.err(`hotline: ${error.message} (see 'hotline help')`);
    return EXIT.usage;
  }
  if (error instanceof ScheduleValidationError) {
    // A stored schedule file was edited by hand and is wrong: say which file and what is wrong.
    ctx.err(`hotline: ${error.message}`);
    return EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.err(`hotline: failed: ${message}`);
  return EXIT.failure;
}
