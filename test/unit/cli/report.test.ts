import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run, tempDir } from './run.ts';

/**
 * `hotline report` against an HTTP server on the loopback that answers as the API does (its paths,
 * statuses and bodies): what the command asks, what it prints and writes, and its refusals.
 */
describe('hotline report weekly|monthly|yearly', () => {
  let server: Server;
  let url = '';
  const requests: { method: string; path: string; authorization: string }[] = [];
  /** What POST answers next (the API's 201 unless a test says otherwise). */
  let postReply: { status: number; body: unknown } = { status: 201, body: {} };
  const report = {
    kind: 'monthly',
    period: '2026-11',
    title: '12345热线2026年11月月通报',
    received: { count: 11, previous: 4 },
    hotTopics: { clusters: [{ flag: '突发性', category: 'noise', region: 'baohe', count: 5 }] },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: String(req.headers.authorization ?? ''),
      });
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      if (req.method === 'POST')
        return send(postReply.status, 'application/json', JSON.stringify(postReply.body));
      if (req.url === '/v1/reports/monthly/2026-11')
        return send(200, 'application/json', JSON.stringify(report));
      if (req.url === '/v1/reports/monthly/2026-11/csv')
        return send(200, 'text/csv', '\uFEFFsection,value\n');
      if (req.url === '/v1/reports/monthly/2026-11/html')
        return send(200, 'text/html', '<!doctype html><h1>月通报</h1>');
      return send(404, 'application/problem+json', JSON.stringify({ detail: 'no such report' }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    requests.length = 0;
    postReply = { status: 201, body: { report, supervised: ['t-1', 't-2'] } };
  });

  it('generates the month by API and prints the report, with the token given', async () => {
    // Act
    const r = await run(['report', 'monthly', '--period', '2026-11', '--url', url, '--token', 'T0K']);
    // Assess
    expect(r.code).toBe(0);
    expect(r.json()).toEqual(report);
    expect(requests).toEqual([
      { method: 'POST', path: '/v1/reports/monthly/2026-11', authorization: 'Bearer T0K' },
    ]);
  });

  it('with --out writes the JSON, CSV and HTML renderings and prints what it wrote', async () => {
    // Prepare
    const out = tempDir();
    // Act
    const r = await run([
      'report',
      'monthly',
      '--period',
      '2026-11',
      '--out',
      out,
      '--url',
      `${url}/`,
      '--token',
      'T',
    ]);
    // Assess
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      title: report.title,
      received: report.received,
      clusters: 1,
      supervised: 2,
      files: ['json', 'csv', 'html'].map((f) => join(out, `monthly-2026-11.${f}`)),
    });
    expect(requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /v1/reports/monthly/2026-11',
      'GET /v1/reports/monthly/2026-11',
      'GET /v1/reports/monthly/2026-11/csv',
      'GET /v1/reports/monthly/2026-11/html',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'monthly-2026-11.json'), 'utf8'))).toEqual(report);
    expect(readFileSync(join(out, 'monthly-2026-11.csv'), 'utf8')).toBe('\uFEFFsection,value\n');
    expect(readFileSync(join(out, 'monthly-2026-11.html'), 'utf8')).toContain('月通报');
  });

  it("passes on the API's refusal on one line and exits 1", async () => {
    // Prepare
    postReply = {
      status: 403,
      body: { rule: 'role.notAllowed', detail: 'a agent may not generate a report' },
    };
    // Act
    const r = await run(['report', 'weekly', '--period', '2026-W50', '--url', url, '--token', 'T']);
    // Assess
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hotline: 403 role.notAllowed: a agent may not generate a report');
    expect(requests.map((q) => q.path)).toEqual(['/v1/reports/weekly/2026-W50']);
  });

  it('refuses a bad kind, a missing or malformed period, and a deployment without a token, asking nothing', async () => {
    // Act
    const kind = await run(['report', 'daily', '--period', '2026-11-02', '--url', url, '--token', 'T']);
    const none = await run(['report', 'yearly', '--url', url, '--token', 'T']);
    const week = await run(['report', 'weekly', '--period', '2026-11', '--url', url, '--token', 'T']);
    const remote = await run([
      'report',
      'monthly',
      '--period',
      '2026-11',
      '--url',
      'https://hotline.example.gov.cn',
    ]);
    // Assess
    for (const r of [kind, none, week, remote]) expect(r.code).toBe(2);
    expect(kind.stderr).toContain("unknown report kind 'daily'");
    expect(none.stderr).toContain('--period');
    expect(week.stderr).toMatch(/--period: .*"2026-11"/);
    expect(remote.stderr).toContain('--token: https://hotline.example.gov.cn is a deployment');
    expect(requests).toEqual([]);
  });

  it('says so when no API answers at the URL', async () => {
    // Prepare: a port that was just free
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    // Act
    const r = await run([
      'report',
      'monthly',
      '--period',
      '2026-11',
      '--url',
      `http://127.0.0.1:${port}`,
      '--token',
      'T',
    ]);
    // Assess
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no hotline API answers at http://127.0.0.1:${port}`);
  });
});
