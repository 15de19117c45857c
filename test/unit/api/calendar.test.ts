import { describe, expect, it } from 'vitest';
import { calendarHandler } from '../../../functions/api/calendar.ts';
import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import { bodyOf, expectBadField, expectProblem, lambdaContext, request, staff } from './events.ts';

// The official schedules end with 2026; the operator has loaded 2027's.
const handler = calendarHandler({
  calendar: createCalendar({
    operatorSchedules: [{ year: 2027, source: 'operator', holidays: ['2027-01-01'], workdays: [] }],
  }),
});

const years = (query: Record<string, string> | undefined, claims = staff('admin')) =>
  handler(
    request({ method: 'GET', resource: '/v1/calendar/years', claims, ...(query ? { query } : {}) }),
    lambdaContext('calendar'),
  );

describe('Handler: calendar', () => {
  describe('GET /v1/calendar/years?from=&to=', () => {
    it("answers each year's schedule source: official, loaded by the operator, or provisional", async () => {
      // Act
      const response = await years({ from: '2025', to: '2028' });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({
        years: [
          { year: 2025, source: 'official' },
          { year: 2026, source: 'official' },
          { year: 2027, source: 'operator' },
          { year: 2028, source: 'provisional' },
        ],
      });
    });

    it('answers any staff member (the calendar holds no case data), and one year when from = to', async () => {
      const body = bodyOf(await years({ from: '2099', to: '2099' }, staff('unitClerk', 'ss-urban')));
      expect(body).toEqual({ years: [{ year: 2099, source: 'provisional' }] });
    });

    it('400 names from or to when missing, not a year from 2000 to 2099, or to before from', async () => {
      expectBadField(await years(undefined), 'from');
      expectBadField(await years({ from: '2026' }), 'to');
      expectBadField(await years({ from: '1999', to: '2026' }), 'from');
      expectBadField(await years({ from: '2026', to: '2100' }), 'to');
      expectBadField(await years({ from: '2026.5', to: '2027' }), 'from');
      const reversed = expectBadField(await years({ from: '2027', to: '2026' }), 'to');
      expect(reversed.errors).toHaveLength(1);
    });

    it('401 without staff claims; 403 role.unknown for a token with no known role', async () => {
      const response = await handler(
        request({ method: 'GET', resource: '/v1/calendar/years', query: { from: '2026', to: '2026' } }),
        lambdaContext('calendar'),
      );
      expectProblem(response, 401, 'auth.required');
      expectProblem(await years({ from: '2026', to: '2026' }, staff('janitor')), 403, 'role.unknown');
    });
  });
});
