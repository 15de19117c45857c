import { type Policy, PRESETS, validatePolicy } from '../../functions/domain/policy/index.ts';
import { parseCommand, readArgumentFile } from './args.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { USAGE } from './usage.ts';

/** A preset by id; an unknown id is a usage error naming `what` (e.g. `--policy`). */
export function presetNamed(id: string, what: string): Policy {
  const policy = Object.hasOwn(PRESETS, id) ? PRESETS[id] : undefined;
  if (!policy) {
    throw new UsageError(
      `${what}: unknown policy ${JSON.stringify(id)}; known: ${Object.keys(PRESETS).join(', ')}`,
    );
  }
  return policy;
}

/** `hotline policy list|show|validate`. */
export function runPolicy(sub: string | undefined, args: readonly string[], ctx: CommandContext): number {
  switch (sub) {
    case 'list':
      return list(args, ctx);
    case 'show':
      return show(args, ctx);
    case 'validate':
      return validate(args, ctx);
    case undefined:
      throw new UsageError("missing policy command: use 'policy list', 'policy show' or 'policy validate'");
    default:
      throw new UsageError(
        `unknown command 'policy ${sub}': use 'policy list', 'policy show' or 'policy validate'`,
      );
  }
}

function list(args: readonly string[], ctx: CommandContext): number {
  if (parseCommand(args, { name: 'policy list' }).help) return help(ctx);
  const policies = Object.values(PRESETS);
  const width = Math.max(...policies.map((p) => p.id.length));
  for (const p of policies) ctx.out(`${p.id.padEnd(width)}  ${p.name}  ${p.regulation}`);
  return EXIT.ok;
}

function show(args: readonly string[], ctx: CommandContext): number {
  const parsed = parseCommand(args, { name: 'policy show', positionals: ['NAME'] });
  if (parsed.help) return help(ctx);
  ctx.json(presetNamed(parsed.positionals[0] as string, 'NAME'));
  return EXIT.ok;
}

function validate(args: readonly string[], ctx: CommandContext): number {
  const parsed = parseCommand(args, { name: 'policy validate', positionals: ['FILE'] });
  if (parsed.help) return help(ctx);
  const file = parsed.positionals[0] as string;
  const text = readArgumentFile(ctx.path(file), file);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    ctx.out(`(root): not JSON: ${(error as Error).message}`);
    return EXIT.failure;
  }
  const result = validatePolicy(input);
  if (result.ok) {
    ctx.out('valid');
    return EXIT.ok;
  }
  for (const issue of result.issues) ctx.out(`${issue.path}: ${issue.message}`);
  return EXIT.failure;
}

function help(ctx: CommandContext): number {
  ctx.io.stdout(USAGE);
  return EXIT.ok;
}
