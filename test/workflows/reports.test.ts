import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../functions/adapters/clock.ts';
import { generateReport, reportKey } from '../../functions/app/reports/generate.ts';
import { parsePeriod, type ReportPeriod } from '../../functions/domain/reports/index.ts';
import { type Harness, workflowHarness } from './harness.ts';

const monthly = (id: string) => parsePeriod('monthly', id) as ReportPeriod;

describe('Reports from the projected counts (DynamoDB Local, the local bus)', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('AH:20(六) a sudden cluster puts its tickets under supervision through the decider, once', async () => {
    // Prepare: five requests on noise in Baohe on the month's last day, one elsewhere
    h = await workflowHarness('anhui-2021', '2026-10-31T10:00:00+08:00');
    const cluster: string[] = [];
    for (let i = 0; i < 5; i++) cluster.push(await h.register({ category: 'noise', regionId: 'baohe' }));
    await h.register({ category: 'noise', regionId: 'shushan' });
    await h.drain();
    const deps = { rt: h.rt, assessment: h.assessment, store: h.reportStore };
    clock.advance(3_600_000);

    // Act
    const first = await generateReport(deps, monthly('2026-10'));
    const again = await generateReport(deps, monthly('2026-10'));

    // Assess
    expect(first.report.received.count).toBe(6);
    expect(first.report.hotTopics.clusters.map((c) => [c.flag, c.category, c.region, c.count])).toEqual([
      ['突发性', 'noise', 'baohe', 5],
      ['苗头性', 'noise', 'baohe', 5],
    ]);
    expect([...first.supervised].sort()).toEqual([...cluster].sort());
    expect(again.supervised).toEqual([]);
    for (const id of cluster) {
      const trending = (await h.history(id)).filter(
        (e) => e.type === 'SupervisionOpened' && e.reason === 'trending',
      );
      expect(trending).toHaveLength(1);
    }
    expect(h.reportStore.documents.has(reportKey(monthly('2026-10'), 'html'))).toBe(true);
  });
});
