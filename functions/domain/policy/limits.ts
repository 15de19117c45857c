import type { Channel, Duration, LimitRule, Policy } from './schema.ts';

/** What a handling limit depends on. */
export interface TicketTraits {
  type: string;
  classId?: string | undefined;
  channel: Channel;
}

/** The first handling rule of the policy that matches the ticket (the last rule matches all). */
export function handlingRuleFor(policy: Policy, ticket: TicketTraits): LimitRule {
  const match = policy.handling.find(({ when }) => {
    if (when.types && !when.types.includes(ticket.type)) return false;
    if (when.classes && (!ticket.classId || !when.classes.includes(ticket.classId))) return false;
    if (when.channels && !when.channels.includes(ticket.channel)) return false;
    return true;
  });
  // Validation guarantees a catch-all last rule, so there is always a match.
  return match ?? (policy.handling[policy.handling.length - 1] as LimitRule);
}

/** True when `a` is longer than `b`, comparing like with like; different units are never ordered. */
export function isLonger(a: Duration, b: Duration): boolean {
  if ('workingDays' in a && 'workingDays' in b) return a.workingDays > b.workingDays;
  if ('hours' in a && 'hours' in b && a.mode === b.mode) return a.hours > b.hours;
  return false;
}
