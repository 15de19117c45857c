import type { Channel, Duration } from '../policy/index.ts';
import type {
  Actor,
  Clock,
  Instant,
  PriorReports,
  Referral,
  Requester,
  Satisfaction,
  SupervisionReason,
  UnitLevel,
} from './types.ts';

/**
 * What happened to a ticket. Events are facts: append-only, each stamped with when, by whom and
 * under which policy version. Deadlines travel inside the clocks an event starts.
 */
interface Envelope<T extends string> {
  type: T;
  at: Instant;
  by: Actor;
  policy: { id: string; version: number };
}

type E<T extends string, P = object> = Envelope<T> & P;

export type TicketEvent =
  | E<
      'TicketRegistered',
      {
        ticketId: string;
        channel: Channel;
        requestType: string;
        category: string;
        regionId?: string | undefined;
        content: string;
        requester: Requester;
        needsVerification: boolean;
        repeatOf?: string | undefined;
        subject?: { unitId?: string | undefined; person?: string | undefined } | undefined;
        priority: string;
        /**
         * The earlier reports the registration was decided on (AH:20(六)): none, as intake counts
         * nothing; the exact count follows on the stream (functions/app/count-reports.ts), which
         * opens the supervision it calls for.
         */
        priorReports?: PriorReports | undefined;
      }
    >
  | E<'TicketVerified', { note?: string | undefined }>
  | E<
      'TicketRefused',
      { ground: string; basis: string; explanation: string; referral?: Referral | undefined }
    >
  | E<
      'AnsweredOnSpot',
      {
        answer: string;
        method: 'knowledgeBase' | 'threeWayCall';
        /** The knowledge-base entries and versions the answer came from. */
        citations?:
          | { entryId: string; version?: number | undefined; title?: string | undefined }[]
          | undefined;
        clocks: Clock[];
      }
    >
  | E<
      'TicketDispatched',
      {
        leadUnit: string;
        coUnits: string[];
        level: UnitLevel;
        classId?: string | undefined;
        priority: string;
        firstLimit?: Duration | undefined;
        limitBasis: string;
        /** A law's own limit given at dispatch (AH:17(三)); it stays with the ticket. */
        legalLimit?: { limit: Duration; basis: string } | undefined;
        /** 交办 (TN:12(三)): approved by the office's deputy leader, with the deadline it set. */
        handDown?: { approvedBy: string; deadline: Instant } | undefined;
        /** Urgent class handled at once by the unit's head (PDS:8 D). */
        urgent?: boolean | undefined;
        clocks: Clock[];
      }
    >
  | E<
      'TicketRedispatched',
      { fromUnit: string; toUnit: string; level: UnitLevel; reason: string; clocks: Clock[] }
    >
  | E<'TicketSigned', { clocks: Clock[]; urgentLeads?: { leader: string; responsible: string } | undefined }>
  | E<'RequesterContacted', { method: string; note?: string | undefined; late: boolean }>
  | E<'ReturnRequested', { reason: string; legalBasis: string; approvedBy?: Actor | undefined }>
  | E<'ReturnApproved', { note: string; fromUnit: string }>
  | E<'ReturnRefused', { note: string }>
  | E<'ReturnWindowClosed', { clockId: string }>
  | E<'ExtensionRequested', { length: Duration; reason: string }>
  | E<'ExtensionApproved', { note: string; length: Duration; clocks: Clock[] }>
  | E<'ExtensionRefused', { note: string }>
  | E<'PlanSubmitted', { leader: string; contact: string; progress: string; plan: string }>
  | E<'DeadlineSet', { clocks: Clock[] }>
  | E<'DisagreementReported', { note: string }>
  | E<'RequesterInformed', { summary: string }>
  | E<'ReplySignedOff', { note?: string | undefined }>
  | E<'UnitReplied', { summary: string; report?: string | undefined; signedOffBy?: Actor | undefined }>
  | E<
      'RequesterToldOfExtension',
      { method: string; note?: string | undefined; deadline: Instant; late: boolean }
    >
  | E<'LeaderInstructionRecorded', { leader: string; instruction: string }>
  | E<'CoordinationHeld', { units: string[]; tasks: { unitId: string; task: string }[] }>
  | E<'CoordinationTaskDone', { unitId: string; result: string }>
  | E<'TicketMerged', { mainTicketId: string; reason: string }>
  | E<'DuplicateRecorded', { ticketId: string; merged: boolean }>
  | E<'TicketUnmerged', { mainTicketId: string; reason: string }>
  | E<'MainTicketCompleted', { mainTicketId: string; summary: string; clocks: Clock[] }>
  | E<'TicketHandedOver', { body: string; bodyName: string; approvedBy: string; note: string; basis: string }>
  | E<'ReplyApproved', { note: string; clocks: Clock[] }>
  | E<'ReplySentBack', { note: string; clocks: Clock[] }>
  | E<
      'CallbackAttempted',
      { attempt: number; outcome: 'answered' | 'unanswered'; comment?: string | undefined }
    >
  | E<'SatisfactionRecorded', { satisfaction: Satisfaction; judgedOnLaw: boolean }>
  | E<'ReworkOrdered', { note: string; clocks: Clock[] }>
  | E<'AssessmentRequested', { mediationNote: string }>
  | E<'AssessmentRecorded', { finding: 'unitUpheld' | 'requesterUpheld'; assessor: string; note: string }>
  | E<'SupervisionOpened', { reason: SupervisionReason; note: string }>
  | E<'SupervisionClosed', { reason: SupervisionReason; note: string }>
  | E<
      'ReminderSent',
      { clockId: string; deadline: Instant; reason?: 'reminder' | 'extensionWindowOpens' | 'extensionNotice' }
    >
  | E<'ContactWindowMissed', { clockId: string; deadline: Instant }>
  | E<'CallbackDue', { attempt: number }>
  | E<'TimerFired', { timerId: string; clockId: string; kind: string }>
  | E<
      'DeadlinesRecomputed',
      {
        year: number;
        /** The schedule that set the new deadlines (e.g. `official`, `operator`). */
        schedule: string;
        changes: {
          kind: string;
          oldClockId: string;
          oldDeadline: Instant;
          newDeadline: Instant;
          provisional: boolean;
        }[];
        /** The clocks again, with new ids: their timers are planned anew. */
        clocks: Clock[];
      }
    >
  | E<'TicketOverdue', { clockId: string; deadline: Instant }>
  | E<'Escalated', { level: 'centreLeader' | 'inspectionOffice'; clockId: string }>
  | E<'AbuseFlagged', { note: string }>
  | E<'TicketReopened', { reason: string }>
  | E<'TicketArchived'>;

export type EventType = TicketEvent['type'];
export type EventOf<T extends EventType> = Extract<TicketEvent, { type: T }>;
