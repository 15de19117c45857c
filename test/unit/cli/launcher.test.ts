import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

it('bin/hotline.mjs runs the CLI under the project Node and passes on the exit code', () => {
  const calendarDir = mkdtempSync(join(tmpdir(), 'hotline-bin-'));
  try {
    const hotline = (...args: string[]) =>
      spawnSync(join(root, 'node_modules/.bin/node'), [join(root, 'bin/hotline.mjs'), ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, HOTLINE_CALENDAR_DIR: calendarDir },
        timeout: 30_000,
      });
    const ok = hotline(
      'calendar',
      'deadline',
      '--policy',
      'anhui-2021',
      '--type',
      'complaint',
      '--from',
      '2026-09-30T15:00:00+08:00',
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      deadline: '2026-10-20T23:59:59+08:00',
      provisional: false,
    });

    const bad = hotline('calendar', 'add-working-days', '--from', '2026-09-30', '--days', '-1');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^hotline: --days must be a whole number ≥ 0, not "-1"[^\n]*\n$/);
  } finally {
    rmSync(calendarDir, { recursive: true, force: true });
  }
}, 60_000);
