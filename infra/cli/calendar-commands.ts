import { loadOperatorSchedules, saveOperatorSchedule } from '../../functions/adapters/calendar-store.ts';
import {
  createCalendar,
  type Dated,
  isLocalDate,
  PROVISIONAL_YEARS,
  parseInstant,
  parseOperatorSchedule,
  ScheduleValidationError,
  toShanghaiIso,
  type WorkingCalendar,
  type YearSchedule,
} from '../../functions/domain/calendar/index.ts';
import {
  type Channel,
  type Duration,
  describeDuration,
  handlingRuleFor,
  type Policy,
  receiptLimits,
} from '../../functions/domain/policy/index.ts';
import { optionalString, parseCommand, readArgumentFile, requiredString, wholeNumber } from './args.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { presetNamed } from './policy-commands.ts';
import { runRecount } from './recount-commands.ts';
import { USAGE } from './usage.ts';

const SUBCOMMANDS =
  "'calendar deadline', 'calendar add-working-days', 'calendar check', 'calendar load' or 'calendar recount'";

const PROVISIONAL_WARNING =
  'the dates involved reach a year with neither an official nor an operator schedule; ' +
  "the answer may change when that year's official notice (each November) is loaded";

/** `hotline calendar deadline|add-working-days|check|load|recount`. */
export function runCalendar(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
): number | Promise<number> {
  switch (sub) {
    case 'deadline':
      return deadline(args, ctx);
    case 'add-working-days':
      return addWorkingDays(args, ctx);
    case 'check':
      return check(args, ctx);
    case 'load':
      return load(args, ctx);
    case 'recount':
      return runRecount(args, ctx);
    case undefined:
      throw new UsageError(`missing calendar command: use ${SUBCOMMANDS}`);
    default:
      throw new UsageError(`unknown command 'calendar ${sub}': use ${SUBCOMMANDS}`);
  }
}

/** The calendar with every stored operator schedule, and optionally a policy's working hours. */
function calendarFor(ctx: CommandContext, policy?: Policy): WorkingCalendar {
  const operatorSchedules = loadOperatorSchedules(ctx.calendarDir);
  return createCalendar(
    policy ? { operatorSchedules, workingHours: policy.calendar.workingHours } : { operatorSchedules },
  );
}

/** Years outside the range any schedule can cover are refused up front, naming the flag. */
function assertCoveredYear(year: number, what: string, text: string): void {
  if (year < PROVISIONAL_YEARS.first || year > PROVISIONAL_YEARS.last) {
    throw new UsageError(
      `${what} must fall in ${PROVISIONAL_YEARS.first}–${PROVISIONAL_YEARS.last}, not ${JSON.stringify(text)}`,
    );
  }
}

/** Runs a calendar computation; a RangeError (e.g. a result beyond 2099) is blamed on `what`. */
function compute<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${what}: ${error.message}`);
    throw error;
  }
}

function known(ids: readonly string[]): string {
  return ids.length > 0 ? ids.join(', ') : 'none';
}

function deadline(args: readonly string[], ctx: CommandContext): number {
  const parsed = parseCommand(args, {
    name: 'calendar deadline',
    options: {
      policy: { type: 'string' },
      type: { type: 'string' },
      class: { type: 'string' },
      channel: { type: 'string' },
      from: { type: 'string' },
    },
  });
  if (parsed.help) return help(ctx);
  const { values } = parsed;
  const policy = presetNamed(requiredString(values, 'policy'), '--policy');
  const type = requiredString(values, 'type');
  const classId = optionalString(values, 'class');
  const channel = optionalString(values, 'channel') ?? 'phone';
  const fromText = requiredString(values, 'from');

  const types = policy.requestTypes.map((t) => t.id);
  if (!types.includes(type)) {
    throw new UsageError(
      `--type: unknown request type ${JSON.stringify(type)} for ${policy.id}; known: ${known(types)}`,
    );
  }
  const classes = policy.classes.map((c) => c.id);
  if (classId !== undefined && !classes.includes(classId)) {
    throw new UsageError(
      `--class: unknown class ${JSON.stringify(classId)} for ${policy.id}; known: ${known(classes)}`,
    );
  }
  if (classId === undefined && policy.classRequired) {
    throw new UsageError(`--class is required by ${policy.id} (one of ${known(classes)})`);
  }
  if (!(policy.channels as readonly string[]).includes(channel)) {
    throw new UsageError(
      `--channel: ${JSON.stringify(channel)} is not a channel of ${policy.id}; known: ${known(policy.channels)}`,
    );
  }
  const from = compute('--from', () => parseInstant(fromText));
  const fromIso = toShanghaiIso(from);
  assertCoveredYear(Number(fromIso.slice(0, 4)), '--from', fromText);

  const limits = receiptLimits(policy, { type, classId, channel: channel as Channel });
  const rule = handlingRuleFor(policy, { type, classId, channel: channel as Channel });
  const calendar = calendarFor(ctx, policy);
  const counting = { countReceiptDay: policy.calendar.countReceiptDay };
  const due = (duration: Duration): Dated<Date> =>
    compute('--from', () =>
      'workingDays' in duration
        ? calendar.workingDayDeadline(from, duration.workingDays, counting)
        : calendar.addHours(from, duration.hours, duration.mode),
    );
  // Every clock the ticket would start (RULES §10: several limits at once), earliest first; the
  // first is the one the unit must meet first.
  const clocks = limits.clocks
    .map((clock) => {
      const result = due(clock.duration);
      return {
        kind: clock.kind,
        basis: clock.basis,
        why: clock.why,
        duration: describeDuration(clock.duration),
        deadline: toShanghaiIso(result.value),
        provisional: result.provisional,
      };
    })
    .sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline));
  const first = clocks[0];
  if (!first) throw new Error('a ticket always starts at least one clock');
  const provisional = clocks.some((c) => c.provisional);
  ctx.json({
    policy: policy.id,
    type,
    ...(classId === undefined ? {} : { class: classId }),
    channel,
    from: fromIso,
    limit: rule.limit,
    kind: first.kind,
    basis: first.basis,
    duration: first.duration,
    ...(first.duration.includes('working day') ? { countReceiptDay: counting.countReceiptDay } : {}),
    deadline: first.deadline,
    provisional,
    clocks,
    ...(limits.urgent
      ? { note: 'an urgent class: handled at once by the unit head, on a clock in hours' }
      : {}),
    ...(first.kind === 'plan'
      ? {
          note: `the unit reports a handling plan within ${first.duration}; the centre then sets the handling deadline`,
        }
      : {}),
    ...(provisional ? { warning: PROVISIONAL_WARNING } : {}),
  });
  return EXIT.ok;
}

function addWorkingDays(args: readonly string[], ctx: CommandContext): number {
  const parsed = parseCommand(args, {
    name: 'calendar add-working-days',
    options: { from: { type: 'string' }, days: { type: 'string' } },
  });
  if (parsed.help) return help(ctx);
  const from = requiredString(parsed.values, 'from');
  if (!isLocalDate(from)) {
    throw new UsageError(`--from must be a date written YYYY-MM-DD, not ${JSON.stringify(from)}`);
  }
  assertCoveredYear(Number(from.slice(0, 4)), '--from', from);
  const days = wholeNumber(requiredString(parsed.values, 'days'), '--days');
  const calendar = calendarFor(ctx);
  const result = compute('--days', () => calendar.addWorkingDays(from, days));
  ctx.json({
    date: result.value,
    provisional: result.provisional,
    ...(result.provisional ? { warning: PROVISIONAL_WARNING } : {}),
  });
  return EXIT.ok;
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) {
    throw new UsageError(`YEAR must be a whole year written with four digits, not ${JSON.stringify(text)}`);
  }
  const year = Number(text);
  assertCoveredYear(year, 'YEAR', text);
  return year;
}

function check(args: readonly string[], ctx: CommandContext): number {
  const parsed = parseCommand(args, { name: 'calendar check', positionals: ['YEAR'] });
  if (parsed.help) return help(ctx);
  const year = parseYear(parsed.positionals[0] as string);
  ctx.json({ year, source: calendarFor(ctx).yearSource(year) });
  return EXIT.ok;
}

function load(args: readonly string[], ctx: CommandContext): number {
  const parsed = parseCommand(args, { name: 'calendar load', positionals: ['FILE'] });
  if (parsed.help) return help(ctx);
  const file = parsed.positionals[0] as string;
  const text = readArgumentFile(ctx.path(file), file);
  let schedule: YearSchedule;
  try {
    schedule = parseOperatorSchedule(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof SyntaxError) {
      ctx.err(`hotline: ${file} is not JSON: ${error.message}`);
      return EXIT.failure;
    }
    if (!(error instanceof ScheduleValidationError)) throw error;
    ctx.err(`hotline: ${file} is not a valid operator schedule:`);
    for (const issue of error.issues) ctx.err(`${issue.path}: ${issue.message}`);
    return EXIT.failure;
  }
  const replaces = calendarFor(ctx).yearSource(schedule.year);
  const stored = saveOperatorSchedule(ctx.calendarDir, schedule);
  ctx.json({
    stored: ctx.display(stored.file),
    replaces,
    year: stored.schedule.year,
    source: stored.schedule.source,
    holidays: stored.schedule.holidays,
    workdays: stored.schedule.workdays,
    next: nextSteps(stored.schedule.year),
  });
  return EXIT.ok;
}

/**
 * What the operator does after a load: the schedule reaches the functions with a deployment, and that
 * deployment recounts the open tickets whose deadlines were provisional (locally: the next start).
 */
function nextSteps(year: number): string[] {
  return [
    `commit the file, add ${year} to "calendarYears" of each deployment config and deploy (npx cdk deploy --all -c config=FILE)`,
    'the deployment starts the recount of open tickets whose deadlines were provisional by itself',
    'npx hotline calendar recount -c config=FILE --watch follows it; --start runs it again',
    'locally: npm start again recounts them at start',
  ];
}

function help(ctx: CommandContext): number {
  ctx.io.stdout(USAGE);
  return EXIT.ok;
}
