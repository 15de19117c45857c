import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    staffTokens: Record<string, string>;
    runtimeLog: string;
  }
}

const ROOT = resolve(import.meta.dirname, '../..');
const TOUR_END = 'Ctrl-C stops everything.';

/** A Chinese mobile number anywhere in a line: what must never reach a log. */
export const PHONE_PATTERN = /(?<!\d)1[3-9]\d{9}(?!\d)/;

/**
 * Starts the real local runtime (`npm start`'s entry point) on a free port with a fresh data folder,
 * reads the URL and the staff tokens from its printed tour, and stops it after the run. Its whole
 * output goes to a log file; a phone number in it fails the run.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-'));
  const runtimeLog = join(dataDir, 'runtime.log');
  const log = createWriteStream(runtimeLog);
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['infra/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOTLINE_DATA_DIR: dataDir, POLICY_ID: 'anhui-2021', TZ: 'UTC' },
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
      throw new Error(`the local runtime exited: ${readFileSync(runtimeLog, 'utf8')}`);
    if (Date.now() - started > 90_000) throw new Error('the local runtime did not start within 90 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const apiUrl = /API\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
  const staffTokens = Object.fromEntries(
    [...output.matchAll(/^ {2}(\w+(?:@[\w-]+)?)\s+(eyJ\S+)$/gm)].map(([, who, token]) => [who, token]),
  );
  project.provide('apiUrl', apiUrl);
  project.provide('staffTokens', staffTokens);
  project.provide('runtimeLog', runtimeLog);

  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    log.end();
    // Everything after the printed tour (whose example request shows a sample number) is the log.
    const logLines = readFileSync(runtimeLog, 'utf8').split(TOUR_END)[1]?.split('\n') ?? [];
    const leaked = logLines.filter((line) => PHONE_PATTERN.test(line));
    rmSync(dataDir, { recursive: true, force: true });
    if (leaked.length > 0)
      throw new Error(`a phone number reached the logs:\n${leaked.slice(0, 3).join('\n')}`);
  };
}
