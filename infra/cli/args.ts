import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './io.ts';

/** The options and positional arguments one command accepts. */
export interface CommandSpec {
  /** As typed, e.g. `calendar deadline`; used in messages. */
  name: string;
  options?: Record<string, { type: 'string' | 'boolean' }>;
  /** Names of the required positional arguments, e.g. `['YEAR']`. */
  positionals?: string[];
}

export interface ParsedCommand {
  help: boolean;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments with `node:util` parseArgs. Parsing is not strict so that every
 * problem can be reported in the CLI's own words, naming the flag: unknown options, a value missing
 * or given twice, a value on a switch, too few or too many positional arguments. A value may start
 * with one dash (`--days -1` reaches the command and is refused there); one starting with two dashes
 * is taken as a forgotten value.
 */
export function parseCommand(args: readonly string[], spec: CommandSpec): ParsedCommand {
  const options = { ...spec.options, help: { type: 'boolean' as const, short: 'h' } };
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: ParsedCommand['values'] = {};
  const positionals: string[] = [];
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name)
      ? options[token.name as keyof typeof options]
      : undefined;
    if (!option) throw new UsageError(`unknown option ${token.rawName} for 'hotline ${spec.name}'`);
    if (option.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
      if (token.name === 'help') help = true;
      else values[token.name] = true;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
    if (values[token.name] !== undefined) throw new UsageError(`${token.rawName} is given more than once`);
    values[token.name] = token.value;
  }
  if (!help) {
    const expected = spec.positionals ?? [];
    const missing = expected[positionals.length];
    if (missing) {
      throw new UsageError(`missing ${missing}: usage is hotline ${spec.name} ${expected.join(' ')}`);
    }
    const extra = positionals[expected.length];
    if (extra !== undefined) {
      throw new UsageError(`unexpected argument ${JSON.stringify(extra)} for 'hotline ${spec.name}'`);
    }
  }
  return { help, values, positionals };
}

/** The value of a string option that must be given. */
export function requiredString(values: ParsedCommand['values'], name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(values: ParsedCommand['values'], name: string): string | undefined {
  const value = values[name];
  if (value === '') throw new UsageError(`--${name} needs a value`);
  return typeof value === 'string' ? value : undefined;
}

/** A whole number ≥ 0 written in decimal digits. */
export function wholeNumber(text: string, what: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`${what} must be a whole number ≥ 0, not ${JSON.stringify(text)}`);
  }
  return value;
}

/** The text of a file named on the command line; a file that cannot be read is a usage error. */
export function readArgumentFile(path: string, shown: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (code ?? 'error');
    throw new UsageError(`FILE: cannot read ${shown} (${reason})`);
  }
}
