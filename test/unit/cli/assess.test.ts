import { describe, expect, it } from 'vitest';
import { jsonFile, run } from './run.ts';

/** Two months of the four Pingdingshan groups; the numbers are checked by hand in each test. */
const SCORES = {
  months: [
    {
      month: '2026-01',
      groups: {
        // top 96; 85% of it is 81.6: ye (80) is last and below → interview
        county: { ruzhou: 96, baofeng: 88, ye: 80 },
        // top 90; 76.5 is 85%: weidong (77) last but not below → nothing
        district: { xinhua: 90, zhanhe: 85, weidong: 77 },
        // top 100; 80 is 80%: the last two are tax (79.5) and water (60) → both
        cityDepartments: { health: 100, police: 92.5, tax: 79.5, water: 60 },
        // top 95; 76 is 80%: t3 and t4 tie at the bottom (70) → both; t2 (75) has 2 below → not
        township: { t1: 95, t2: 75, t3: 70, t4: 70 },
      },
    },
    {
      month: '2026-02',
      groups: {
        county: { ruzhou: 95, baofeng: 79, ye: 90 },
        district: { xinhua: 90, zhanhe: 85, weidong: 80 },
        cityDepartments: { health: 100, police: 92.5, tax: 85, water: 70 },
        township: { t1: 95, t2: 90, t3: 88, t4: 85 },
      },
    },
  ],
  manualInterviews: [{ month: '2026-02', unit: 'ye', basis: 'PDS:28(二)' }],
};

describe('hotline assess sanctions', () => {
  it('PDS:28-29 prints the sanctions of each month, one row per measure', async () => {
    // Prepare
    const file = jsonFile('scores.json', SCORES);
    // Act
    const result = await run(['assess', 'sanctions', '--policy', 'pingdingshan-2022', '--scores', file]);
    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const at = (month: string, group: string, unit: string, measure: string, basis: string) => ({
      month,
      unit,
      group,
      measure,
      basis,
    });
    expect(result.json()).toEqual({
      sanctions: [
        at('2026-01', 'county', 'ye', 'interview', 'PDS:28(四)'),
        at('2026-01', 'cityDepartments', 'tax', 'interview', 'PDS:28(四)'),
        at('2026-01', 'cityDepartments', 'water', 'interview', 'PDS:28(四)'),
        at('2026-01', 'township', 't3', 'interview', 'PDS:28(四)'),
        at('2026-01', 'township', 't4', 'interview', 'PDS:28(四)'),
        // February: baofeng last (79 < 80.75); ye interviewed by hand, its second month in a row
        at('2026-02', 'county', 'baofeng', 'interview', 'PDS:28(四)'),
        at('2026-02', 'county', 'ye', 'interview', 'PDS:28(二)'),
        at('2026-02', 'county', 'ye', 'secretaryGeneralInterview', 'PDS:28(五)'),
        // water 70 < 80 and last: second month in a row
        at('2026-02', 'cityDepartments', 'water', 'interview', 'PDS:28(四)'),
        at('2026-02', 'cityDepartments', 'water', 'secretaryGeneralInterview', 'PDS:28(五)'),
      ],
    });
  });

  it('works without manual interviews', async () => {
    const file = jsonFile('scores.json', { months: SCORES.months.slice(0, 1) });
    const result = await run(['assess', 'sanctions', '--policy', 'pingdingshan-2022', '--scores', file]);
    expect(result.code).toBe(0);
    expect((result.json().sanctions as unknown[]).length).toBe(5);
  });

  it('a file that is not JSON gets a clear message and exit 1', async () => {
    const file = jsonFile('scores.json', '{"months": [');
    const result = await run(['assess', 'sanctions', '--policy', 'pingdingshan-2022', '--scores', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^hotline: .*scores\.json: not JSON: /);
  });

  it('each problem of the input is named by its path, exit 1', async () => {
    const file = jsonFile('scores.json', {
      months: [
        { month: '2026-01', groups: { county: { a: 90 } } },
        { month: '2026-03', groups: { villages: { a: 'high' } } },
      ],
    });
    const result = await run(['assess', 'sanctions', '--policy', 'pingdingshan-2022', '--scores', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/scores\.json: months\.1\.groups\.villages\.a: .+/);
    const gap = jsonFile('gap.json', {
      months: [
        { month: '2026-01', groups: { county: { a: 90 } } },
        { month: '2026-03', groups: { villages: { a: 1 } } },
      ],
    });
    const gapped = await run(['assess', 'sanctions', '--policy', 'pingdingshan-2022', '--scores', gap]);
    expect(gapped.code).toBe(1);
    expect(gapped.stderr).toContain(
      'months.1.month: months must be consecutive and in order: expected 2026-02',
    );
    expect(gapped.stderr).toContain('months.1.groups.villages: unknown group "villages"');
  });

  it('a missing flag, an unknown policy or an unreadable file is a usage error, exit 2', async () => {
    const noScores = await run(['assess', 'sanctions', '--policy', 'pingdingshan-2022']);
    expect(noScores.code).toBe(2);
    expect(noScores.stderr).toContain('--scores is required');
    const unknown = await run(['assess', 'sanctions', '--policy', 'nowhere', '--scores', 'x.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--policy: unknown policy "nowhere"');
    const missing = await run([
      'assess',
      'sanctions',
      '--policy',
      'pingdingshan-2022',
      '--scores',
      '/no/such.json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const sub = await run(['assess', 'ranks']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain("use 'assess sanctions'");
  });
});
