import type { WorkingCalendar } from '../domain/calendar/index.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest } from '../http/problem.ts';
import { params } from '../http/request.ts';
import { calendarFromEnv } from '../runtime/runtime.ts';
import { calendarYearsQuerySchema, type calendarYearsSchema } from './calendar-schemas.ts';
import { answer } from './respond.ts';

/**
 * GET /v1/calendar/years?from=&to= — where each year's working-day schedule comes from in this
 * deployment's calendar (official, operator-loaded or provisional), so the administrator sees which
 * years still count deadlines provisionally. Any staff member may read it: it holds no case data.
 */
export const calendarHandler = (rt: { calendar: WorkingCalendar }) =>
  apiHandler(async (event) => {
    staffActor(event);
    const { from, to } = params(event.queryStringParameters, calendarYearsQuerySchema);
    if (to < from) throw badRequest([{ field: 'to', message: `the last year may not be before ${from}` }]);
    const years = Array.from({ length: to - from + 1 }, (_, i) => from + i).map((year) => ({
      year,
      source: rt.calendar.yearSource(year),
    }));
    return answer<typeof calendarYearsSchema>(200, { years });
  });

// The calendar alone, as the runtime builds it from the schedules bundled under HOTLINE_CALENDAR_DIR:
// the working hours do not change a year's source, so neither the table nor the policy is needed.
export const handler = calendarHandler({ calendar: calendarFromEnv() });
