import type { z } from '../zod.ts';
import { BUILT_IN_REQUEST_TYPES, type Duration, type Limit, type Policy, policySchema } from './schema.ts';

/** One problem with a policy: where it is and what to do about it. */
export interface PolicyIssue {
  path: string;
  message: string;
}

export class PolicyValidationError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(`invalid policy:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'PolicyValidationError';
  }
}

/**
 * Rough length in calendar hours, used only to compare policy values with each other: a working day
 * spans 24 hours of calendar time, a working hour 24 / (working hours per day). Close enough to
 * catch a contradiction; deadlines themselves are computed by the calendar.
 */
function nominalHours(d: Duration | { hours: 0 }, workingHoursPerDay: number): number {
  if ('workingDays' in d) return d.workingDays * 24;
  if (!('mode' in d)) return 0;
  return d.mode === 'working' ? (d.hours * 24) / workingHoursPerDay : d.hours;
}

export function describeDuration(d: Duration): string {
  if ('workingDays' in d) return `${d.workingDays} working day${d.workingDays === 1 ? '' : 's'}`;
  return `${d.hours} ${d.mode === 'working' ? 'working ' : ''}hour${d.hours === 1 ? '' : 's'}`;
}

/** The countdown a limit starts with: the duration itself, or the plan for a centre-set limit. */
export function firstCountdown(limit: Limit): Duration {
  if ('immediate' in limit) return limit.within;
  if ('centreSets' in limit) return limit.plan;
  return limit;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Checks that the fields of a structurally valid policy agree with each other. */
export function findContradictions(p: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  let workingMinutes = 0;
  p.calendar.workingHours.forEach((r, i) => {
    if (minutesOf(r.end) <= minutesOf(r.start)) add(`calendar.workingHours.${i}`, 'end must be after start');
    workingMinutes += minutesOf(r.end) - minutesOf(r.start);
  });
  const perDay = Math.max(workingMinutes / 60, 1);
  const hours = (d: Duration | { hours: 0 }) => nominalHours(d, perDay);

  const typeIds = new Set(p.requestTypes.map((t) => t.id));
  const classIds = new Set(p.classes.map((c) => c.id));
  const channels = new Set(p.channels);
  if (typeIds.size !== p.requestTypes.length) add('requestTypes', 'request type ids must be unique');
  if (classIds.size !== p.classes.length) add('classes', 'class ids must be unique');
  for (const builtIn of BUILT_IN_REQUEST_TYPES) {
    if (!typeIds.has(builtIn)) add('requestTypes', `the built-in request type "${builtIn}" is missing`);
  }
  if (p.classRequired && p.classes.length === 0)
    add('classRequired', 'classes are required but none are defined');

  const unknown = (path: string, kind: string, ids: readonly string[] | undefined, known: Set<string>) => {
    for (const id of ids ?? []) if (!known.has(id)) add(path, `unknown ${kind} "${id}"`);
  };
  p.handling.forEach((rule, i) => {
    unknown(`handling.${i}.when.types`, 'request type', rule.when.types, typeIds);
    unknown(`handling.${i}.when.classes`, 'class', rule.when.classes, classIds);
    unknown(`handling.${i}.when.channels`, 'channel', rule.when.channels, channels as Set<string>);
  });
  const last = p.handling[p.handling.length - 1];
  if (last && Object.keys(last.when).length > 0) {
    add(
      `handling.${p.handling.length - 1}`,
      'the last handling rule must match every ticket (an empty "when")',
    );
  }
  unknown('extension.classes', 'class', p.extension.classes, classIds);

  const priorities = new Set(p.priorities);
  unknown('urgent.classes', 'class', p.urgent?.classes, classIds);
  unknown('reply.signOff.priorities', 'priority', p.reply.signOff?.priorities, priorities);
  unknown('writtenReply.channels', 'channel', p.writtenReply?.channels, channels as Set<string>);
  p.priorityEffects.forEach((e, i) => {
    unknown(`priorityEffects.${i}.priority`, 'priority', [e.priority], priorities);
  });
  p.reminders.forEach((r, i) => {
    unknown(`reminders.${i}.when.classes`, 'class', r.when?.classes, classIds);
    unknown(`reminders.${i}.when.priorities`, 'priority', r.when?.priorities, priorities);
  });

  const countdowns = p.handling.map((r) => firstCountdown(r.limit));
  const longest = Math.max(0, ...countdowns.map(hours));
  p.reminders.forEach((r, i) => {
    if (hours(r.before) >= longest) {
      add(
        `reminders.${i}.before`,
        `a reminder ${describeDuration(r.before)} before the deadline would come before any handling limit starts; make it shorter than the longest limit`,
      );
    }
  });

  const ext = p.extension;
  if (ext.noLaterThanBeforeDeadline && ext.noEarlierThanBeforeDeadline) {
    if (hours(ext.noLaterThanBeforeDeadline) >= hours(ext.noEarlierThanBeforeDeadline)) {
      add(
        'extension.noLaterThanBeforeDeadline',
        'the window for asking an extension closes before it opens; make noLaterThanBeforeDeadline shorter than noEarlierThanBeforeDeadline',
      );
    }
  }
  if (ext.maxCount > 0 && ext.noLaterThanBeforeDeadline && hours(ext.noLaterThanBeforeDeadline) >= longest) {
    add('extension.noLaterThanBeforeDeadline', 'no ticket could ever ask for an extension in time');
  }
  if (ext.maxLength && ext.notLongerThanFirstLimit && hours(ext.maxLength) > longest) {
    add(
      'extension.maxLength',
      `an extension of ${describeDuration(ext.maxLength)} is longer than any first limit, which notLongerThanFirstLimit forbids`,
    );
  }

  for (let i = 1; i < p.escalation.length; i++) {
    const prev = p.escalation[i - 1];
    const cur = p.escalation[i];
    if (prev && cur && hours(cur.after) <= hours(prev.after)) {
      add(`escalation.${i}.after`, 'each escalation step must come after the one before it');
    }
  }

  const cb = p.callback;
  if ((cb.attempts - 1) * cb.minGapHours > hours(cb.within)) {
    add(
      'callback.minGapHours',
      `${cb.attempts} attempts ${cb.minGapHours} hours apart do not fit in a callback window of ${describeDuration(cb.within)}`,
    );
  }

  const groups = new Set(p.ranking.groups.map((g) => g.id));
  if (groups.size !== p.ranking.groups.length) add('ranking.groups', 'ranking group ids must be unique');
  for (const key of ['secretaryGeneralInterview', 'publicStatement'] as const) {
    const t = p.ranking[key];
    if (t && t.consecutive > t.inYear) add(`ranking.${key}`, 'consecutive cannot exceed the yearly count');
  }
  const sg = p.ranking.secretaryGeneralInterview;
  const ps = p.ranking.publicStatement;
  if (sg && ps && (ps.consecutive < sg.consecutive || ps.inYear < sg.inYear)) {
    add(
      'ranking.publicStatement',
      'a public statement must need at least as many interviews as the secretary-general interview',
    );
  }
  return issues;
}

function zodIssues(error: z.core.$ZodError): PolicyIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}

/** Parses and checks a policy; the result, or every problem found. */
export function validatePolicy(
  input: unknown,
): { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] } {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const issues = findContradictions(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, policy: parsed.data };
}

/** Like validatePolicy, but throws PolicyValidationError. */
export function parsePolicy(input: unknown): Policy {
  const result = validatePolicy(input);
  if (!result.ok) throw new PolicyValidationError(result.issues);
  return result.policy;
}
