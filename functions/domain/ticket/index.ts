export * from './command-schema.ts';
export * from './commands.ts';
export type { DecideContext, DirectoryLookup } from './context.ts';
export { countedSupervision } from './decide/intake.ts';
export { decide } from './decide.ts';
export { decideOpenSupervision } from './decide-open-supervision.ts';
export { decideRegistration } from './decide-registration.ts';
export { InvalidFieldError, RuleViolationError } from './errors.ts';
export type { EventOf, EventType, TicketEvent } from './events.ts';
export { evolve, replay } from './evolve.ts';
export {
  clockTimers,
  dueTimers,
  earliestTimer,
  nextTimer,
  nextTimerAmong,
  type Timer,
  type TimerKind,
} from './timers.ts';
export * from './types.ts';
