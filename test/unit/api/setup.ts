import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher, type BaseMatcher } from 'aws-sdk-client-mock-vitest';
import { afterAll, beforeAll, expect, type MatchersObject, vi } from 'vitest';

/**
 * Shared set-up of the handler tests, imported by every test file of this folder:
 * - the aws-sdk-client-mock matchers;
 * - the environment the handlers read when their module loads;
 * - the mocked DynamoDB client (the repositories' document client sends through it);
 * - a fixed time: Monday 2 November 2026, 10:00 in Shanghai (only `Date` is faked, timers run).
 */

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends BaseMatcher<R> {}
}

// The matchers are typed against the @vitest/expect they were built with; vitest runs them as they are.
expect.extend(allCustomMatcher as unknown as MatchersObject);

export const TABLE_NAME = 'hotline-test';
export const HASH_KEY = 'test-requester-hash-key';
/** 2026-11-02T10:00:00+08:00, an ordinary working Monday. */
export const NOW = new Date('2026-11-02T02:00:00.000Z');

const ENV = {
  TABLE_NAME,
  POLICY_ID: 'anhui-2021',
  REQUESTER_HASH_KEY: HASH_KEY,
  DYNAMODB_ENDPOINT: '',
  HOTLINE_CALENDAR_DIR: '',
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_LAMBDA_FUNCTION_NAME: '',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_DEV: 'false',
};

export const lowLevel = mockClient(DynamoDBClient);

beforeAll(() => {
  for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  lowLevel.restore();
});
