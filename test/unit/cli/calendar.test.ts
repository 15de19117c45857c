import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonFile, run, SCHEDULE_2027, tempDir } from './run.ts';

const FROM = '2026-09-30T15:00:00+08:00';

const deadline = (policy: string, type: string, ...more: string[]) =>
  run(['calendar', 'deadline', '--policy', policy, '--type', type, '--from', FROM, ...more]);

describe('hotline calendar deadline', () => {
  it('AH:17(一): a consultation received on 30 September 2026 is due 10 October (after National Day)', async () => {
    const result = await deadline('anhui-2021', 'consultation');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.json()).toMatchObject({
      deadline: '2026-10-10T23:59:59+08:00',
      provisional: false,
      basis: 'AH:17(一)',
      limit: { workingDays: 3 },
      kind: 'handling',
      countReceiptDay: false,
    });
  });

  it('AH:17(二): a complaint received then is due 20 October', async () => {
    const result = await deadline('anhui-2021', 'complaint');
    expect(result.json()).toMatchObject({
      deadline: '2026-10-20T23:59:59+08:00',
      provisional: false,
      basis: 'AH:17(二)',
      limit: { workingDays: 10 },
    });
  });

  it('PDS:8 class A: 4 hours on the clock', async () => {
    const json = (await deadline('pingdingshan-2022', 'help', '--class', 'A')).json();
    expect(json).toMatchObject({
      deadline: '2026-09-30T19:00:00+08:00',
      provisional: false,
      basis: 'PDS:8 A',
    });
    expect(Date.parse(json.deadline as string) - Date.parse(FROM)).toBe(4 * 3_600_000);
  });

  it('PDS:8 class D is urgent: a clock in hours (24 by default), with a note', async () => {
    const json = (await deadline('pingdingshan-2022', 'help', '--class', 'D')).json();
    expect(json).toMatchObject({
      kind: 'handling',
      deadline: '2026-10-01T15:00:00+08:00',
      provisional: false,
      basis: 'PDS:8 D; 24 hours default',
    });
    expect(json.note).toMatch(/urgent/);
  });

  it('PDS:8 class C: the plan deadline, marked kind "plan"', async () => {
    const plan = (await deadline('pingdingshan-2022', 'complaint', '--class', 'C')).json();
    const classB = (await deadline('pingdingshan-2022', 'complaint', '--class', 'B')).json();
    expect(plan).toMatchObject({ kind: 'plan', limit: { centreSets: true, plan: { workingDays: 5 } } });
    expect(plan.note).toMatch(/plan/);
    expect(plan.deadline).toBe('2026-10-13T23:59:59+08:00');
    expect(classB).toMatchObject({ kind: 'handling', deadline: plan.deadline });
  });

  it("PDS:14 replaces class B's limit for the mayor's mailbox: 10 working days", async () => {
    const json = (
      await deadline('pingdingshan-2022', 'help', '--class', 'B', '--channel', 'mayorMailbox')
    ).json();
    expect(json).toMatchObject({ channel: 'mayorMailbox', kind: 'handling', basis: 'PDS:14' });
    expect(json.deadline).toBe('2026-10-20T23:59:59+08:00');
    expect(json.clocks).toHaveLength(1);
  });

  it('PDS:14 never relaxes class D: the 24 hours come first, the written reply is in clocks', async () => {
    const json = (
      await deadline('pingdingshan-2022', 'help', '--class', 'D', '--channel', 'mayorMailbox')
    ).json();
    expect(json).toMatchObject({
      kind: 'handling',
      basis: 'PDS:8 D; 24 hours default',
      deadline: '2026-10-01T15:00:00+08:00',
    });
    expect(json.clocks).toMatchObject([
      { kind: 'handling', deadline: '2026-10-01T15:00:00+08:00' },
      { kind: 'writtenReply', basis: 'PDS:14', deadline: '2026-10-20T23:59:59+08:00' },
    ]);
  });

  it('reads any offset and answers in Shanghai time', async () => {
    const json = (
      await run([
        'calendar',
        'deadline',
        '--policy=anhui-2021',
        '--type=consultation',
        '--from=2026-09-30T07:00:00Z',
      ])
    ).json();
    expect(json).toMatchObject({ from: FROM, deadline: '2026-10-10T23:59:59+08:00', channel: 'phone' });
  });

  it('is provisional in a year without a schedule, and exact once the operator loads one', async () => {
    const dir = tempDir();
    const args = ['calendar', 'deadline', '--policy', 'anhui-2021', '--type', 'consultation'];
    const before = (await run([...args, '--from', '2027-03-01T10:00:00+08:00'], dir)).json();
    expect(before).toMatchObject({ deadline: '2027-03-04T23:59:59+08:00', provisional: true });
    expect(before.warning).toMatch(/November/);

    expect((await run(['calendar', 'load', jsonFile('2027.json', SCHEDULE_2027)], dir)).code).toBe(0);
    const after = (await run([...args, '--from', '2027-03-01T10:00:00+08:00'], dir)).json();
    expect(after).toMatchObject({ deadline: '2027-03-05T23:59:59+08:00', provisional: false });
    expect(after).not.toHaveProperty('warning');
  });
});

describe('hotline calendar add-working-days', () => {
  it('counts working days after a date, skipping National Day and working the make-up Saturday', async () => {
    const result = await run(['calendar', 'add-working-days', '--from', '2026-09-30', '--days', '3']);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ date: '2026-10-10', provisional: false });
  });

  it('returns the date itself for 0 days', async () => {
    const result = await run(['calendar', 'add-working-days', '--from', '2026-10-03', '--days', '0']);
    expect(result.json()).toEqual({ date: '2026-10-03', provisional: false });
  });

  it('says when it relied on a provisional year', async () => {
    const json = (await run(['calendar', 'add-working-days', '--from', '2026-12-30', '--days', '5'])).json();
    expect(json).toMatchObject({ provisional: true });
    expect(json.date).toMatch(/^2027-01-/);
  });

  it('art. 6 (补假): May 1-2, 2027 fall on a weekend and are made up on May 3-4, so one working day after April 30 is May 5', async () => {
    const json = (await run(['calendar', 'add-working-days', '--from', '2027-04-30', '--days', '1'])).json();
    expect(json).toMatchObject({ date: '2027-05-05', provisional: true });
  });
});

describe('hotline calendar check and load', () => {
  it('knows official and provisional years', async () => {
    expect((await run(['calendar', 'check', '2026'])).json()).toEqual({ year: 2026, source: 'official' });
    expect((await run(['calendar', 'check', '2027'])).json()).toEqual({ year: 2027, source: 'provisional' });
  });

  it('2027 is provisional until the operator loads its schedule, then operator', async () => {
    const dir = tempDir();
    expect((await run(['calendar', 'check', '2027'], dir)).json()).toEqual({
      year: 2027,
      source: 'provisional',
    });

    const loaded = await run(['calendar', 'load', jsonFile('schedule.json', SCHEDULE_2027)], dir);
    expect(loaded.code).toBe(0);
    expect(loaded.json()).toEqual({
      stored: join(dir, '2027.json'),
      replaces: 'provisional',
      year: 2027,
      source: 'operator',
      holidays: ['2027-01-01', '2027-03-02'],
      workdays: [],
      next: [
        'commit the file, add 2027 to "calendarYears" of each deployment config and deploy (npx cdk deploy --all -c config=FILE)',
        'the deployment starts the recount of open tickets whose deadlines were provisional by itself',
        'npx hotline calendar recount -c config=FILE --watch follows it; --start runs it again',
        'locally: npm start again recounts them at start',
      ],
    });
    expect(JSON.parse(readFileSync(join(dir, '2027.json'), 'utf8'))).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-03-02'],
      workdays: [],
    });

    expect((await run(['calendar', 'check', '2027'], dir)).json()).toEqual({
      year: 2027,
      source: 'operator',
    });
    const again = await run(['calendar', 'load', jsonFile('schedule.json', SCHEDULE_2027)], dir);
    expect(again.json()).toMatchObject({ replaces: 'operator' });
  });

  it('refuses an invalid schedule with one line per problem, exit 1, and stores nothing', async () => {
    const dir = tempDir();
    const file = jsonFile('bad.json', { year: 2027, holidays: ['2026-03-02'], workdays: ['2027-03-03'] });
    const result = await run(['calendar', 'load', file], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('holidays[0]: 2026-03-02 is not in 2027');
    expect(result.stderr).toContain('workdays[0]: 2027-03-03 is a Wednesday');
    expect(readdirSync(dir)).toEqual([]);
    expect((await run(['calendar', 'load', jsonFile('bad.json', '{')], dir)).code).toBe(1);
  });

  it('reports a damaged stored schedule by file name, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '2027.json'), JSON.stringify({ year: 2028, holidays: [], workdays: [] }));
    const result = await run(['calendar', 'check', '2027'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2027.json');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
