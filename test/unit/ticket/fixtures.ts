import { createCalendar, parseInstant } from '../../../functions/domain/calendar/index.ts';
import { type Policy, presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  type Actor,
  type CommandInput,
  commandSchema,
  type DecideContext,
  decide,
  evolve,
  type Ticket,
  type TicketEvent,
} from '../../../functions/domain/ticket/index.ts';

export const agent: Actor = { id: 'agent-1', role: 'agent' };
export const clerk: Actor = { id: 'clerk-1', role: 'unitClerk', unitId: 'unit-housing' };
export const system: Actor = { id: 'workflow', role: 'system' };

/**
 * A ticket driven through commands the way the API drives it: parse, decide, evolve. `at` moves the
 * clock; every step returns the events so tests can assert on them.
 */
export class Scenario {
  ticket: Ticket | null = null;
  readonly history: TicketEvent[] = [];
  readonly policy: Policy;
  private readonly calendar = createCalendar();
  private now: Date;

  constructor(policyId: string, start: string) {
    this.policy = presetPolicy(policyId);
    this.now = parseInstant(start);
  }

  at(iso: string): this {
    this.now = parseInstant(iso);
    return this;
  }

  context(actor: Actor = agent): DecideContext {
    return { policy: this.policy, calendar: this.calendar, now: this.now, actor, newTicketId: 'T-1' };
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
}

export const citizen = { name: '张三', phone: '13800138000' };

export function registered(policyId: string, at: string, type = 'complaint', channel = 'phone'): Scenario {
  const s = new Scenario(policyId, at);
  s.run({ action: 'register', channel, type, category: 'housing', content: '楼道灯坏了', requester: citizen } as CommandInput);
  return s;
}

/** Registered and dispatched to one unit, then signed. */
export function inProgress(policyId: string, at: string, opts: { type?: string; classId?: string; channel?: string } = {}) {
  const s = registered(policyId, at, opts.type, opts.channel);
  s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county', classId: opts.classId });
  s.run({ action: 'sign' }, clerk);
  return s;
}
