import { describe, expect, it } from 'vitest';
import {
  bulletinOf,
  groupOf,
  ladderMonthOf,
  sanctionsForMonth,
  scoreMonth,
} from '../../../functions/domain/assessment/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';

const PDS = presetPolicy('pingdingshan-2022');
const ANHUI = presetPolicy('anhui-2021');
const perfect = { dispatched: 1, finished: 1, finishedOnTime: 1, satisfied: 1 };
const late = { dispatched: 1, finished: 1, satisfied: 1 }; // on time 0: (0 + 40 + 5 + 5) / 90

describe('Monthly close: scores frozen per group (PDS:26; JZ:四(四))', () => {
  it('a unit is ranked in its directory group; a policy with one group ranks every unit in it', () => {
    expect(groupOf({ id: 'a', name: 'A', rankingGroup: 'county' }, PDS)).toBe('county');
    expect(groupOf({ id: 'a', name: 'A', rankingGroup: 'nowhere' }, PDS)).toBeUndefined();
    expect(groupOf({ id: 'a', name: 'A' }, PDS)).toBeUndefined();
    expect(groupOf({ id: 'a', name: 'A', rankingGroup: 'county' }, ANHUI)).toBe('all');
  });

  it('ranks scored units, lists unscored ones after them, and keeps units without a group apart', () => {
    // Prepare
    const units = [
      { id: 'c1', name: '汝州市', rankingGroup: 'county' },
      { id: 'c2', name: '宝丰县', rankingGroup: 'county' },
      { id: 'c3', name: '叶县', rankingGroup: 'county' },
    ];
    const counts = new Map([
      ['c1', perfect],
      ['c2', late],
      ['x9', perfect],
    ]);
    // Act
    const frozen = scoreMonth('2026-01', PDS, units, counts);
    // Assess
    const county = frozen.groups.find((g) => g.id === 'county');
    expect(county?.units.map((u) => [u.unit, u.name, u.score, u.rank])).toEqual([
      ['c1', '汝州市', 100, 1],
      ['c2', '宝丰县', 55.56, 2],
      ['c3', '叶县', null, null],
    ]);
    expect(frozen.ungrouped.map((u) => u.unit)).toEqual(['x9']);
    expect(ladderMonthOf(frozen).groups.county).toEqual({ c1: 100, c2: 55.56 });
    // c2: last and 55.56 < 85 → interview
    const sanctions = sanctionsForMonth(PDS.ranking, ladderMonthOf(frozen), [], () => []);
    expect(sanctions).toEqual([
      { month: '2026-01', unit: 'c2', group: 'county', measure: 'interview', basis: 'PDS:28(四)' },
    ]);
    const bulletin = bulletinOf(frozen, sanctions);
    expect(bulletin.totals.counts).toEqual({ dispatched: 3, finished: 3, finishedOnTime: 2, satisfied: 3 });
    expect(bulletin.sanctions).toHaveLength(1);
  });

  it('PDS:28(二) a manual interview of a unit not ranked that month still counts, in the group given', () => {
    const month = { month: '2026-02', groups: { county: { c1: 100 } } };
    const manual = [{ month: '2026-02', unit: 'c3', basis: 'PDS:28(二)', group: 'county' }];
    expect(sanctionsForMonth(PDS.ranking, month, manual, () => ['2026-01'])).toEqual([
      { month: '2026-02', unit: 'c3', group: 'county', measure: 'interview', basis: 'PDS:28(二)' },
      {
        month: '2026-02',
        unit: 'c3',
        group: 'county',
        measure: 'secretaryGeneralInterview',
        basis: 'PDS:28(五)',
      },
    ]);
  });
});
