import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the CLI writes and what it reads from its surroundings; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved against this; defaults to process.cwd(). */
  cwd?: string;
  /**
   * Whether `stderr` is a terminal, where a progress bar can be redrawn in place; defaults to
   * process.stderr.isTTY (right for the launcher, which writes to process.stderr).
   */
  stderrIsTTY?: boolean;
}

/** Bad command-line input: reported on one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** The default home of operator schedules: infra/calendar/ in this project. */
const DEFAULT_CALENDAR_DIR = fileURLToPath(new URL('../calendar/', import.meta.url));

/** What a command needs: output, paths and the calendar folder. */
export class CommandContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stderrIsTTY: boolean;

  constructor(readonly io: CliIo) {
    this.cwd = io.cwd ?? process.cwd();
    this.env = io.env ?? process.env;
    this.stderrIsTTY = io.stderrIsTTY ?? process.stderr.isTTY === true;
  }

  out(line: string): void {
    this.io.stdout(`${line}\n`);
  }

  err(line: string): void {
    this.io.stderr(`${line}\n`);
  }

  /** Prints one JSON value, indented. */
  json(value: unknown): void {
    this.out(JSON.stringify(value, null, 2));
  }

  path(file: string): string {
    return resolve(this.cwd, file);
  }

  /** A path for display: relative to the working directory when inside it. */
  display(file: string): string {
    const rel = relative(this.cwd, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  }

  /** `HOTLINE_CALENDAR_DIR`, or infra/calendar/. */
  get calendarDir(): string {
    const fromEnv = this.env.HOTLINE_CALENDAR_DIR;
    return fromEnv ? this.path(fromEnv) : DEFAULT_CALENDAR_DIR;
  }
}
