export { isLocalDate, shiftLocalDate } from './local-date.ts';
export { officialYears } from './official-schedules.ts';
export {
  makeUpRestDays,
  PROVISIONAL_YEARS,
  provisionalSchedule,
  type StatutoryHoliday,
  type StatutoryHolidayName,
  statutoryHolidays,
} from './provisional-schedule.ts';
export {
  parseOperatorSchedule,
  type ScheduleIssue,
  ScheduleValidationError,
  type YearScheduleInput,
  yearScheduleSchema,
} from './schedule-schema.ts';
export { endOfLocalDay, parseInstant, shanghaiDateOf, toShanghaiIso } from './shanghai-time.ts';
export type {
  CalendarOptions,
  Dated,
  DayCounting,
  HourMode,
  LocalDate,
  ScheduleSource,
  TimeRange,
  YearSchedule,
} from './types.ts';
export { createCalendar, WorkingCalendar } from './working-calendar.ts';
export { DEFAULT_WORKING_HOURS } from './working-hours.ts';
