import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.ts';

describe('Command: local clock', () => {
  let server: Server;
  let url: string;
  const received: { method?: string; body: string }[] = [];

  beforeAll(async () => {
    // A stand-in for the local runtime's /_local/clock route.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ method: req.method, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ now: '2026-11-02T14:00:00+08:00', offsetMs: 14_400_000 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('moves the clock forward by the duration given', async () => {
    const result = await run(['local', 'clock', 'advance', '1d4h', '--url', url]);
    expect(result.code).toBe(0);
    expect(received.at(-1)).toEqual({ method: 'POST', body: '{"advance":"1d4h"}' });
    expect(result.json()).toMatchObject({ offsetMs: 14_400_000 });
  });

  it('shows the clock', async () => {
    expect((await run(['local', 'clock', '--url', url])).code).toBe(0);
    expect(received.at(-1)?.method).toBe('GET');
  });

  it('refuses a duration it cannot read, naming it', async () => {
    const result = await run(['local', 'clock', 'advance', '4 hours', '--url', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DURATION: "4 hours" is not a duration/);
  });

  it('says when no local runtime answers', async () => {
    const result = await run(['local', 'clock', 'advance', '4h', '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no local runtime answers/);
  });
});
