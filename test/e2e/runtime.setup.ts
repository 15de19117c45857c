import type { TestProject } from 'vitest/node';
import { removeRuntimeData, startLocalRuntime } from '../support/local-runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    staffTokens: Record<string, string>;
    runtimeLog: string;
  }
}

/** The e2e runtime's virtual clock starts on a known Monday, so dates in the tests do not drift. */
export const E2E_CLOCK_START = '2026-12-14T09:00:00+08:00';

/**
 * A Chinese mobile number anywhere in a line: what must never reach a log. Digits inside a hex run
 * (a request id, a UUID) are not a number.
 */
export const PHONE_PATTERN = /(?<![\da-fA-F])1[3-9]\d{9}(?![\da-fA-F])/;

/**
 * Starts the real local runtime for the e2e run and stops it afterwards. A phone number anywhere in
 * its log, from any test, fails the run.
 */
export default async function setup(project: TestProject) {
  const runtime = await startLocalRuntime({ HOTLINE_CLOCK_START: E2E_CLOCK_START });
  project.provide('apiUrl', runtime.apiUrl);
  project.provide('staffTokens', runtime.staffTokens);
  project.provide('runtimeLog', runtime.logFile);
  return async () => {
    await runtime.stop();
    const leaked = runtime.logLines().filter((line) => PHONE_PATTERN.test(line));
    removeRuntimeData(runtime);
    if (leaked.length > 0)
      throw new Error(`a phone number reached the logs:\n${leaked.slice(0, 3).join('\n')}`);
  };
}
