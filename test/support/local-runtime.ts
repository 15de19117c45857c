import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** The last line of the tour `npm start` prints; everything after it is the runtime's log. */
export const TOUR_END = 'Ctrl-C stops everything.';

export interface LocalRuntime {
  apiUrl: string;
  dynamodbEndpoint: string;
  staffTokens: Record<string, string>;
  logFile: string;
  /** The log lines written after the tour. */
  logLines(): string[];
  stop(): Promise<void>;
}

/**
 * Starts the real local runtime (`npm start`'s entry point) on a free port with a fresh data folder
 * and reads its URLs and staff tokens from the printed tour.
 */
export async function startLocalRuntime(env: Record<string, string> = {}): Promise<LocalRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-runtime-'));
  const logFile = join(dataDir, 'runtime.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['infra/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOTLINE_DATA_DIR: dataDir, POLICY_ID: 'anhui-2021', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
    log.write(chunk);
  });
  child.stderr?.on('data', (chunk) => log.write(chunk));

  const started = Date.now();
  while (!output.includes(TOUR_END)) {
    if (child.exitCode !== null)
      throw new Error(`the local runtime exited: ${readFileSync(logFile, 'utf8')}`);
    if (Date.now() - started > 180_000) throw new Error('the local runtime did not start within 180 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    apiUrl: /API\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '',
    dynamodbEndpoint: /DynamoDB Local\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '',
    staffTokens: Object.fromEntries(
      [...output.matchAll(/^ {2}(\w+(?:@[\w-]+)?)\s+(eyJ\S+)$/gm)].map(([, who, token]) => [who, token]),
    ),
    logFile,
    logLines: () => readFileSync(logFile, 'utf8').split(TOUR_END)[1]?.split('\n') ?? [],
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await new Promise((r) => log.end(r));
    },
  };
}

export function removeRuntimeData(runtime: LocalRuntime): void {
  rmSync(resolve(runtime.logFile, '..'), { recursive: true, force: true });
}
