import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Domain code is pure; TZ is pinned away from Asia/Shanghai so that any accidental use of the
    // machine's local time shows up as a failing test.
    env: { TZ: 'America/Los_Angeles' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One DynamoDB Local for the run; each test file makes its own table.
          globalSetup: ['test/integration/dynamodb.setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'workflows',
          include: ['test/workflows/**/*.test.ts'],
          // The state machines under aws-local-stepfunctions, against the run's DynamoDB Local.
          globalSetup: ['test/integration/dynamodb.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // The real local runtime (DynamoDB Local + API server), started once for the run.
          globalSetup: ['test/e2e/runtime.setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          // A test file may start a runtime of its own, which takes minutes on a loaded machine.
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // Each file synthesizes its apps once (beforeAll); bundling and cdk-nag take seconds.
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['functions/**/*.ts'],
      reporter: ['text-summary', 'text'],
      // The rules live in the domain: its coverage may not slip.
      thresholds: { 'functions/domain/**': { statements: 90, branches: 80, functions: 95, lines: 95 } },
    },
  },
});
