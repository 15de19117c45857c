import { describe, expect, it, vi } from 'vitest';
import type { BuildOutcome } from '../../../functions/app/knowledge/build-index.ts';
import { LocalIndexBuilds } from '../../../infra/local/index-builds.ts';

const built = (): BuildOutcome => ({ outcome: 'built', entries: 1, bytes: 1, seconds: 0, builtFrom: '' });

describe('Class: LocalIndexBuilds', () => {
  it('runs one build at a time and hands the changes of a burst to the next build as one, the latest', async () => {
    // Prepare
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const calls: string[] = [];
    let release: () => void = () => {};
    const builds = new LocalIndexBuilds(async (changedAt) => {
      calls.push(changedAt.toISOString());
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
      return built();
    });

    // Act: one change, then three more while its build runs
    builds.submit(new Date('2026-12-14T01:00:00Z'));
    await new Promise((r) => setImmediate(r));
    builds.submit(new Date('2026-12-14T01:00:02Z'));
    builds.submit(new Date('2026-12-14T01:00:03Z'));
    builds.submit(new Date('2026-12-14T01:00:01Z'));
    release();
    await builds.idle();

    // Assess
    expect(calls).toEqual(['2026-12-14T01:00:00.000Z', '2026-12-14T01:00:03.000Z']);
    expect(builds.built).toBe(2);
  });

  it('reports a failed build and goes on with the next change', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let first = true;
    const builds = new LocalIndexBuilds(async () => {
      if (first) {
        first = false;
        throw new Error('table unreachable');
      }
      return built();
    });
    builds.submit(new Date('2026-12-14T01:00:00Z'));
    await builds.idle();
    builds.submit(new Date('2026-12-14T01:00:05Z'));
    await builds.idle();
    expect({ failed: builds.failed, built: builds.built }).toEqual({ failed: 1, built: 1 });
  });
});
