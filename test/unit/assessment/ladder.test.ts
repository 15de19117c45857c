import { describe, expect, it } from 'vitest';
import {
  interviewCounts,
  type LadderMonth,
  parseLadderInput,
  rankingInterviews,
  runLadder,
  type Sanction,
} from '../../../functions/domain/assessment/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';

const PDS = presetPolicy('pingdingshan-2022').ranking;
const group = (id: string) => PDS.groups.find((g) => g.id === id) as (typeof PDS.groups)[number];

/** A county group where `weak` scores 70 (last, below 85% of 100) in the months listed, 95 otherwise. */
function countyMonths(from: string, count: number, weakIn: readonly string[]): LadderMonth[] {
  const months: LadderMonth[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let i = 0; i < count; i += 1) {
    const id = `${year}-${String(month).padStart(2, '0')}`;
    months.push({
      month: id,
      groups: { county: { top: 100, mid: 90, weak: weakIn.includes(id) ? 70 : 95 } },
    });
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

const row = (month: string, measure: Sanction['measure'], basis: string, unit = 'weak', g = 'county') => ({
  month,
  unit,
  group: g,
  measure,
  basis,
});
const interview = (month: string, unit = 'weak', g = 'county') =>
  row(month, 'interview', 'PDS:28(四)', unit, g);
const secretaryGeneral = (month: string, unit = 'weak') =>
  row(month, 'secretaryGeneralInterview', 'PDS:28(五)', unit);
const publicStatement = (month: string, unit = 'weak') => row(month, 'publicStatement', 'PDS:29(二)', unit);

describe('Ranking interview (PDS:28(四))', () => {
  it('PDS:28(四) the last of the county group below 85% of the top is interviewed', () => {
    expect(rankingInterviews(group('county'), { a: 100, b: 90, c: 84.9 })).toEqual(['c']);
  });

  it('PDS:28(四) a last unit at exactly 85% of the top is not below it and is not interviewed', () => {
    expect(rankingInterviews(group('county'), { a: 100, b: 90, c: 85 })).toEqual([]);
    expect(rankingInterviews(group('district'), { a: 80, b: 68 })).toEqual([]);
  });

  it('PDS:28(四) a unit below 85% that is not last is not interviewed: both conditions must hold', () => {
    expect(rankingInterviews(group('county'), { a: 100, b: 80, c: 70 })).toEqual(['c']);
  });

  it('PDS:28(四) units tied at the bottom of the county group are all last and all interviewed', () => {
    expect(rankingInterviews(group('county'), { a: 100, b: 80, c: 80 })).toEqual(['b', 'c']);
  });

  it('PDS:28(四) the city-departments group interviews its last two below 80% of the top', () => {
    expect(rankingInterviews(group('cityDepartments'), { a: 100, b: 95, c: 79, d: 60 })).toEqual(['d', 'c']);
    expect(rankingInterviews(group('township'), { a: 100, b: 95, c: 80, d: 60 })).toEqual(['d']);
  });

  it('PDS:28(四) three units tied at the bottom of a last-two group are all interviewed', () => {
    // Each has no unit below it: fewer than 2 lower, so each is among the last two.
    expect(rankingInterviews(group('township'), { a: 100, b: 90, c: 70, d: 70, e: 70 })).toEqual([
      'c',
      'd',
      'e',
    ]);
    // 75 has one unit below it (1 < 2): among the last two; 76 has two below it: not.
    expect(rankingInterviews(group('township'), { a: 100, f: 76, b: 75, c: 70 })).toEqual(['c', 'b']);
  });

  it('a group whose policy has no interview rule interviews nobody (AH:26-27)', () => {
    const anhui = presetPolicy('anhui-2021').ranking;
    expect(rankingInterviews(anhui.groups[0] as (typeof anhui.groups)[number], { a: 100, b: 1 })).toEqual([]);
    expect(runLadder(anhui, [{ month: '2026-01', groups: { all: { a: 100, b: 1 } } }])).toEqual([]);
  });
});

describe('Escalations (PDS:28(五), PDS:29(二))', () => {
  it('PDS:28(五) PDS:29(二) a unit interviewed three consecutive months: secretary-general from the 2nd, public statement on the 3rd', () => {
    // Prepare
    const months = countyMonths('2026-01', 3, ['2026-01', '2026-02', '2026-03']);
    // Act
    const sanctions = runLadder(PDS, months);
    // Assess
    expect(sanctions).toEqual([
      interview('2026-01'),
      interview('2026-02'),
      secretaryGeneral('2026-02'),
      interview('2026-03'),
      secretaryGeneral('2026-03'),
      publicStatement('2026-03'),
    ]);
  });

  it('PDS:28(五) PDS:29(二) five scattered interviews in a year: secretary-general from the 3rd, public statement on the 5th', () => {
    const weakIn = ['2026-01', '2026-03', '2026-05', '2026-07', '2026-09'];
    const sanctions = runLadder(PDS, countyMonths('2026-01', 12, weakIn));
    expect(sanctions).toEqual([
      interview('2026-01'),
      interview('2026-03'),
      interview('2026-05'),
      secretaryGeneral('2026-05'),
      interview('2026-07'),
      secretaryGeneral('2026-07'),
      interview('2026-09'),
      secretaryGeneral('2026-09'),
      publicStatement('2026-09'),
    ]);
  });

  it('RULES.md §10: a chain of consecutive bulletins crosses the new year, the count in the year starts again', () => {
    // Prepare: November and December 2025, January 2026
    const months = countyMonths('2025-10', 5, ['2025-11', '2025-12', '2026-01']);
    // Act
    const sanctions = runLadder(PDS, months);
    // Assess: January is the 3rd consecutive (public statement) but the 1st of 2026
    expect(sanctions).toEqual([
      interview('2025-11'),
      interview('2025-12'),
      secretaryGeneral('2025-12'),
      interview('2026-01'),
      secretaryGeneral('2026-01'),
      publicStatement('2026-01'),
    ]);
    expect(interviewCounts(['2025-11', '2025-12', '2026-01'], '2026-01', 'calendarYear')).toEqual({
      consecutive: 3,
      inYear: 1,
    });
  });

  it('RULES.md §10: scattered interviews across the new year count in the calendar year, or in twelve months when the policy says so', () => {
    const weakIn = ['2025-08', '2025-10', '2026-01'];
    const months = countyMonths('2025-08', 6, weakIn);
    expect(runLadder(PDS, months)).toEqual([
      interview('2025-08'),
      interview('2025-10'),
      interview('2026-01'),
    ]);
    const rolling = { ...PDS, yearWindow: 'rollingTwelveMonths' as const };
    expect(runLadder(rolling, months)).toEqual([
      interview('2025-08'),
      interview('2025-10'),
      interview('2026-01'),
      secretaryGeneral('2026-01'),
    ]);
  });

  it('PDS:28(二) a manual interview completes a chain and counts the same as a ranking one', () => {
    // Prepare: ranking interviews in January and March; a manual interview in February (not last then)
    const months = countyMonths('2026-01', 3, ['2026-01', '2026-03']);
    const manual = [{ month: '2026-02', unit: 'weak', basis: 'PDS:28(二)' }];
    // Act
    const sanctions = runLadder(PDS, months, manual);
    // Assess
    expect(sanctions).toEqual([
      interview('2026-01'),
      row('2026-02', 'interview', 'PDS:28(二)'),
      secretaryGeneral('2026-02'),
      interview('2026-03'),
      secretaryGeneral('2026-03'),
      publicStatement('2026-03'),
    ]);
  });

  it('RULES.md §10: a month interviewed on two grounds counts once and its row cites both', () => {
    const months = countyMonths('2026-01', 2, ['2026-01', '2026-02']);
    const manual = [{ month: '2026-01', unit: 'weak', basis: 'PDS:28(一)' }];
    expect(runLadder(PDS, months, manual)).toEqual([
      row('2026-01', 'interview', 'PDS:28(四); PDS:28(一)'),
      interview('2026-02'),
      secretaryGeneral('2026-02'),
    ]);
  });

  it('sanctions are listed by month, then group in the policy order, then unit', () => {
    const months: LadderMonth[] = [
      {
        month: '2026-04',
        groups: {
          township: { t1: 100, t2: 50, t3: 40 },
          county: { c1: 100, c2: 50 },
        },
      },
    ];
    expect(runLadder(PDS, months)).toEqual([
      interview('2026-04', 'c2'),
      interview('2026-04', 't2', 'township'),
      interview('2026-04', 't3', 'township'),
    ]);
  });
});

describe('Ladder input', () => {
  const month = (m: string, groups: Record<string, Record<string, number>> = { county: { a: 1 } }) => ({
    month: m,
    groups,
  });

  it('accepts months in order with manual interviews optional', () => {
    const result = parseLadderInput({ months: [month('2026-01'), month('2026-02')] }, PDS);
    expect(result).toEqual({
      ok: true,
      value: { months: [month('2026-01'), month('2026-02')], manualInterviews: [] },
    });
  });

  it('refuses a gap or a month out of order, naming the month expected', () => {
    const result = parseLadderInput({ months: [month('2026-01'), month('2026-03')] }, PDS);
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'months.1.month' }] });
    expect(!result.ok && result.issues[0]?.message).toContain('expected 2026-02, found 2026-03');
  });

  it('refuses an unknown group, a unit in two groups, and a manual interview outside the months or the ranking', () => {
    const result = parseLadderInput(
      {
        months: [month('2026-01', { county: { a: 90, b: 80 }, district: { b: 70 }, villages: { v: 1 } })],
        manualInterviews: [
          { month: '2026-05', unit: 'a', basis: 'PDS:28(一)' },
          { month: '2026-01', unit: 'zz', basis: 'PDS:28(一)' },
        ],
      },
      PDS,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([
      'months.0.groups.district.b',
      'months.0.groups.villages',
      'manualInterviews.0.month',
      'manualInterviews.1.unit',
    ]);
  });

  it('refuses a bad month, a negative score and a missing basis, naming each field', () => {
    const result = parseLadderInput(
      {
        months: [{ month: '2026-13', groups: { county: { a: -1 } } }],
        manualInterviews: [{ month: '2026-01', unit: 'a', basis: '' }],
      },
      PDS,
    );
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([
      'months.0.month',
      'months.0.groups.county.a',
      'manualInterviews.0.basis',
    ]);
  });
});
