import { describe, expect, it } from 'vitest';
import {
  endOfLocalDay,
  isLocalDate,
  parseInstant,
  shanghaiDateOf,
  toShanghaiIso,
} from '../../../functions/domain/calendar/index.ts';

describe('shanghaiDateOf', () => {
  it('takes the date on the Shanghai wall clock, not the machine one', () => {
    // 2026-09-30T16:30Z is 00:30 on October 1 in Shanghai and 09:30 on September 30 in Los Angeles.
    expect(shanghaiDateOf(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(shanghaiDateOf(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(shanghaiDateOf(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('toShanghaiIso', () => {
  it('writes seconds precision with +08:00', () => {
    expect(toShanghaiIso(new Date('2026-10-10T15:59:59.999Z'))).toBe('2026-10-10T23:59:59+08:00');
    expect(toShanghaiIso(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
  });

  it('drops milliseconds even before 1970', () => {
    expect(toShanghaiIso(new Date('1969-12-31T15:59:59.500Z'))).toBe('1969-12-31T23:59:59+08:00');
  });
});

describe('parseInstant', () => {
  it('reads Z and explicit offsets', () => {
    expect(parseInstant('2026-09-30T15:00:00+08:00').toISOString()).toBe('2026-09-30T07:00:00.000Z');
    expect(parseInstant('2026-09-30T07:00:00Z').toISOString()).toBe('2026-09-30T07:00:00.000Z');
    expect(parseInstant('2026-09-30T02:00:00-05:00').toISOString()).toBe('2026-09-30T07:00:00.000Z');
    expect(parseInstant('2026-09-30T15:00+0800').toISOString()).toBe('2026-09-30T07:00:00.000Z');
    expect(parseInstant('2026-09-30T15:00:00.123456+08:00').toISOString()).toBe('2026-09-30T07:00:00.123Z');
  });

  it('round-trips with toShanghaiIso', () => {
    const text = '2026-10-10T23:59:59+08:00';
    expect(toShanghaiIso(parseInstant(text))).toBe(text);
  });

  it('refuses text without an offset, saying so', () => {
    expect(() => parseInstant('2026-09-30T15:00:00')).toThrow(/no UTC offset: add Z or an offset/);
    expect(() => parseInstant('2026-09-30')).toThrow(/no UTC offset/);
  });

  it('refuses malformed and out-of-range text', () => {
    expect(() => parseInstant('yesterday')).toThrow(/invalid instant "yesterday"/);
    expect(() => parseInstant('2026-02-30T10:00:00Z')).toThrow(/out of range/);
    expect(() => parseInstant('2026-01-01T24:00:00Z')).toThrow(/out of range/);
    expect(() => parseInstant('2026-01-01T10:00:60Z')).toThrow(/out of range/);
  });
});

describe('endOfLocalDay', () => {
  it('is 23:59:59.000 Shanghai time', () => {
    expect(endOfLocalDay('2026-10-10').toISOString()).toBe('2026-10-10T15:59:59.000Z');
  });

  it('rejects dates that do not exist', () => {
    expect(() => endOfLocalDay('2026-02-29')).toThrow(/invalid local date "2026-02-29"/);
    expect(() => endOfLocalDay('2026-1-5')).toThrow(RangeError);
  });
});

describe('isLocalDate', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate(20250101)).toBe(false);
  });
});
