import { expect } from 'vitest';
import {
  createCalendar,
  parseInstant,
  type WorkingCalendar,
} from '../../../functions/domain/calendar/index.ts';
import { type Channel, type Policy, presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  type Actor,
  type Clock,
  type ClockKind,
  type CommandInput,
  commandSchema,
  type DecideContext,
  type DirectoryLookup,
  decide,
  type EventOf,
  type EventType,
  evolve,
  RuleViolationError,
  type Ticket,
  type TicketEvent,
} from '../../../functions/domain/ticket/index.ts';

/** The hotline centre's agent: registers, dispatches, reviews, calls back. */
export const agent: Actor = { id: 'agent-1', role: 'agent' };
/** The responsible unit's clerk: signs, contacts, asks for returns and extensions, replies. */
export const clerk: Actor = { id: 'clerk-1', role: 'unitClerk', unitId: 'unit-housing' };
export const system: Actor = { id: 'workflow', role: 'system' };
/** The responsible unit's head or deputy head (负责人/分管领导): approves returns, signs off replies. */
export const head: Actor = { id: 'head-1', role: 'unitHead', unitId: 'unit-housing' };

/**
 * A ticket driven through commands the way the API drives it: parse, decide, evolve. `at` moves the
 * clock; every step returns the events so tests can assert on them.
 */
export class Scenario {
  ticket: Ticket | null = null;
  readonly history: TicketEvent[] = [];
  readonly policy: Policy;
  private calendar: WorkingCalendar = createCalendar();
  private now: Date;

  constructor(policy: string | Policy, start: string) {
    this.policy = typeof policy === 'string' ? presetPolicy(policy) : policy;
    this.now = parseInstant(start);
  }

  /** Replaces the calendar, as loading a year's schedule does. */
  withCalendar(calendar: WorkingCalendar): this {
    this.calendar = calendar;
    return this;
  }

  at(iso: string): this {
    this.now = parseInstant(iso);
    return this;
  }

  /** The directory the decider checks named units, categories and regions against; none by default. */
  directory: DirectoryLookup | undefined;

  context(actor: Actor = agent): DecideContext {
    return {
      policy: this.policy,
      calendar: this.calendar,
      now: this.now,
      actor,
      newTicketId: 'T-1',
      ...(this.directory ? { directory: this.directory } : {}),
    };
  }

  /** Decides and applies a command; throws the domain's error when refused. */
  run(command: CommandInput, actor: Actor = agent): TicketEvent[] {
    const events = decide(this.ticket, commandSchema.parse(command), this.context(actor));
    for (const e of events) this.ticket = evolve(this.ticket, e);
    this.history.push(...events);
    return events;
  }

  get current(): Ticket {
    if (!this.ticket) throw new Error('no ticket yet');
    return this.ticket;
  }

  /** The running clock of a kind; fails the test when there is none. */
  clock(kind: ClockKind): Clock {
    const clock = this.current.clocks[kind];
    if (!clock) throw new Error(`no ${kind} clock is running (running: ${Object.keys(this.current.clocks)})`);
    return clock;
  }

  /** Every event of a type in the history, oldest first. */
  events<T extends EventType>(type: T): EventOf<T>[] {
    return this.history.filter((e): e is EventOf<T> => e.type === type);
  }
}

/** Asserts that `act` is refused with the given rule id (and, if given, a basis citing the article). */
export function expectRefused(act: () => unknown, rule: string, basis?: string): RuleViolationError {
  let error: unknown;
  try {
    act();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a refusal with rule ${rule}`).toBeInstanceOf(RuleViolationError);
  expect(error).toMatchObject(
    basis === undefined ? { rule } : { rule, basis: expect.stringContaining(basis) },
  );
  return error as RuleViolationError;
}

/** Event types of a list of events, for compact assertions. */
export const typesOf = (events: readonly TicketEvent[]): EventType[] => events.map((e) => e.type);

export const citizen = { name: '张三', phone: '13800138000' };

export interface TicketOptions {
  type?: string;
  channel?: Channel;
  category?: string;
  requester?: { name?: string; phone?: string; anonymous?: boolean; confidential?: boolean };
  priorReports?: { sameRequester: number; sameMatter: number };
  repeatOf?: string;
}

export interface DispatchOptions extends TicketOptions {
  classId?: string;
  coUnits?: string[];
  priority?: string;
  level?: 'province' | 'city' | 'county' | 'township' | 'village';
  legalLimit?: { limit: { workingDays: number }; basis: string };
}

export function registered(policy: string | Policy, at: string, opts: TicketOptions = {}): Scenario {
  const s = new Scenario(policy, at);
  s.run({
    action: 'register',
    channel: opts.channel ?? 'phone',
    type: opts.type ?? 'complaint',
    category: opts.category ?? 'housing',
    content: '楼道灯坏了',
    requester: opts.requester ?? citizen,
    ...(opts.priorReports ? { priorReports: opts.priorReports } : {}),
    ...(opts.repeatOf ? { repeatOf: opts.repeatOf } : {}),
  });
  return s;
}

/** Registered and dispatched to the housing unit, not yet signed. */
export function dispatched(policy: string | Policy, at: string, opts: DispatchOptions = {}): Scenario {
  const s = registered(policy, at, opts);
  s.run({
    action: 'dispatch',
    leadUnit: 'unit-housing',
    coUnits: opts.coUnits ?? [],
    level: opts.level ?? 'county',
    classId: opts.classId,
    priority: opts.priority,
    legalLimit: opts.legalLimit,
  });
  return s;
}

/** Registered and dispatched to one unit, then signed, all at the same instant. */
export function inProgress(policy: string | Policy, at: string, opts: DispatchOptions = {}): Scenario {
  const s = dispatched(policy, at, opts);
  // An urgent class names its leader in charge and person responsible on receipt (PDS:8 D).
  const urgent = s.current.classId && s.policy.urgent?.classes.includes(s.current.classId);
  s.run({ action: 'sign', ...(urgent ? { leader: '王副局长', responsible: '李科长' } : {}) }, clerk);
  return s;
}

/** In progress, the requester told and the reply sent to the centre, signed off by the deputy head. */
export function replied(policy: string | Policy, at: string, opts: DispatchOptions = {}): Scenario {
  const s = inProgress(policy, at, opts);
  s.run({ action: 'informRequester', summary: '已修复' }, clerk);
  s.run({ action: 'reply', summary: '已修复' }, clerk);
  return s;
}

/** The centre approved the reply: the callback is due. */
export function completed(policy: string | Policy, at: string, opts: DispatchOptions = {}): Scenario {
  const s = replied(policy, at, opts);
  s.run({ action: 'review', approve: true, note: '答复完整' });
  return s;
}
