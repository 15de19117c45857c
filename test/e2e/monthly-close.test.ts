import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../functions/domain/reports/index.ts';
import { launchChromium, screenshotPath, watchedPage } from '../support/browser.ts';
import { type LocalRuntime, removeRuntimeData, startLocalRuntime } from '../support/local-runtime.ts';
import { assertDocumented, call, contractOf } from './client.ts';
import { staffApi } from './staff-api.ts';

/**
 * Pingdingshan's assessment end to end, over HTTP on the virtual clock: tickets for units of two
 * ranking groups (district: ss-urban, bh-urban; city departments: hf-env, hf-market) over two
 * months, the monthly close started by its schedule at 00:00 on the 1st, and the ranking, the
 * sanctions and the bulletin's figures checked against numbers worked out by hand.
 *
 * Every ticket is dispatched (class B), signed, the requester contacted in the window, the reply
 * approved on time; only the callback differs. So each unit's rates are 1 except satisfaction s, and
 * its score is (40·1 + 40·s + 10·1 + 5·1 + 5·1) / 100 × 100 = 60 + 40·s.
 */
describe('pingdingshan-2022: two months, two groups, the monthly close by its schedule', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof staffApi>;
  const get = (path: string, who = 'supervisor') =>
    call('GET', path, { token: api.who(who), baseUrl: runtime.apiUrl });

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      POLICY_ID: 'pingdingshan-2022',
      HOTLINE_CLOCK_START: '2026-10-12T09:00:00+08:00',
    });
    api = staffApi(runtime.apiUrl, runtime.staffTokens);
  });
  afterAll(async () => {
    await runtime?.stop();
    if (runtime) removeRuntimeData(runtime);
  });

  /** One ticket through to its callback: satisfied or not. */
  async function handled(unit: string, satisfied: boolean, channel = 'web') {
    const clerk = `unitClerk@${unit}`;
    const id = await api.register({ channel, category: 'street-vendors', regionId: 'shushan' });
    const level = unit.startsWith('hf-') ? 'city' : 'county';
    await api.command(id, 'dispatch', 'dispatcher', { leadUnit: unit, level, classId: 'B' });
    await api.command(id, 'sign', clerk);
    await api.command(id, 'recordContact', clerk, { method: 'phone' });
    await api.command(id, 'informRequester', clerk, { summary: '已处理' });
    await api.command(id, 'reply', clerk, { summary: '已处理' });
    await api.command(id, 'review', 'dispatcher', { approve: true, note: '答复完整' });
    await api.command(id, 'recordCallback', 'callbackAgent', { outcome: 'answered', satisfied });
    return id;
  }

  /** Moves the clock past 00:00 on the 1st and waits until the schedule's close published the bulletin. */
  async function closeBySchedule(first: string, month: string) {
    await api.clockTo(first);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const reply = await get(`/v1/reports/monthly/${month}`);
      if (reply.status === 200) return reply.body as unknown as Report;
      if (Date.now() > deadline) throw new Error(`no bulletin of ${month}: ${JSON.stringify(reply.body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const ranking = (report: Pick<Report, 'ranking'>, group: string) =>
    report.ranking?.groups.find((g) => g.id === group)?.units.map((u) => [u.unit, u.score, u.rank]);

  it('PDS:26-29 ranks, sanctions and publishes October and November as worked out by hand', async () => {
    // Prepare: October. ss-urban 2 satisfied → 100; bh-urban 1 of 2 → 80; hf-env 1 of 1 → 100; hf-market 0 of 1 → 60
    await handled('ss-urban', true);
    await handled('ss-urban', true, 'mayorMailbox');
    await handled('bh-urban', true);
    await handled('bh-urban', false);
    await handled('hf-env', true);
    await handled('hf-market', false);
    // …and five requests on street noise in Baohe on the month's last day: a sudden cluster (AH:20(六))
    await api.clockTo('2026-10-31T10:00:00+08:00');
    const cluster: string[] = [];
    for (let i = 0; i < 5; i++) cluster.push(await api.register({ category: 'noise', regionId: 'baohe' }));

    // Assess: JZ:四(四) the live ranking before the close, updated as the events arrived
    let live = { live: false, ranking: null } as Pick<Report, 'ranking'> & { live: boolean };
    for (const until = Date.now() + 20_000; Date.now() < until; ) {
      const scores = (await get('/v1/assessment/scores?month=2026-10', 'unitHead@ss-urban')).body;
      live = {
        live: scores.live as boolean,
        ranking: { source: 'live', period: '2026-10', groups: scores.groups as never },
      };
      if (JSON.stringify(ranking(live, 'cityDepartments')).includes('60')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(live.live).toBe(true);
    expect(ranking(live, 'district')?.slice(0, 2)).toEqual([
      ['ss-urban', 100, 1],
      ['bh-urban', 80, 2],
    ]);

    // Act: the schedule closes October at 00:00 on 1 November
    const october = await closeBySchedule('2026-11-01T00:00:30+08:00', '2026-10');

    // Assess: the ranking. bh-urban is last and 80 < 85% of 100 (PDS:28(四)); hf-market is among the
    // last two and 60 < 80% of 100; hf-env is among the last two too but not below 80
    expect(october.ranking?.source).toBe('bulletin');
    expect(ranking(october, 'district')).toEqual([
      ['ss-urban', 100, 1],
      ['bh-urban', 80, 2],
      ['bh-gov', null, null],
      ['ss-gov', null, null],
    ]);
    expect(ranking(october, 'cityDepartments')).toEqual([
      ['hf-env', 100, 1],
      ['hf-market', 60, 2],
      ['hf-housing', null, null],
    ]);
    expect(october.sanctions).toEqual([
      { month: '2026-10', unit: 'bh-urban', group: 'district', measure: 'interview', basis: 'PDS:28(四)' },
      {
        month: '2026-10',
        unit: 'hf-market',
        group: 'cityDepartments',
        measure: 'interview',
        basis: 'PDS:28(四)',
      },
    ]);
    // …the bulletin's figures: 11 received (10 on the web, 1 by the mayor's mailbox), 6 finished, all on
    // time, 4 of 6 satisfied
    expect(october.received).toEqual({ count: 11, previous: 0 });
    expect(october.volumes.channel.map((l: { id: string; count: number }) => [l.id, l.count])).toEqual([
      ['web', 10],
      ['mayorMailbox', 1],
    ]);
    expect(october.volumes.category.map((l: { id: string; count: number }) => [l.id, l.count])).toEqual([
      ['street-vendors', 6],
      ['noise', 5],
    ]);
    expect(october.counts).toMatchObject({
      dispatched: 6,
      finished: 6,
      finishedOnTime: 6,
      satisfied: 4,
      dissatisfied: 2,
    });
    expect(october.rates.onTime).toBe(1);
    expect(october.rates.satisfaction).toBeCloseTo(4 / 6, 10);
    // …and the hot topics: noise in Baohe is flagged 突发性 (the day) and 苗头性 (the week), its
    // five tickets put under supervision once
    expect(
      october.hotTopics.clusters.map(
        (c: { flag: string; category: string; region: string; count: number }) => [
          c.flag,
          c.category,
          c.region,
          c.count,
        ],
      ),
    ).toEqual([
      ['突发性', 'noise', 'baohe', 5],
      ['苗头性', 'noise', 'baohe', 5],
    ]);
    for (const id of cluster) {
      const trending = await api.waitFor(id, 'SupervisionOpened', 1, (e) => e.reason === 'trending');
      expect(trending).toHaveLength(1);
    }
    const again = await call('POST', '/v1/reports/monthly/2026-10', {
      token: api.who('supervisor'),
      baseUrl: runtime.apiUrl,
    });
    expect(again.status).toBe(201);
    expect(again.body.supervised).toEqual([]);

    // Prepare: November. ss-urban 100; bh-urban 60 (its second bulletin in a row); hf-env and hf-market
    // 100; a supervisor interviews hf-env by hand (PDS:28(二)), by API
    await api.clockTo('2026-11-02T09:00:00+08:00');
    await handled('ss-urban', true);
    await handled('bh-urban', false);
    await handled('hf-env', true);
    await handled('hf-market', true);
    const manual = await call('POST', '/v1/assessment/sanctions', {
      token: api.who('supervisor'),
      baseUrl: runtime.apiUrl,
      body: { month: '2026-11', unit: 'hf-env', measure: 'interview', basis: 'PDS:28(二)' },
    });
    expect(manual.status).toBe(201);

    // Act
    const november = await closeBySchedule('2026-12-01T00:00:30+08:00', '2026-11');

    // Assess: bh-urban interviewed in two bulletins in a row → the secretary-general's interview too
    // (PDS:28(五)); hf-env's manual interview counts like the ranking's
    expect(ranking(november, 'district')?.slice(0, 2)).toEqual([
      ['ss-urban', 100, 1],
      ['bh-urban', 60, 2],
    ]);
    expect(november.sanctions).toEqual([
      { month: '2026-11', unit: 'bh-urban', group: 'district', measure: 'interview', basis: 'PDS:28(四)' },
      {
        month: '2026-11',
        unit: 'bh-urban',
        group: 'district',
        measure: 'secretaryGeneralInterview',
        basis: 'PDS:28(五)',
      },
      {
        month: '2026-11',
        unit: 'hf-env',
        group: 'cityDepartments',
        measure: 'interview',
        basis: 'PDS:28(二)',
      },
    ]);
    expect(november.received).toEqual({ count: 4, previous: 11 });
    expect(november.counts).toMatchObject({ finished: 4, satisfied: 3, dissatisfied: 1 });
    expect(november.hotTopics.categories.againstPrevious).toEqual([]);
    const scores = await get('/v1/assessment/scores?month=2026-11');
    expect(scores.body.live).toBe(false);
  }, 400_000);

  it('the bulletin opens in Chromium without a console error, and its screenshot is kept', async () => {
    // Prepare
    const path = '/v1/reports/monthly/2026-10/html';
    const res = await fetch(`${runtime.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${api.who('supervisor')}` },
    });
    const html = await res.text();
    assertDocumented(await contractOf(runtime.apiUrl), 'GET', path, {
      status: res.status,
      headers: res.headers,
      body: html as unknown as Record<string, unknown>,
    });
    const browser = await launchChromium();
    try {
      const watched = await watchedPage(browser);
      await watched.page.setExtraHTTPHeaders({ authorization: `Bearer ${api.who('supervisor')}` });

      // Act
      await watched.page.goto(`${runtime.apiUrl}${path}`);

      // Assess
      await expect(watched.page.locator('h1').textContent()).resolves.toBe('12345热线2026年10月月通报');
      expect(await watched.page.locator('svg').count()).toBeGreaterThanOrEqual(4);
      expect(await watched.page.locator('text=突发性').count()).toBeGreaterThan(0);
      await watched.page.screenshot({ path: screenshotPath('monthly-bulletin'), fullPage: true });
      const pdf = await watched.page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      expect(watched.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
