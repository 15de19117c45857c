import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Domain code is pure; process.env.TZ is pinned away from Asia/Shanghai so that any
    // accidental use of the machine's local time shows up as a failing test.
    env: { TZ: 'America/Los_Angeles' },
    coverage: {
      provider: 'v8',
      include: ['functions/domain/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
