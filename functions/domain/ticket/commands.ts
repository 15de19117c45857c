import { z } from 'zod';
import { channelSchema, durationSchema, refusalGroundSchema } from '../policy/index.ts';
import { SUPERVISION_REASONS, UNIT_LEVELS } from './types.ts';

/**
 * Every command the decider takes, as zod schemas: the API parses requests with them and the
 * OpenAPI document is generated from them. Rules that need the ticket or the policy live in the
 * decider; these schemas check only the shape of one request.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const unitId = text(64);
const instant = z.iso.datetime({ offset: true });

export const registerCommand = z.strictObject({
  action: z.literal('register'),
  channel: channelSchema,
  type: text(32),
  category: text(64),
  regionId: text(64).optional(),
  content: text(4000),
  requester: z.strictObject({
    name: text(64).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9]{5,20}$/, 'a phone number is 5 to 20 digits, optionally starting with +')
      .optional(),
    anonymous: z.boolean().default(false),
    confidential: z.boolean().default(false),
  }),
  /** Earlier tickets found by the intake handler: same requester, and same matter in the window. */
  priorReports: z
    .strictObject({ sameRequester: z.number().int().min(0), sameMatter: z.number().int().min(0) })
    .default({ sameRequester: 0, sameMatter: 0 }),
});

export const verifyCommand = z.strictObject({ action: z.literal('verify'), note: text(1000).optional() });

export const refuseCommand = z.strictObject({
  action: z.literal('refuse'),
  ground: refusalGroundSchema,
  explanation: text(2000),
  referral: z.strictObject({ body: text(200), contact: text(100).optional() }).optional(),
});

export const answerOnSpotCommand = z.strictObject({
  action: z.literal('answerOnSpot'),
  answer: text(4000),
  method: z.enum(['knowledgeBase', 'threeWayCall']),
});

export const dispatchCommand = z.strictObject({
  action: z.literal('dispatch'),
  leadUnit: unitId,
  coUnits: z.array(unitId).max(20).default([]),
  level: z.enum(UNIT_LEVELS),
  classId: text(16).optional(),
  priority: text(32).optional(),
  /** A law's own limit wins over the policy's (AH:17(三)). */
  legalLimit: z.strictObject({ limit: durationSchema, basis: text(200) }).optional(),
});

export const redispatchCommand = z.strictObject({
  action: z.literal('redispatch'),
  toUnit: unitId,
  level: z.enum(UNIT_LEVELS),
  reason: text(1000),
});

export const signCommand = z.strictObject({ action: z.literal('sign') });

export const recordContactCommand = z.strictObject({
  action: z.literal('recordContact'),
  method: z.enum(['phone', 'sms', 'visit', 'other']),
  note: text(1000).optional(),
});

export const requestReturnCommand = z.strictObject({
  action: z.literal('requestReturn'),
  reason: text(2000),
  legalBasis: text(1000),
  approvedBy: text(64).optional(),
});

export const decideReturnCommand = z.strictObject({
  action: z.literal('decideReturn'),
  approve: z.boolean(),
  note: text(1000),
});

export const requestExtensionCommand = z.strictObject({
  action: z.literal('requestExtension'),
  length: durationSchema,
  reason: text(2000),
});

export const decideExtensionCommand = z.strictObject({
  action: z.literal('decideExtension'),
  approve: z.boolean(),
  note: text(1000),
});

export const submitPlanCommand = z.strictObject({
  action: z.literal('submitPlan'),
  leader: text(64),
  contact: text(64),
  progress: text(2000),
  plan: text(4000),
});

export const setDeadlineCommand = z.strictObject({ action: z.literal('setDeadline'), deadline: instant });

export const reportDisagreementCommand = z.strictObject({
  action: z.literal('reportDisagreement'),
  note: text(2000),
});

export const informRequesterCommand = z.strictObject({
  action: z.literal('informRequester'),
  summary: text(4000),
});

export const replyCommand = z.strictObject({
  action: z.literal('reply'),
  summary: text(4000),
  signedOffBy: text(64).optional(),
});

export const reviewCommand = z.strictObject({
  action: z.literal('review'),
  approve: z.boolean(),
  note: text(2000),
});

export const recordCallbackCommand = z.strictObject({
  action: z.literal('recordCallback'),
  outcome: z.enum(['answered', 'unanswered']),
  satisfied: z.boolean().optional(),
  comment: text(2000).optional(),
});

export const orderReworkCommand = z.strictObject({ action: z.literal('orderRework'), note: text(2000) });

export const referToAssessmentCommand = z.strictObject({
  action: z.literal('referToAssessment'),
  mediationNote: text(2000),
});

export const recordAssessmentCommand = z.strictObject({
  action: z.literal('recordAssessment'),
  finding: z.enum(['unitUpheld', 'requesterUpheld']),
  assessor: text(200),
  note: text(2000),
});

export const openSupervisionCommand = z.strictObject({
  action: z.literal('openSupervision'),
  reason: z.enum(SUPERVISION_REASONS),
  note: text(2000),
});

export const closeSupervisionCommand = z.strictObject({
  action: z.literal('closeSupervision'),
  reason: z.enum(SUPERVISION_REASONS),
  note: text(2000),
});

export const remindCommand = z.strictObject({ action: z.literal('remind'), clockId: text(64) });
export const markOverdueCommand = z.strictObject({ action: z.literal('markOverdue'), clockId: text(64) });
export const closeReturnWindowCommand = z.strictObject({
  action: z.literal('closeReturnWindow'),
  clockId: text(64),
});
export const escalateCommand = z.strictObject({
  action: z.literal('escalate'),
  level: z.enum(['centreLeader', 'inspectionOffice']),
  clockId: text(64),
});

/** Fires a planned timer (timers.ts): what the state machines and the sweeper send. */
export const fireTimerCommand = z.strictObject({ action: z.literal('fireTimer'), timerId: text(200) });

export const flagAbuseCommand = z.strictObject({ action: z.literal('flagAbuse'), note: text(2000) });
export const reopenCommand = z.strictObject({ action: z.literal('reopen'), reason: text(2000) });
export const archiveCommand = z.strictObject({ action: z.literal('archive') });

export const commandSchema = z.discriminatedUnion('action', [
  registerCommand,
  verifyCommand,
  refuseCommand,
  answerOnSpotCommand,
  dispatchCommand,
  redispatchCommand,
  signCommand,
  recordContactCommand,
  requestReturnCommand,
  decideReturnCommand,
  requestExtensionCommand,
  decideExtensionCommand,
  submitPlanCommand,
  setDeadlineCommand,
  reportDisagreementCommand,
  informRequesterCommand,
  replyCommand,
  reviewCommand,
  recordCallbackCommand,
  orderReworkCommand,
  referToAssessmentCommand,
  recordAssessmentCommand,
  openSupervisionCommand,
  closeSupervisionCommand,
  remindCommand,
  markOverdueCommand,
  closeReturnWindowCommand,
  escalateCommand,
  fireTimerCommand,
  flagAbuseCommand,
  reopenCommand,
  archiveCommand,
]);

export type Command = z.output<typeof commandSchema>;
export type CommandInput = z.input<typeof commandSchema>;
export type Action = Command['action'];
export type CommandOf<A extends Action> = Extract<Command, { action: A }>;
