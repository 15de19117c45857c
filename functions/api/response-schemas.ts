import { z } from 'zod';
import { channelSchema, durationSchema } from '../domain/policy/index.ts';
import {
  type Clock,
  SUPERVISION_REASONS,
  TICKET_STATUSES,
  type Ticket,
  type TicketEvent,
  UNIT_LEVELS,
} from '../domain/ticket/index.ts';

/**
 * The shapes of the API's answers as zod schemas: the handlers' return types come from them, the
 * OpenAPI document is generated from them, and the type checks at the end of this file fail the
 * build when the domain's `Ticket` or `TicketEvent` gains a field or an event they do not describe.
 */

const instant = z.string().meta({ description: 'ISO-8601 instant, e.g. 2026-12-14T09:00:00+08:00' });
const policyRef = z.strictObject({ id: z.string(), version: z.number().int() });
const actorSchema = z.strictObject({ id: z.string(), role: z.string(), unitId: z.string().optional() });
const unitLevel = z.enum(UNIT_LEVELS);
const supervisionReason = z.enum(SUPERVISION_REASONS);
const answerMethod = z.enum(['knowledgeBase', 'threeWayCall']);
/** The knowledge-base entries and versions an answer on the spot came from (AH:12(一), AH:30). */
const citationsSchema = z.array(
  z.strictObject({ entryId: z.string(), version: z.number().int().optional(), title: z.string().optional() }),
);
const satisfaction = z.enum(['satisfied', 'dissatisfied', 'deemedSatisfied', 'unreachable']);
const callbackOutcome = z.enum(['answered', 'unanswered']);
const escalationLevel = z.enum(['centreLeader', 'inspectionOffice']);
const legalLimit = z.strictObject({ limit: durationSchema, basis: z.string() });
const CLOCK_KINDS = [
  'contact',
  'return',
  'handling',
  'plan',
  'writtenReply',
  'extensionNotice',
  'callback',
] as const;
const subject = z.strictObject({ unitId: z.string().optional(), person: z.string().optional() });
const handDown = z.strictObject({ approvedBy: z.string(), deadline: instant });
const urgentLeads = z.strictObject({ leader: z.string(), responsible: z.string() });

const clockSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(CLOCK_KINDS),
    startedAt: instant,
    deadline: instant,
    provisional: z.boolean().meta({ description: 'the deadline relied on a provisional year schedule' }),
    basis: z.string(),
    why: z.string().optional().meta({ description: 'why this rule set the deadline when several could' }),
    counted: z
      .strictObject({ from: instant, duration: durationSchema })
      .optional()
      .meta({ description: 'how the deadline was counted (absent for a deadline someone set)' }),
  })
  .meta({ id: 'Clock' });

/** What a reader sees of the requester: in full, masked, or only the two flags (see `personalData`). */
const requesterSchema = z
  .strictObject({
    name: z.string().optional(),
    phone: z.string().optional(),
    anonymous: z.boolean(),
    confidential: z.boolean(),
  })
  .meta({ id: 'Requester' });

const referralSchema = z.strictObject({ body: z.string(), contact: z.string().optional() });

export const ticketSchema = z
  .strictObject({
    id: z.uuid(),
    version: z.number().int().min(1),
    status: z.enum(TICKET_STATUSES),
    policy: policyRef,
    channel: channelSchema,
    type: z.string(),
    category: z.string(),
    regionId: z.string().optional(),
    classId: z.string().optional(),
    priority: z.string(),
    content: z.string(),
    requester: requesterSchema,
    receivedAt: instant,
    verified: z.boolean(),
    repeatOf: z.string().optional(),
    mergedInto: z
      .string()
      .optional()
      .meta({ description: 'the main ticket this duplicate is merged into (并单)' }),
    duplicates: z
      .array(z.string())
      .optional()
      .meta({ description: 'the duplicates merged into this main ticket' }),
    subject: subject.optional(),
    handDown: handDown.optional(),
    coordination: z
      .strictObject({
        at: instant,
        units: z.array(z.string()),
        tasks: z.array(z.strictObject({ unitId: z.string(), task: z.string(), doneAt: instant.optional() })),
      })
      .optional(),
    handOver: z
      .strictObject({
        body: z.string(),
        bodyName: z.string(),
        approvedBy: z.string(),
        basis: z.string(),
        at: instant,
      })
      .optional(),
    instruction: z.strictObject({ leader: z.string(), text: z.string(), at: instant }).optional(),
    refusal: z
      .strictObject({
        ground: z.string(),
        basis: z.string(),
        explanation: z.string(),
        referral: referralSchema.optional(),
      })
      .optional(),
    answer: z
      .strictObject({
        text: z.string(),
        method: answerMethod,
        at: instant,
        citations: citationsSchema.optional(),
      })
      .optional(),
    assignment: z
      .strictObject({
        leadUnit: z.string(),
        coUnits: z.array(z.string()),
        level: unitLevel,
        dispatchedAt: instant,
        signedAt: instant.optional(),
        contactedAt: instant.optional(),
        deemedAccepted: z.boolean(),
        urgentLeads: urgentLeads.optional(),
      })
      .optional(),
    legalLimit: legalLimit.optional(),
    firstLimit: durationSchema.optional(),
    clocks: z.strictObject({
      contact: clockSchema.optional(),
      return: clockSchema.optional(),
      handling: clockSchema.optional(),
      plan: clockSchema.optional(),
      writtenReply: clockSchema.optional(),
      extensionNotice: clockSchema.optional(),
      callback: clockSchema.optional(),
    }),
    overdue: z.boolean(),
    extensions: z.strictObject({
      granted: z.number().int().min(0),
      requested: z.number().int().min(0),
      pending: z
        .strictObject({ length: durationSchema, reason: z.string(), requestedAt: instant })
        .optional(),
    }),
    returnRequest: z
      .strictObject({ reason: z.string(), legalBasis: z.string(), requestedAt: instant })
      .optional(),
    plan: z
      .strictObject({
        leader: z.string(),
        contact: z.string(),
        progress: z.string(),
        plan: z.string(),
        at: instant,
      })
      .optional(),
    requesterInformedAt: instant.optional(),
    signOff: z.strictObject({ by: actorSchema, at: instant }).optional(),
    reply: z
      .strictObject({
        summary: z.string(),
        report: z.string().optional(),
        signedOffBy: actorSchema.optional(),
        at: instant,
      })
      .optional(),
    extensionToldAt: instant.optional(),
    reworkCount: z.number().int().min(0),
    callback: z.strictObject({
      attempts: z.array(z.strictObject({ at: instant, outcome: callbackOutcome })),
      satisfaction: satisfaction.optional(),
      judgedOnLaw: z.boolean(),
    }),
    supervision: z.strictObject({ open: z.array(supervisionReason) }),
    escalations: z.array(z.string()),
    abuseFlagged: z.boolean(),
    timersFired: z.array(z.string()),
  })
  .meta({ id: 'Ticket' });

/** One event type: the envelope every event has, and its own fields. */
const event = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z
    .strictObject({
      type: z.literal(type),
      at: instant,
      by: actorSchema,
      policy: policyRef,
      seq: z.number().int().min(1).meta({ description: 'position in the ticket history' }),
      ...shape,
    })
    .meta({ id: type });

const clocks = z.array(clockSchema);

export const ticketEventSchema = z
  .discriminatedUnion('type', [
    event('TicketRegistered', {
      ticketId: z.uuid(),
      channel: channelSchema,
      requestType: z.string(),
      category: z.string(),
      regionId: z.string().optional(),
      content: z.string(),
      requester: requesterSchema,
      needsVerification: z.boolean(),
      repeatOf: z.string().optional(),
      subject: subject.optional(),
      priority: z.string(),
      priorReports: z
        .strictObject({ sameRequester: z.number().int(), sameMatter: z.number().int() })
        .optional()
        .meta({
          description:
            'earlier reports the registration was decided on (AH:20(六)): none; the exact count follows on the event stream within seconds and opens the supervision it calls for',
        }),
    }),
    event('TicketVerified', { note: z.string().optional() }),
    event('TicketRefused', {
      ground: z.string(),
      basis: z.string(),
      explanation: z.string(),
      referral: referralSchema.optional(),
    }),
    event('AnsweredOnSpot', {
      answer: z.string(),
      method: answerMethod,
      citations: citationsSchema.optional(),
      clocks,
    }),
    event('TicketDispatched', {
      leadUnit: z.string(),
      coUnits: z.array(z.string()),
      level: unitLevel,
      classId: z.string().optional(),
      priority: z.string(),
      firstLimit: durationSchema.optional(),
      limitBasis: z.string(),
      legalLimit: legalLimit.optional(),
      handDown: handDown.optional(),
      urgent: z.boolean().optional(),
      clocks,
    }),
    event('TicketRedispatched', {
      fromUnit: z.string(),
      toUnit: z.string(),
      level: unitLevel,
      reason: z.string(),
      clocks,
    }),
    event('TicketSigned', { clocks, urgentLeads: urgentLeads.optional() }),
    event('RequesterContacted', { method: z.string(), note: z.string().optional(), late: z.boolean() }),
    event('ReturnRequested', {
      reason: z.string(),
      legalBasis: z.string(),
      approvedBy: actorSchema.optional(),
    }),
    event('ReturnApproved', { note: z.string(), fromUnit: z.string() }),
    event('ReturnRefused', { note: z.string() }),
    event('ReturnWindowClosed', { clockId: z.string() }),
    event('ExtensionRequested', { length: durationSchema, reason: z.string() }),
    event('ExtensionApproved', { note: z.string(), length: durationSchema, clocks }),
    event('ExtensionRefused', { note: z.string() }),
    event('PlanSubmitted', {
      leader: z.string(),
      contact: z.string(),
      progress: z.string(),
      plan: z.string(),
    }),
    event('DeadlineSet', { clocks }),
    event('DisagreementReported', { note: z.string() }),
    event('RequesterInformed', { summary: z.string() }),
    event('ReplySignedOff', { note: z.string().optional() }),
    event('UnitReplied', {
      summary: z.string(),
      report: z.string().optional(),
      signedOffBy: actorSchema.optional(),
    }),
    event('RequesterToldOfExtension', {
      method: z.string(),
      note: z.string().optional(),
      deadline: instant,
      late: z.boolean(),
    }),
    event('LeaderInstructionRecorded', { leader: z.string(), instruction: z.string() }),
    event('CoordinationHeld', {
      units: z.array(z.string()),
      tasks: z.array(z.strictObject({ unitId: z.string(), task: z.string() })),
    }),
    event('CoordinationTaskDone', { unitId: z.string(), result: z.string() }),
    event('TicketHandedOver', {
      body: z.string(),
      bodyName: z.string(),
      approvedBy: z.string(),
      note: z.string(),
      basis: z.string(),
    }),
    event('ReplyApproved', { note: z.string(), clocks }),
    event('ReplySentBack', { note: z.string(), clocks }),
    event('CallbackAttempted', {
      attempt: z.number().int().min(1),
      outcome: callbackOutcome,
      comment: z.string().optional(),
    }),
    event('SatisfactionRecorded', { satisfaction, judgedOnLaw: z.boolean() }),
    event('ReworkOrdered', { note: z.string(), clocks }),
    event('AssessmentRequested', { mediationNote: z.string() }),
    event('AssessmentRecorded', {
      finding: z.enum(['unitUpheld', 'requesterUpheld']),
      assessor: z.string(),
      note: z.string(),
    }),
    event('SupervisionOpened', { reason: supervisionReason, note: z.string() }),
    event('SupervisionClosed', { reason: supervisionReason, note: z.string() }),
    event('ReminderSent', {
      clockId: z.string(),
      deadline: instant,
      reason: z.enum(['reminder', 'extensionWindowOpens', 'extensionNotice']).optional(),
    }),
    event('ContactWindowMissed', { clockId: z.string(), deadline: instant }),
    event('CallbackDue', { attempt: z.number().int().min(1) }),
    event('TimerFired', { timerId: z.string(), clockId: z.string(), kind: z.string() }),
    event('TicketOverdue', { clockId: z.string(), deadline: instant }),
    event('Escalated', { level: escalationLevel, clockId: z.string() }),
    event('AbuseFlagged', { note: z.string() }),
    event('TicketReopened', { reason: z.string() }),
    event('TicketArchived', {}),
    event('TicketMerged', { mainTicketId: z.string(), reason: z.string() }),
    event('DuplicateRecorded', { ticketId: z.string(), merged: z.boolean() }),
    event('TicketUnmerged', { mainTicketId: z.string(), reason: z.string() }),
    event('MainTicketCompleted', { mainTicketId: z.string(), summary: z.string(), clocks }),
    event('DeadlinesRecomputed', {
      year: z.number().int(),
      schedule: z.string(),
      changes: z.array(
        z.strictObject({
          kind: z.string(),
          oldClockId: z.string(),
          oldDeadline: instant,
          newDeadline: instant,
          provisional: z.boolean(),
        }),
      ),
      clocks,
    }),
  ])
  .meta({ id: 'TicketEvent' });

const cursor = z
  .string()
  .nullable()
  .meta({ description: 'pass as `cursor` for the next page; null on the last page' });

/** GET /v1/tickets/{id}: the ticket as the reader may see it. */
export const ticketViewSchema = z
  .strictObject({
    ticket: ticketSchema,
    ticketNo: z.string().regex(/^\d{14}$/),
    personalData: z
      .enum(['full', 'masked', 'hidden'])
      .meta({ description: 'how much of the requester the reader sees (a full read is audited, AH:34-35)' }),
  })
  .meta({ id: 'TicketView' });
export type TicketViewBody = z.input<typeof ticketViewSchema>;

/** POST /v1/tickets/{id}/{action}: the ticket after the command, and the events it caused. */
export const commandResultSchema = ticketViewSchema
  .extend({ events: z.array(z.string()).meta({ description: 'the types of the events the command caused' }) })
  .meta({ id: 'CommandResult' });

export const eventPageSchema = z
  .strictObject({ items: z.array(ticketEventSchema), cursor })
  .meta({ id: 'EventPage' });

/** Who read a requester's full personal data, and when (AH:34-35): the auditor's list. */
export const personalDataReadPageSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        actorId: z.string().meta({ description: 'the staff member who read it (the token subject)' }),
        role: z.string().meta({ description: 'their role at the time' }),
        at: z.string().meta({ description: 'when, in Asia/Shanghai time with its offset' }),
      }),
    ),
    cursor,
  })
  .meta({ id: 'PersonalDataReadPage' });

export const inboxPageSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        id: z.uuid(),
        ticketNo: z.string(),
        status: z.enum(TICKET_STATUSES),
        type: z.string(),
        category: z.string(),
        classId: z.string().optional(),
        deadline: instant.nullable(),
        overdue: z.boolean(),
      }),
    ),
    cursor,
  })
  .meta({ id: 'InboxPage' });

/** GET /v1/progress/{ticketNo}: what a requester sees (AH:19); no personal data. */
export const progressSchema = z
  .strictObject({
    ticketNo: z.string(),
    status: z.enum(TICKET_STATUSES),
    type: z.string(),
    receivedAt: instant,
    deadline: z.strictObject({ at: instant, provisional: z.boolean() }).nullable(),
    refusal: z
      .strictObject({ basis: z.string(), explanation: z.string(), referral: referralSchema.optional() })
      .optional(),
    steps: z.array(z.strictObject({ step: z.string(), at: instant, deadline: instant.optional() })),
  })
  .meta({ id: 'Progress' });
export type Progress = z.input<typeof progressSchema>;

// The document must say everything the server sends: a field or an event added to the domain and
// not described here fails the build at these lines, naming what is missing.
type TicketInput = z.input<typeof ticketSchema>;
type EventInput = z.input<typeof ticketEventSchema>;
type Verdict<T, I> = [T] extends [I]
  ? [Exclude<keyof T, keyof I>] extends [never]
    ? 'described'
    : { undescribed: Exclude<keyof T, keyof I> }
  : 'not assignable to its schema';
type EachEvent<E> = E extends { type: infer T }
  ? Verdict<E, Extract<EventInput, { type: T }>> extends 'described'
    ? never
    : { event: T; verdict: Verdict<E, Extract<EventInput, { type: T }>> }
  : never;
type EventVerdict<E> = [EachEvent<E>] extends [never] ? 'described' : EachEvent<E>;
const describes = <T>(_verdict: T) => _verdict;
describes<Verdict<Ticket, TicketInput>>('described');
describes<Verdict<Clock, z.input<typeof clockSchema>>>('described');
describes<EventVerdict<TicketEvent & { seq: number }>>('described');
