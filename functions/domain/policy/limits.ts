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

/** One clock a unit's receipt of a ticket starts, with the rule that set it and why. */
export interface LimitClock {
  kind: 'handling' | 'plan' | 'writtenReply';
  duration: Duration;
  basis: string;
  why: string;
}

export interface ReceiptLimits {
  clocks: LimitClock[];
  /** The handling limit first set: an extension may not exceed it (AH:18). */
  firstLimit?: Duration | undefined;
  /** The article behind the handling limit. */
  limitBasis: string;
  /** An urgent class handled at once (PDS:8 D). */
  urgent: boolean;
}

/**
 * Every limit a ticket's receipt starts (RULES §10, several limits at once): the handling limit of
 * its type or class, replaced by a law's own limit (AH:17(三)); and, for the channels of
 * `writtenReply` (PDS:14), the written reply, which replaces a plain working-day limit (class B) and
 * otherwise runs beside the class's own clock, which it never relaxes.
 */
export function receiptLimits(
  policy: Policy,
  ticket: TicketTraits,
  legalLimit?: { limit: Duration; basis: string },
): ReceiptLimits {
  const rule = handlingRuleFor(policy, ticket);
  const written = policy.writtenReply?.channels.includes(ticket.channel) ? policy.writtenReply : null;
  const writtenClock = (why: string): LimitClock | null =>
    written ? { kind: 'writtenReply', duration: written.within, basis: written.basis, why } : null;
  const urgent = 'immediate' in rule.limit;
  const result = (handling: LimitClock, beside: LimitClock | null): ReceiptLimits => ({
    clocks: beside ? [handling, beside] : [handling],
    firstLimit: handling.kind === 'handling' ? handling.duration : undefined,
    limitBasis: handling.basis,
    urgent,
  });

  if (legalLimit) {
    const handling: LimitClock = {
      kind: 'handling',
      duration: legalLimit.limit,
      basis: legalLimit.basis,
      why: `a law's own limit replaces the policy's (${rule.basis}) (AH:17(三))`,
    };
    return result(handling, writtenClock("the written reply is due beside the law's own limit"));
  }
  const { limit } = rule;
  const plain = !('immediate' in limit) && !('centreSets' in limit) && 'workingDays' in limit;
  if (written && (written.replaces === 'every' || plain)) {
    const handling: LimitClock = {
      kind: 'handling',
      duration: written.within,
      basis: written.basis,
      why: `the written reply of a ${ticket.channel} ticket replaces ${rule.basis}`,
    };
    return { ...result(handling, null), urgent: written.replaces === 'every' ? false : urgent };
  }
  const besides = writtenClock(
    `the written reply is due on top: ${rule.basis} is not relaxed by ${written?.basis ?? ''}`,
  );
  if ('centreSets' in limit) {
    return result(
      {
        kind: 'plan',
        duration: limit.plan,
        basis: rule.basis,
        why: 'the unit reports its plan; the centre then sets the deadline',
      },
      besides,
    );
  }
  const duration = 'immediate' in limit ? limit.within : limit;
  const why =
    'immediate' in limit ? 'an urgent class is handled at once, on a clock in hours' : 'the handling limit';
  return result({ kind: 'handling', duration, basis: rule.basis, why }, besides);
}
