import { describe, expect, inject, it } from 'vitest';
import { assertDocumented, call, contractOf, register, token } from './client.ts';

/** A rendering fetched as text and checked against the document like every other answer. */
async function rendering(path: string, who = 'supervisor') {
  const base = inject('apiUrl');
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token(who)}` } });
  const body = await res.text();
  const reply = {
    status: res.status,
    headers: res.headers,
    body: res.status === 200 ? body : JSON.parse(body),
  };
  assertDocumented(await contractOf(base), 'GET', path, reply);
  return reply;
}

describe('Reports and assessment over HTTP (PDS:19; AH:33; JZ:四(四))', () => {
  it('PDS:19 a weekly analysis is generated from the aggregates, stored, and read as JSON, CSV and HTML', async () => {
    // Prepare: a ticket this week (the run's clock starts on Monday 2026-12-14)
    await register({ channel: 'web', category: 'noise', regionId: 'baohe' });

    // Act: generated once the projection has counted the registration (the bus is asynchronous)
    let generated = await call('POST', '/v1/reports/weekly/2026-W51', { token: token('supervisor') });
    for (
      let tries = 0;
      (generated.body.report as { received: { count: number } }).received.count === 0;
      tries++
    ) {
      if (tries > 100) throw new Error('the registration was never counted');
      await new Promise((r) => setTimeout(r, 200));
      generated = await call('POST', '/v1/reports/weekly/2026-W51', { token: token('supervisor') });
    }
    const json = await call('GET', '/v1/reports/weekly/2026-W51', { token: token('auditor') });
    const csv = await rendering('/v1/reports/weekly/2026-W51/csv');
    const html = await rendering('/v1/reports/weekly/2026-W51/html', 'unitHead@ss-urban');

    // Assess
    expect(generated.status).toBe(201);
    const report = json.body as {
      title: string;
      received: { count: number };
      volumes: { category: { id: string }[] };
    };
    expect(report.title).toBe('12345热线2026年第51周(2026-12-14至2026-12-20)周分析');
    expect(report.received.count).toBeGreaterThanOrEqual(1);
    expect(report.volumes.category.map((l) => l.id)).toContain('noise');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(csv.body)).toContain('volume,category,noise,噪声扰民');
    expect(String(html.body)).toContain('<h1>12345热线2026年第51周');
  });

  it('answers a report never generated 404, a bad period 400 naming it, and a role that may not read 403', async () => {
    const missing = await call('GET', '/v1/reports/monthly/2020-01', { token: token('supervisor') });
    const bad = await call('GET', '/v1/reports/monthly/2026-13', { token: token('supervisor') });
    const agent = await call('GET', '/v1/reports/monthly/2026-11', { token: token('agent') });
    const dispatcherWrites = await call('POST', '/v1/reports/monthly/2026-11', {
      token: token('dispatcher'),
    });
    expect([missing.status, missing.body.rule]).toEqual([404, 'report.notGenerated']);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('period');
    expect(agent.status).toBe(403);
    // TN:6(八) is Tianning's: the Anhui runtime has no monthly analysis from the units
    const analyses = await call('GET', '/v1/assessment/analyses?month=2026-11', {
      token: token('supervisor'),
    });
    expect(analyses.status).toBe(404);
    expect(dispatcherWrites.status).toBe(403);
  });

  it('JZ:四(四) the live scores per group, and PDS:28(二) a sanction recorded by hand', async () => {
    // Act
    const scores = await call('GET', '/v1/assessment/scores', { token: token('unitClerk@ss-urban') });
    const recorded = await call('POST', '/v1/assessment/sanctions', {
      token: token('supervisor'),
      body: {
        month: '2026-12',
        unit: 'bh-urban',
        measure: 'interview',
        basis: 'PDS:28(二) 牵头单位不及时协调',
      },
    });
    const unknown = await call('POST', '/v1/assessment/sanctions', {
      token: token('supervisor'),
      body: { month: '2026-12', unit: 'nobody', measure: 'interview', basis: 'PDS:28(一)' },
    });
    const byClerk = await call('POST', '/v1/assessment/sanctions', {
      token: token('unitClerk@ss-urban'),
      body: { month: '2026-12', unit: 'bh-urban', measure: 'interview', basis: 'PDS:28(一)' },
    });
    const listed = await call('GET', '/v1/assessment/sanctions?month=2026-12', { token: token('auditor') });

    // Assess
    expect(scores.status).toBe(200);
    expect(scores.body).toMatchObject({ month: '2026-12', live: true });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ unit: 'bh-urban', source: 'manual', by: 'supervisor-zhou' });
    expect(unknown.status).toBe(400);
    expect(byClerk.status).toBe(403);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ unit: 'bh-urban', basis: 'PDS:28(二) 牵头单位不及时协调' }),
    ]);
  });
});
