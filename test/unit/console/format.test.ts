import { describe, expect, it } from 'vitest';
import { currentPeriod, isoWeek, shanghai, workingDaysLeft } from '../../../console/src/format.ts';

describe('Console dates and working days', () => {
  it('shows instants in Asia/Shanghai whatever the machine zone', () => {
    expect(shanghai('2026-12-14T01:30:00Z')).toBe('2026-12-14 09:30');
    expect(shanghai(null)).toBe('—');
  });

  it('counts working days left the hotline way: weekends and the National Day holiday are not counted', () => {
    // Prepare: Friday 2026-09-25, deadline Friday 2026-10-09; 1–7 October are the National Day holiday
    const now = new Date('2026-09-25T10:00:00+08:00');
    // Act
    const left = workingDaysLeft('2026-10-09T23:59:59+08:00', now);
    // Assess: 28, 29, 30 September and 8, 9 October (the official 2026 schedule)
    expect(left).toEqual({ days: 5, provisional: false });
  });

  it('marks a count that reaches a year without an official schedule provisional, and a passed deadline', () => {
    expect(
      workingDaysLeft('2027-03-01T23:59:59+08:00', new Date('2026-12-28T10:00:00+08:00')).provisional,
    ).toBe(true);
    expect(workingDaysLeft('2026-12-01T23:59:59+08:00', new Date('2026-12-02T10:00:00+08:00')).days).toBe(-1);
  });

  it("names a report's current period as the API does: the ISO week, the month, the year, in Shanghai", () => {
    // Act, Assess: a year's first days may belong to the last week of the year before, and the other way round
    expect(isoWeek('2026-12-14')).toBe('2026-W51');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2025-12-29')).toBe('2026-W01');
    // 2026-12-31T17:00Z is already 1 January 2027 in Shanghai
    const now = new Date('2026-12-31T17:00:00Z');
    expect(currentPeriod('weekly', now)).toBe('2026-W53');
    expect(currentPeriod('monthly', now)).toBe('2027-01');
    expect(currentPeriod('yearly', now)).toBe('2027');
  });
});
