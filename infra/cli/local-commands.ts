import { parseDuration } from '../local/local-routes.ts';
import { parseCommand } from './args.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';

/**
 * `hotline local clock [advance DURATION] [--url URL]`: shows or moves the virtual clock of a running
 * local runtime (`npm start`), so that a demonstration shows reminders, overdue and callbacks.
 */
export async function runLocal(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
): Promise<number> {
  if (sub !== 'clock')
    throw new UsageError("unknown command: use 'local clock' or 'local clock advance DURATION'");
  const [verb, ...rest] = args;
  const advancing = verb === 'advance';
  const parsed = parseCommand(advancing ? rest : args, {
    name: advancing ? 'local clock advance' : 'local clock',
    options: { url: { type: 'string' } },
    positionals: advancing ? ['DURATION'] : [],
  });
  const base = String(parsed.values.url ?? `http://127.0.0.1:${ctx.env.PORT ?? 3000}`);
  let body: string | undefined;
  if (advancing) {
    const duration = parsed.positionals[0] ?? '';
    if (parseDuration(duration) === undefined) {
      throw new UsageError(
        `DURATION: ${JSON.stringify(duration)} is not a duration such as 90m, 4h, 3d or 1d12h`,
      );
    }
    body = JSON.stringify({ advance: duration });
  }
  let res: Response;
  try {
    res = await fetch(`${base}/_local/clock`, { method: advancing ? 'POST' : 'GET', body });
  } catch {
    throw new UsageError(`--url: no local runtime answers at ${base} (start it with npm start)`);
  }
  ctx.out(await res.text());
  return res.ok ? EXIT.ok : EXIT.failure;
}
