import { describe, expect, it } from 'vitest';
import { dayBefore, scheduledReportInputSchema } from '../../../functions/app/reports/scheduled.ts';
import { toShanghaiIso } from '../../../functions/domain/calendar/index.ts';
import { nextReportJobTime } from '../../../infra/local/report-schedules.ts';

const shanghai = (d: Date) => toShanghaiIso(d).slice(0, 16);

describe('Module: infra/local/report-schedules (the report jobs on the virtual clock)', () => {
  it('the cluster sweep starts at the next 00:30 Asia/Shanghai, every day', () => {
    // 00:29 → the same day; 00:30 exactly → the next day; 16:31 UTC is already 00:31 in Shanghai
    expect(shanghai(nextReportJobTime('clusterSweep', new Date('2026-11-08T00:29:00+08:00')))).toBe(
      '2026-11-08T00:30',
    );
    expect(shanghai(nextReportJobTime('clusterSweep', new Date('2026-11-08T00:30:00+08:00')))).toBe(
      '2026-11-09T00:30',
    );
    expect(nextReportJobTime('clusterSweep', new Date('2026-12-31T16:31:00Z')).toISOString()).toBe(
      '2027-01-01T16:30:00.000Z',
    );
  });

  it('the weekly report starts at the next Monday 01:00 Asia/Shanghai', () => {
    // Saturday → Monday; Monday 00:59 → that Monday; Monday 01:00 → the next Monday; Sunday 17:30 UTC
    // is Monday 01:30 in Shanghai → the Monday after
    const next = (at: string) => shanghai(nextReportJobTime('weeklyReport', new Date(at)));
    expect(next('2026-11-07T10:00:00+08:00')).toBe('2026-11-09T01:00');
    expect(next('2026-11-09T00:59:00+08:00')).toBe('2026-11-09T01:00');
    expect(next('2026-11-09T01:00:00+08:00')).toBe('2026-11-16T01:00');
    expect(next('2026-11-08T17:30:00Z')).toBe('2026-11-16T01:00');
    expect(next('2026-12-28T02:00:00+08:00')).toBe('2027-01-04T01:00');
  });

  it('a job looks at the Shanghai day before its time, and its input names the job', () => {
    expect(dayBefore('2026-11-08T16:30:00Z')).toBe('2026-11-08');
    expect(dayBefore('2026-11-08T17:00:00Z')).toBe('2026-11-08');
    expect(dayBefore('2026-12-31T16:30:00Z')).toBe('2026-12-31');
    expect(dayBefore('2027-01-01T00:10:00+08:00')).toBe('2026-12-31');
    expect(
      scheduledReportInputSchema.safeParse({ job: 'monthly', time: '2026-11-08T16:30:00Z' }).success,
    ).toBe(false);
    expect(scheduledReportInputSchema.parse({ job: 'clusterSweep', time: '2026-11-08T16:30:00Z' })).toEqual({
      job: 'clusterSweep',
      time: '2026-11-08T16:30:00Z',
    });
  });
});
