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

  it('the daily sweep (00:30) and the weekly report (Mondays 01:00) run by their schedules on the virtual clock', async () => {
    // Prepare: Saturday 7 November 2026 (ISO week 2026-W45: 2–8 November): five requests on noise in
    // Baohe, one on street vendors in Shushan
    h = await workflowHarness('anhui-2021', '2026-11-07T10:00:00+08:00');
    const cluster: string[] = [];
    for (let i = 0; i < 5; i++) cluster.push(await h.register({ category: 'noise', regionId: 'baohe' }));
    await h.register();
    await h.drain();
    const runs = (job: string) => h.reportSchedules.runs.filter((r) => r.job === job);

    // Act: past 00:30 on Sunday, then past 01:00 on Monday
    clock.advance(Date.parse('2026-11-08T00:30:01+08:00') - clock.now().getTime());
    await h.until('the sweep of 7 November', async () => runs('clusterSweep').length === 1);
    clock.advance(Date.parse('2026-11-09T01:00:01+08:00') - clock.now().getTime());
    await h.until('the weekly report of W45', async () => runs('weeklyReport').length === 1);
    await h.until('the sweep of 8 November', async () => runs('clusterSweep').length === 2);

    // Assess: Sunday's sweep found Saturday's 突发性 and 苗头性 cluster and supervised its tickets,
    // without a report; Monday's sweep and the week's report find the 苗头性 one again, open nothing
    const [saturday, sunday] = runs('clusterSweep').map((r) => r.result);
    expect(runs('clusterSweep').map((r) => r.time)).toEqual([
      '2026-11-07T16:30:00.000Z',
      '2026-11-08T16:30:00.000Z',
    ]);
    expect(saturday).toMatchObject({ job: 'clusterSweep', day: '2026-11-07', clusters: 2 });
    expect([...(saturday?.supervised ?? [])].sort()).toEqual([...cluster].sort());
    expect(sunday).toEqual({ job: 'clusterSweep', day: '2026-11-08', clusters: 1, supervised: [] });
    expect(runs('weeklyReport')[0]).toMatchObject({
      time: '2026-11-08T17:00:00.000Z',
      result: { job: 'weeklyReport', period: '2026-W45', clusters: 1, supervised: [] },
    });
    const weekly = parsePeriod('weekly', '2026-W45') as ReportPeriod;
    const stored = await h.reportStore.get(reportKey(weekly, 'json'));
    expect(JSON.parse(stored?.body ?? '{}')).toMatchObject({ kind: 'weekly', received: { count: 6 } });
    for (const id of cluster) {
      const trending = (await h.history(id)).filter(
        (e) => e.type === 'SupervisionOpened' && e.reason === 'trending',
      );
      expect(trending).toHaveLength(1);
    }
    expect(h.reportSchedules.failures).toBe(0);
  });
});
