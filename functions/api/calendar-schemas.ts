import { z } from '../domain/zod.ts';

/** The years the calendar covers: official schedules, operator schedules and provisional ones, 2000–2099. */
const year = z.coerce
  .number()
  .check(z.int(), z.gte(2000), z.lte(2099), z.meta({ description: 'a year from 2000 to 2099' }));

/** `GET /v1/calendar/years?from=&to=`: a span of years, at most the calendar's hundred. */
export const calendarYearsQuerySchema = z.object({
  from: year.check(z.meta({ description: 'the first year listed' })),
  to: year.check(z.meta({ description: 'the last year listed (not before `from`)' })),
});

/** Each year's schedule source: the State Council's notice, the operator's loaded file, or the provisional rule. */
export const calendarYearsSchema = z
  .strictObject({
    years: z.array(
      z.strictObject({
        year: z.int(),
        source: z.enum(['official', 'operator', 'provisional']).check(
          z.meta({
            description:
              '`official`: the State Council notice shipped with the code; `operator`: a schedule loaded by the operator (`npx hotline calendar load`, then deploy); `provisional`: the statutory holidays computed without make-up days, deadlines in it marked provisional',
          }),
        ),
      }),
    ),
  })
  .check(z.meta({ id: 'CalendarYears' }));
