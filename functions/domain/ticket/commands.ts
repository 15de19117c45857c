import { channelSchema, type Duration, refusalGroundSchema } from '../policy/index.ts';
import { z } from '../zod.ts';
import { SUPERVISION_REASONS, UNIT_LEVELS } from './types.ts';

/**
 * Every command the decider takes, as zod schemas: the API parses requests with them and the
 * OpenAPI document is generated from them (`commandSchema`, command-schema.ts, is all of them as one
 * union). Rules that need the ticket or the policy live in the decider; these schemas check only the
 * shape of one request.
 */

/**
 * Text that is not blank: the pattern says so in the document, where `trim` cannot. The three
 * checks are added at once (one schema built, not one per check).
 */
const text = (max: number) => z.string().check(z.trim(), z.maxLength(max), z.regex(/\S/, 'may not be blank'));
const unitId = () => text(64);

/** The longest limits a command may give: within them every deadline falls inside the calendar (to 2099). */
export const MAX_COMMAND_WORKING_DAYS = 1000;
export const MAX_COMMAND_HOURS = 8760;

/** A duration a command gives (a law's own limit, an extension), bounded as above. */
const commandDuration = () =>
  z.union([
    z.strictObject({ workingDays: z.number().check(z.int(), z.gte(1), z.lte(MAX_COMMAND_WORKING_DAYS)) }),
    z.strictObject({
      hours: z.number().check(z.positive(), z.lte(MAX_COMMAND_HOURS)),
      mode: z._default(z.enum(['calendar', 'working']), 'calendar'),
    }),
  ]) satisfies z.ZodMiniType<Duration>;
const instant = () => z.iso.datetime({ offset: true });

const registerCommand = () =>
  z.strictObject({
    action: z.literal('register'),
    channel: channelSchema,
    type: text(32),
    category: text(64),
    regionId: z.optional(text(64)),
    content: text(4000),
    requester: z.strictObject({
      name: z.optional(text(64)),
      phone: z.optional(
        z
          .string()
          .check(z.regex(/^\+?[0-9]{5,20}$/, 'a phone number is 5 to 20 digits, optionally starting with +')),
      ),
      anonymous: z._default(z.boolean(), false),
      confidential: z._default(z.boolean(), false),
    }),
    /** A complaint or tip-off about a unit or a person (TN:20; AH:34): never shown to its subject. */
    subject: z.optional(
      z
        .strictObject({ unitId: z.optional(unitId()), person: z.optional(text(64)) })
        .check(
          z.refine((s) => s.unitId !== undefined || s.person !== undefined, 'name the unit or the person'),
        ),
    ),
    /** The responsible body or the facts are unclear: verified before dispatch (AH:11). */
    unclear: z.optional(z.boolean()),
    /** An earlier ticket on the same matter, linked by the agent (AH:20(六)). */
    repeatOf: z.optional(text(64)),
    /**
     * Earlier reports in the window the registration is decided on: `sameRequester` counts the same
     * requester on the same matter (same category and region, or linked), `sameMatter` everyone on
     * it. Intake registers with none; the stream's exact count opens what they call for
     * (functions/app/count-reports.ts).
     */
    priorReports: z._default(
      z.strictObject({
        sameRequester: z.number().check(z.int(), z.gte(0)),
        sameMatter: z.number().check(z.int(), z.gte(0)),
      }),
      { sameRequester: 0, sameMatter: 0 },
    ),
  });

const verifyCommand = () => z.strictObject({ action: z.literal('verify'), note: z.optional(text(1000)) });

const refuseCommand = () =>
  z.strictObject({
    action: z.literal('refuse'),
    ground: refusalGroundSchema,
    explanation: text(2000),
    referral: z.optional(z.strictObject({ body: text(200), contact: z.optional(text(100)) })),
  });

/** A knowledge-base entry an answer on the spot comes from (AH:12(一)); version = its published one. */
const citationSchema = () =>
  z.strictObject({
    entryId: text(64),
    version: z.optional(z.int().check(z.positive())),
    /** Filled from the entry when the answer is recorded. */
    title: z.optional(text(200)),
  });

const answerOnSpotCommand = () =>
  z.strictObject({
    action: z.literal('answerOnSpot'),
    /** With `knowledgeBase` and citations, absent = the cited entry's standard answer. */
    answer: z.optional(text(4000)),
    method: z.enum(['knowledgeBase', 'threeWayCall']),
    citations: z.optional(z.array(citationSchema()).check(z.minLength(1), z.maxLength(5))),
  });

const dispatchCommand = () =>
  z.strictObject({
    action: z.literal('dispatch'),
    leadUnit: unitId(),
    coUnits: z._default(z.array(unitId()).check(z.maxLength(20)), []),
    level: z.enum(UNIT_LEVELS),
    classId: z.optional(text(16)),
    priority: z.optional(text(32)),
    /** A law's own limit wins over the policy's (AH:17(三)). */
    legalLimit: z.optional(z.strictObject({ limit: commandDuration(), basis: text(200) })),
    /** 交办 (TN:12(三)): the management office hands a complex matter down, approved by its deputy leader, with its own deadline. */
    handDown: z.optional(z.strictObject({ approvedBy: text(64), deadline: instant() })),
  });

/** 会办 (TN:12(四)): a coordination meeting, with the units present and the task each one takes. */
const recordCoordinationCommand = () =>
  z.strictObject({
    action: z.literal('recordCoordination'),
    units: z.array(unitId()).check(z.minLength(1), z.maxLength(20)),
    tasks: z
      .array(z.strictObject({ unitId: unitId(), task: text(2000) }))
      .check(z.minLength(1), z.maxLength(20)),
  });

/** A unit reports its task of a coordination meeting done (TN:12(四)). */
const reportTaskCommand = () =>
  z.strictObject({
    action: z.literal('reportTask'),
    unitId: unitId(),
    result: text(2000),
  });

/** 并单: the centre merges this ticket into a main ticket on the same matter. */
const mergeIntoCommand = () =>
  z.strictObject({
    action: z.literal('mergeInto'),
    mainTicketId: text(64),
    reason: text(1000),
  });

/** The main ticket records a duplicate merged into it, or taken out again. */
const recordDuplicateCommand = () =>
  z.strictObject({
    action: z.literal('recordDuplicate'),
    ticketId: text(64),
    merged: z.boolean(),
  });

/** 并单 undone for a mistake: the duplicate is a ticket of its own again. */
const unmergeCommand = () => z.strictObject({ action: z.literal('unmerge'), reason: text(1000) });

/** The main ticket is completed: its result reaches each duplicate, whose own callback starts. */
const mainCompletedCommand = () =>
  z.strictObject({
    action: z.literal('mainCompleted'),
    summary: text(4000),
  });

/** Hand-over to a discipline, organisation or political-legal body (PDS:25), approved by the office's leader. */
const handOverCommand = () =>
  z.strictObject({
    action: z.literal('handOver'),
    body: z.enum(['discipline', 'organisation', 'politicalLegal']),
    bodyName: text(200),
    approvedBy: text(64),
    note: text(2000),
  });

const redispatchCommand = () =>
  z.strictObject({
    action: z.literal('redispatch'),
    toUnit: unitId(),
    level: z.enum(UNIT_LEVELS),
    reason: text(1000),
  });

/** Signing for the ticket; an urgent class names its leader in charge and person responsible (PDS:8 D). */
const signCommand = () =>
  z.strictObject({
    action: z.literal('sign'),
    leader: z.optional(text(64)),
    responsible: z.optional(text(64)),
  });

const recordContactCommand = () =>
  z.strictObject({
    action: z.literal('recordContact'),
    method: z.enum(['phone', 'sms', 'visit', 'other']),
    note: z.optional(text(1000)),
  });

const requestReturnCommand = () =>
  z.strictObject({
    action: z.literal('requestReturn'),
    reason: text(2000),
    legalBasis: text(1000),
  });

const decideReturnCommand = () =>
  z.strictObject({
    action: z.literal('decideReturn'),
    approve: z.boolean(),
    note: text(1000),
  });

const requestExtensionCommand = () =>
  z.strictObject({
    action: z.literal('requestExtension'),
    length: commandDuration(),
    reason: text(2000),
  });

const decideExtensionCommand = () =>
  z.strictObject({
    action: z.literal('decideExtension'),
    approve: z.boolean(),
    note: text(1000),
  });

const submitPlanCommand = () =>
  z.strictObject({
    action: z.literal('submitPlan'),
    leader: text(64),
    contact: text(64),
    progress: text(2000),
    plan: text(4000),
  });

const setDeadlineCommand = () => z.strictObject({ action: z.literal('setDeadline'), deadline: instant() });

const reportDisagreementCommand = () =>
  z.strictObject({
    action: z.literal('reportDisagreement'),
    note: text(2000),
  });

const informRequesterCommand = () =>
  z.strictObject({
    action: z.literal('informRequester'),
    summary: text(4000),
  });

/** The unit head signs off the result before the reply (AH:24; TN:13(二)). */
const signOffCommand = () => z.strictObject({ action: z.literal('signOff'), note: z.optional(text(1000)) });

const replyCommand = () =>
  z.strictObject({
    action: z.literal('reply'),
    summary: text(4000),
    /** The special report of an urgent class (PDS:8 D 专题报告) or the written report on a leader's instruction (TN:13(二)). */
    report: z.optional(text(8000)),
  });

/** The unit tells the requester a granted extension's new deadline and reason (PDS:9; JZ:四(三)). */
const informExtensionCommand = () =>
  z.strictObject({
    action: z.literal('informExtension'),
    method: z.enum(['phone', 'sms', 'visit', 'other']),
    note: z.optional(text(1000)),
  });

/** A leader's instruction on the matter (领导批示; AH:20(一); TN:12(三), 13(二)). */
const recordInstructionCommand = () =>
  z.strictObject({
    action: z.literal('recordInstruction'),
    leader: text(64),
    instruction: text(4000),
  });

const reviewCommand = () =>
  z.strictObject({
    action: z.literal('review'),
    approve: z.boolean(),
    note: text(2000),
  });

const recordCallbackCommand = () =>
  z.strictObject({
    action: z.literal('recordCallback'),
    outcome: z.enum(['answered', 'unanswered']),
    satisfied: z.optional(z.boolean()),
    comment: z.optional(text(2000)),
  });

const orderReworkCommand = () => z.strictObject({ action: z.literal('orderRework'), note: text(2000) });

const referToAssessmentCommand = () =>
  z.strictObject({
    action: z.literal('referToAssessment'),
    mediationNote: text(2000),
  });

const recordAssessmentCommand = () =>
  z.strictObject({
    action: z.literal('recordAssessment'),
    finding: z.enum(['unitUpheld', 'requesterUpheld']),
    assessor: text(200),
    note: text(2000),
  });

const openSupervisionCommand = () =>
  z.strictObject({
    action: z.literal('openSupervision'),
    reason: z.enum(SUPERVISION_REASONS),
    note: text(2000),
  });

const closeSupervisionCommand = () =>
  z.strictObject({
    action: z.literal('closeSupervision'),
    reason: z.enum(SUPERVISION_REASONS),
    note: text(2000),
  });

const remindCommand = () => z.strictObject({ action: z.literal('remind'), clockId: text(64) });
const markOverdueCommand = () => z.strictObject({ action: z.literal('markOverdue'), clockId: text(64) });
const closeReturnWindowCommand = () =>
  z.strictObject({
    action: z.literal('closeReturnWindow'),
    clockId: text(64),
  });
const escalateCommand = () =>
  z.strictObject({
    action: z.literal('escalate'),
    level: z.enum(['centreLeader', 'inspectionOffice']),
    clockId: text(64),
  });

/**
 * Counts the provisional deadlines again once the schedule of `year` is loaded (official notice or
 * operator schedule): what the recompute job sends to each open ticket.
 */
const recomputeDeadlinesCommand = () =>
  z.strictObject({
    action: z.literal('recomputeDeadlines'),
    year: z.number().check(z.int(), z.gte(2000), z.lte(2099)),
    schedule: text(100),
  });

/** Fires a planned timer (timers.ts): what the state machines and the sweeper send. */
const fireTimerCommand = () => z.strictObject({ action: z.literal('fireTimer'), timerId: text(200) });

const flagAbuseCommand = () => z.strictObject({ action: z.literal('flagAbuse'), note: text(2000) });
const reopenCommand = () => z.strictObject({ action: z.literal('reopen'), reason: text(2000) });
const archiveCommand = () => z.strictObject({ action: z.literal('archive') });

/**
 * Every command's schema by its action, in the order the API and the OpenAPI document list them. Each
 * is built the first time it is asked for (`commandSchemaFor`): a function parses one kind of command
 * per request, and a cold start need not build the rest.
 */
const COMMANDS = {
  register: registerCommand,
  verify: verifyCommand,
  refuse: refuseCommand,
  answerOnSpot: answerOnSpotCommand,
  dispatch: dispatchCommand,
  redispatch: redispatchCommand,
  sign: signCommand,
  recordContact: recordContactCommand,
  requestReturn: requestReturnCommand,
  decideReturn: decideReturnCommand,
  requestExtension: requestExtensionCommand,
  decideExtension: decideExtensionCommand,
  submitPlan: submitPlanCommand,
  setDeadline: setDeadlineCommand,
  reportDisagreement: reportDisagreementCommand,
  informRequester: informRequesterCommand,
  signOff: signOffCommand,
  reply: replyCommand,
  informExtension: informExtensionCommand,
  recordInstruction: recordInstructionCommand,
  recordCoordination: recordCoordinationCommand,
  reportTask: reportTaskCommand,
  handOver: handOverCommand,
  mergeInto: mergeIntoCommand,
  recordDuplicate: recordDuplicateCommand,
  unmerge: unmergeCommand,
  mainCompleted: mainCompletedCommand,
  review: reviewCommand,
  recordCallback: recordCallbackCommand,
  orderRework: orderReworkCommand,
  referToAssessment: referToAssessmentCommand,
  recordAssessment: recordAssessmentCommand,
  openSupervision: openSupervisionCommand,
  closeSupervision: closeSupervisionCommand,
  remind: remindCommand,
  markOverdue: markOverdueCommand,
  closeReturnWindow: closeReturnWindowCommand,
  escalate: escalateCommand,
  fireTimer: fireTimerCommand,
  recomputeDeadlines: recomputeDeadlinesCommand,
  flagAbuse: flagAbuseCommand,
  reopen: reopenCommand,
  archive: archiveCommand,
};
type CommandSchemas = { [A in keyof typeof COMMANDS]: ReturnType<(typeof COMMANDS)[A]> };

export type Action = keyof typeof COMMANDS;

/** The schemas built so far, by action. */
const built = new Map<Action, AnyCommandSchema>();

/** The schema of the command `action`. */
export function commandSchemaFor<A extends Action>(action: A): CommandSchemas[A] {
  let schema = built.get(action);
  if (!schema) {
    schema = COMMANDS[action]();
    built.set(action, schema);
  }
  return schema as CommandSchemas[A];
}

/** Every command's schema, in the order of `COMMANDS`. */
export function everyCommandSchema(): AnyCommandSchema[] {
  return (Object.keys(COMMANDS) as Action[]).map(commandSchemaFor);
}

export type Command = { [A in Action]: z.output<CommandSchemas[A]> }[Action];
export type CommandInput = { [A in Action]: z.input<CommandSchemas[A]> }[Action];
export type CommandOf<A extends Action> = Extract<Command, { action: A }>;
/** The schema of any command, as a union of all of them. */
export type AnyCommandSchema = CommandSchemas[Action];
