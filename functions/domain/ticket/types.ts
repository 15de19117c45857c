import type { Channel, Duration } from '../policy/index.ts';

/** An ISO-8601 instant, written by the domain as `YYYY-MM-DDTHH:mm:ss+08:00`. */
export type Instant = string;

export const TICKET_STATUSES = [
  'received', // registered, not yet dispatched (or back from an approved return)
  'refused', // not accepted, with the basis told to the requester
  'dispatched', // sent to a unit, not yet signed for
  'inProgress', // signed for by the unit
  'returnRequested', // the unit asked to give it back
  'replied', // the unit replied; the centre reviews it
  'completed', // the centre approved the reply (or answered on the spot): the callback is due
  'dissatisfied', // the requester was not satisfied; rework or assessment follows
  'underAssessment', // a third party is assessing (PDS:18)
  'evaluated', // the satisfaction result is final
  'archived',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const UNIT_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export type ClockKind = 'contact' | 'return' | 'handling' | 'plan' | 'callback';

/**
 * A running time limit. Its deadline was computed when it started, with the policy version of the
 * ticket, and never moves: an extension or a new dispatch starts a new clock with a new id.
 */
export interface Clock {
  id: string;
  kind: ClockKind;
  startedAt: Instant;
  deadline: Instant;
  /** The deadline relied on a year with no official or operator schedule. */
  provisional: boolean;
  basis: string;
}

export interface Actor {
  id: string;
  role: string;
  unitId?: string | undefined;
}

export interface Requester {
  name?: string | undefined;
  phone?: string | undefined;
  anonymous: boolean;
  /** Hide the requester from the units the matter is about (TN:20; AH:34). */
  confidential: boolean;
}

export interface Assignment {
  leadUnit: string;
  coUnits: string[];
  level: UnitLevel;
  dispatchedAt: Instant;
  signedAt?: Instant | undefined;
  contactedAt?: Instant | undefined;
  /** The return window has closed without a return: the unit is deemed to have accepted (AH:16). */
  deemedAccepted: boolean;
}

export interface PendingExtension {
  length: Duration;
  reason: string;
  requestedAt: Instant;
}

export interface CallbackAttempt {
  at: Instant;
  outcome: 'answered' | 'unanswered';
}

export type Satisfaction = 'satisfied' | 'dissatisfied' | 'deemedSatisfied' | 'unreachable';

export interface Ticket {
  id: string;
  /** Number of events applied; the optimistic-concurrency version. */
  version: number;
  status: TicketStatus;
  policy: { id: string; version: number };
  channel: Channel;
  type: string;
  category: string;
  regionId?: string | undefined;
  classId?: string | undefined;
  priority: string;
  content: string;
  requester: Requester;
  receivedAt: Instant;
  /** Anonymous or unclear online messages are verified before dispatch (AH:11). */
  verified: boolean;
  refusal?:
    | { ground: string; basis: string; explanation: string; referral?: Referral | undefined }
    | undefined;
  answer?: { text: string; method: 'knowledgeBase' | 'threeWayCall'; at: Instant } | undefined;
  assignment?: Assignment | undefined;
  /** A law's own limit, which wins over the policy's wherever the ticket goes (AH:17(三)). */
  legalLimit?: { limit: Duration; basis: string } | undefined;
  /** The handling limit first set at dispatch: an extension may not exceed it (AH:18). */
  firstLimit?: Duration | undefined;
  clocks: Partial<Record<ClockKind, Clock>>;
  overdue: boolean;
  extensions: { granted: number; pending?: PendingExtension | undefined };
  returnRequest?: { reason: string; legalBasis: string; requestedAt: Instant } | undefined;
  plan?: { leader: string; contact: string; progress: string; plan: string; at: Instant } | undefined;
  requesterInformedAt?: Instant | undefined;
  reply?: { summary: string; signedOffBy?: string | undefined; at: Instant } | undefined;
  reworkCount: number;
  callback: { attempts: CallbackAttempt[]; satisfaction?: Satisfaction | undefined; judgedOnLaw: boolean };
  supervision: { open: SupervisionReason[] };
  escalations: string[];
  abuseFlagged: boolean;
  /** Timers already fired (see timers.ts): a timer fires once, whoever fires it. */
  timersFired: string[];
}

export interface Referral {
  body: string;
  contact?: string | undefined;
}

/** Why a ticket is supervised (AH:20). */
export const SUPERVISION_REASONS = [
  'higherLevel', // (一) from a higher level or with a leader's instruction
  'overdue', // (二)
  'unclearResponsibility', // (三)
  'sentBack', // (四) sent back for poor handling
  'crossRegion', // (五) several regions or departments
  'repeated', // (六) the same requester 3 or more times
  'concentrated', // (六) 5 or more people on the same matter
  'trending', // (六) sudden or trending issues
  'media', // (七)
  'other', // (八)
  'coUnitDisagreement', // PDS:12 lead and co-units disagree
] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];
