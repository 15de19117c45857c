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
  'merged', // merged into a main ticket on the same matter (并单): handled there, told and called back here
  'handedOver', // handed to a discipline, organisation or political-legal body (PDS:25): closed for the hotline
  'archived',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const UNIT_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/**
 * `writtenReply`: the written reply of a mailbox or message-board ticket where it runs beside the
 * handling clock (PDS:14); `extensionNotice`: telling the requester of a granted extension (PDS:9; JZ:四(三)).
 */
export type ClockKind =
  | 'contact'
  | 'return'
  | 'handling'
  | 'plan'
  | 'writtenReply'
  | 'extensionNotice'
  | 'callback';

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
  /** Why this rule set this deadline when several could (PDS:14 over a class, a law over the policy). */
  why?: string | undefined;
  /**
   * How the deadline was counted, so that it can be counted again when the schedule of a provisional
   * year is loaded; absent for a deadline someone set (PDS:8 C; TN:12(三)).
   */
  counted?: { from: Instant; duration: Duration } | undefined;
}

export interface Actor {
  id: string;
  role: string;
  unitId?: string | undefined;
}

/** Earlier reports in the window (AH:20(六)): the same requester's on the same matter, and everyone's. */
export interface PriorReports {
  sameRequester: number;
  sameMatter: number;
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
  /** Urgent class: the leader in charge and the person responsible, named on receipt (PDS:8 D). */
  urgentLeads?: { leader: string; responsible: string } | undefined;
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
  /** Anonymous online messages, and those whose responsible body or facts are unclear, are verified before dispatch (AH:11). */
  verified: boolean;
  /** The earlier ticket on the same matter the agent linked this one to (AH:20(六)). */
  repeatOf?: string | undefined;
  /**
   * What a complaint or tip-off is about (TN:20; AH:34): the unit (and the person) it names. The
   * ticket never goes to, is never listed for and is never readable by that unit or a unit under it.
   */
  subject?: { unitId?: string | undefined; person?: string | undefined } | undefined;
  /** Handed down by the management office with its deputy leader's approval and its own deadline (交办, TN:12(三)). */
  handDown?: { approvedBy: string; deadline: Instant } | undefined;
  /** A coordination meeting (会办, TN:12(四)): the units present and each one's task, followed to its end. */
  coordination?:
    | {
        at: Instant;
        units: string[];
        tasks: { unitId: string; task: string; doneAt?: Instant | undefined }[];
      }
    | undefined;
  /**
   * 并单 (national guidance of 2025 on 12345 hotlines): a duplicate names its main ticket; a main ticket
   * lists its duplicates. One handling clock, the main's; each requester keeps their own callback.
   */
  mergedInto?: string | undefined;
  duplicates?: string[] | undefined;
  /** Handed over to a discipline, organisation or political-legal body (PDS:25). */
  handOver?: { body: string; bodyName: string; approvedBy: string; basis: string; at: Instant } | undefined;
  /** A leader's instruction on the matter (领导批示; AH:20(一); TN:12(三), 13(二)). */
  instruction?: { leader: string; text: string; at: Instant } | undefined;
  refusal?:
    | { ground: string; basis: string; explanation: string; referral?: Referral | undefined }
    | undefined;
  answer?:
    | {
        text: string;
        method: 'knowledgeBase' | 'threeWayCall';
        at: Instant;
        citations?:
          | { entryId: string; version?: number | undefined; title?: string | undefined }[]
          | undefined;
      }
    | undefined;
  assignment?: Assignment | undefined;
  /** A law's own limit, which wins over the policy's wherever the ticket goes (AH:17(三)). */
  legalLimit?: { limit: Duration; basis: string } | undefined;
  /** The handling limit first set at dispatch: an extension may not exceed it (AH:18). */
  firstLimit?: Duration | undefined;
  clocks: Partial<Record<ClockKind, Clock>>;
  overdue: boolean;
  /** Extensions granted and applied for (AH:18 counts applications; PDS:9 counts grants). */
  extensions: { granted: number; requested: number; pending?: PendingExtension | undefined };
  returnRequest?: { reason: string; legalBasis: string; requestedAt: Instant } | undefined;
  plan?: { leader: string; contact: string; progress: string; plan: string; at: Instant } | undefined;
  requesterInformedAt?: Instant | undefined;
  /** The unit head's sign-off of the result (AH:24; TN:13(二)), an act of that role, before the reply. */
  signOff?: { by: Actor; at: Instant } | undefined;
  reply?:
    | { summary: string; report?: string | undefined; signedOffBy?: Actor | undefined; at: Instant }
    | undefined;
  /** When the requester was told of a granted extension's new deadline and reason (PDS:9; JZ:四(三)). */
  extensionToldAt?: Instant | undefined;
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
  'keyTicket', // AH:24 重点: supervised from dispatch where the policy says so
] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];
