import { z } from 'zod';
import { durationSchema, positiveInt } from './duration-schema.ts';
import { channelSchema, refusalGroundSchema } from './primitives.ts';

export * from './duration-schema.ts';
export * from './primitives.ts';

/**
 * The policy of one hotline: every number and choice the regulations leave to a place.
 * The domain reads nothing else; presets in ./presets hold one policy per regulation.
 */

/** Article reference, e.g. `AH:17` or `PDS:8`, or `default` with a reason in the preset's comment. */
const basis = z.string().min(1, 'cite the article this value comes from (e.g. "AH:17")');

/** A delay that may be zero (an escalation step the moment a deadline passes). */
const delaySchema = z.union([durationSchema, z.strictObject({ hours: z.literal(0) })]);

/**
 * A handling limit: a duration; `immediate` (handled at once by the unit's head — PDS:8 class D — still
 * with a clock, `within`, so that reminders, overdue marks and escalation reach the most urgent class);
 * or `centreSets` (the unit reports a plan within `plan`, then the centre sets the deadline — PDS:8 class C).
 */
export const limitSchema = z.union([
  durationSchema,
  z.strictObject({ immediate: z.literal(true), within: durationSchema }),
  z.strictObject({ centreSets: z.literal(true), plan: durationSchema }),
]);
export type Limit = z.infer<typeof limitSchema>;

const idSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'ids are letters, digits and dashes');

const limitRuleSchema = z.strictObject({
  /** Conditions are ANDed; an absent condition matches anything. */
  when: z
    .strictObject({
      types: z.array(idSchema).nonempty().optional(),
      classes: z.array(idSchema).nonempty().optional(),
      channels: z.array(channelSchema).nonempty().optional(),
    })
    .default({}),
  limit: limitSchema,
  basis,
});

/** A step of the sanctions ladder: reached on `consecutive` interviews in a row or `inYear` in a year. */
const escalationSchema = z.strictObject({
  consecutive: positiveInt,
  inYear: positiveInt,
  /** The article a sanction on this ground cites; the ranking's `basis` when absent. */
  basis: basis.optional(),
});

const weight = z.number().min(0, 'a weight is a number ≥ 0');

/**
 * The score of a unit for a period: 100 × Σ weight × rate ÷ Σ weight over the rates the unit has
 * something to measure for. The weights are the policy's; a seed that names no weights gets declared
 * defaults that an operator overrides with a policy file.
 */
export const assessmentSchema = z.strictObject({
  weights: z
    .strictObject({
      /** 按时办结率: tickets finished whose reply met the handling deadline (AH:27; PDS:26). */
      onTime: weight,
      /** 满意率: satisfied and deemed satisfied over all rated; matters judged on the law left out (AH:25). */
      satisfaction: weight,
      /** Requester contacted within the window (AH:15). */
      contact: weight,
      /** Finished without being sent back or reworked. */
      firstPass: weight,
      /** Dispatched tickets without a return refused as improper (AH:22; PDS:11). */
      properReturns: weight,
      /**
       * Knowledge-base upkeep (知识库更新维护, AH:26; CZ:二(六)): entries reviewed by their review-by
       * date and corrections answered in time, over those plus entries gone stale and corrections
       * gone overdue.
       */
      knowledgeUpkeep: weight,
    })
    .refine((w) => Object.values(w).some((v) => v > 0), 'at least one weight must be above 0'),
  /** A unit with fewer finished or rated tickets in the period is listed but not ranked. */
  minimumTickets: z.number().int().min(0),
  /** The period a score covers and the ranking is published for. */
  period: z.literal('month'),
  basis,
});
export type AssessmentPolicy = z.infer<typeof assessmentSchema>;

/**
 * The analysis reports (PDS:19; AH:33) and their hot topics. The seeds give no numbers: these are
 * declared defaults; a cluster's floor of 5 follows AH:20(六)'s 5人次.
 */
export const reportsSchema = z.strictObject({
  /** How many risers a report lists per dimension. */
  topN: positiveInt,
  /** Periods of the same kind before the previous one whose mean is a value's own baseline. */
  baselinePeriods: positiveInt,
  /** Sudden clusters (突发性: the last day; 苗头性: the last 7 days) of one category in one region. */
  clusters: z.strictObject({
    /** At least this many tickets in the window… */
    minCount: positiveInt,
    /** …and at least `factor` times the baseline for a window of that length. */
    factor: z.number().gt(1),
    /** The days before the window whose mean count is the baseline. */
    baselineDays: positiveInt,
  }),
  /**
   * TN:6(八): each unit sends its own monthly analysis to the centre by day `dueDay` of the next
   * month; the monthly close notes the units that did not, and counts it (`analysisMissed`). Null:
   * no such duty.
   */
  unitAnalysis: z.strictObject({ dueDay: z.number().int().min(1).max(28), basis }).nullable(),
  basis,
});
export type ReportsPolicy = z.infer<typeof reportsSchema>;

export const DEFAULT_REPORTS_POLICY: ReportsPolicy = {
  topN: 5,
  baselinePeriods: 4,
  clusters: { minCount: 5, factor: 3, baselineDays: 28 },
  unitAnalysis: null,
  basis: 'PDS:19; AH:33; AH:20(六) (declared defaults: the seeds give no thresholds)',
};

export const policySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a policy id is lowercase letters, digits and dashes'),
  version: positiveInt,
  name: z.string().min(1),
  regulation: z.string().min(1),

  calendar: z.strictObject({
    /** Civil-procedure default: the day of receipt is not counted. */
    countReceiptDay: z.boolean(),
    workingHours: z
      .array(
        z.strictObject({
          start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
          end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM'),
        }),
      )
      .nonempty(),
  }),

  channels: z.array(channelSchema).nonempty(),
  requestTypes: z.array(z.strictObject({ id: idSchema, name: z.string().min(1) })).nonempty(),
  /** Ticket classes (PDS:8 A–D). Empty when the regulation has none. */
  classes: z.array(z.strictObject({ id: idSchema, name: z.string().min(1) })),
  classRequired: z.boolean(),
  /** Priority marks (AH:24 重点/一般). */
  priorities: z.array(idSchema).nonempty(),
  refusalGrounds: z.array(z.strictObject({ ground: refusalGroundSchema, basis })).nonempty(),

  /** Handling limits: the first rule whose `when` matches wins; the last rule should match everything. */
  handling: z.array(limitRuleSchema).nonempty(),

  /** Acknowledge the requester (AH:15); null when the regulation sets no limit. */
  contact: z.strictObject({ within: durationSchema, basis }).nullable(),

  /** Return (退单) by a unit that thinks the ticket is not its business. */
  returns: z.strictObject({
    within: durationSchema,
    /** After the window the ticket is deemed accepted (AH:16). */
    deemedAcceptedAfterWindow: z.boolean(),
    /**
     * The window runs from the unit's receipt (AH:16 接到转办工单之日起) or from its check-in (PDS:11
     * 查收后), and then, for a unit that never checks in, from dispatch (RULES §10).
     */
    countsFrom: z.enum(['receipt', 'signing']),
    /** The return needs the unit's deputy head's approval (PDS:11). */
    needsUnitHeadApproval: z.boolean(),
    basis,
  }),

  extension: z.strictObject({
    maxCount: z.number().int().min(0),
    /** What `maxCount` counts: applications (AH:18 延期申请不得超过2次) or granted extensions (PDS:9 延期1次). */
    counts: z.enum(['applications', 'grants']),
    /**
     * After a grant the unit tells the requester the new deadline and the reason (PDS:9; JZ:四(三)),
     * within this long, or the unit is reminded. Null: the regulation asks nothing of the kind.
     */
    requesterTold: z.strictObject({ within: durationSchema, basis }).nullable(),
    /** Classes that may be extended; absent = all (PDS:9 names B and C). */
    classes: z.array(idSchema).optional(),
    /** One extension may not exceed the first handling limit (AH:18). */
    notLongerThanFirstLimit: z.boolean(),
    /** A fixed cap on one extension's length; null = none beyond the rule above. */
    maxLength: durationSchema.nullable(),
    /** The request must come at least this long before the deadline; null = any time before it. */
    noLaterThanBeforeDeadline: durationSchema.nullable(),
    /** The request may only come within this long before the deadline; null = from dispatch on. */
    noEarlierThanBeforeDeadline: durationSchema.nullable(),
    basis,
  }),

  /**
   * Channels whose written reply has its own limit (PDS:14: mayor's mailbox, leaders' message board,
   * 10 working days, stamped, checked by the centre before it is published). It replaces the handling
   * limit when that limit is a plain number of working days (`plainWorkingDays`, the reading of
   * RULES §10); an urgent class, an hours limit or a centre-set plan keeps its own clock and the
   * written reply is due on top. `every` replaces every limit (the other reading). Null: none.
   */
  writtenReply: z
    .strictObject({
      channels: z.array(channelSchema).nonempty(),
      within: durationSchema,
      replaces: z.enum(['plainWorkingDays', 'every']),
      basis,
    })
    .nullable(),

  /**
   * Urgent classes handled at once by the unit's head (PDS:8 D): the leader in charge and the person
   * responsible are named when the unit signs for the ticket, and a special report (专题报告) comes
   * with the reply. Null when the regulation has no such class.
   */
  urgent: z
    .strictObject({
      classes: z.array(idSchema).nonempty(),
      namesOnReceipt: z.boolean(),
      reportWithReply: z.boolean(),
      basis,
    })
    .nullable(),

  /**
   * What the key/ordinary mark (AH:24 重点、一般) changes: marks whose tickets are supervised from
   * dispatch. (Their earlier reminders are reminders with `when.priorities`; their sign-off is in `reply`.)
   */
  priorityEffects: z.array(z.strictObject({ priority: idSchema, superviseOnDispatch: z.boolean(), basis })),

  /**
   * A leader's instruction (领导批示) on a matter (AH:20(一); TN:12(三), 13(二)): supervised, and the
   * unit's result comes with a written report.
   */
  instructions: z.strictObject({ supervise: z.boolean(), reportWithReply: z.boolean(), basis }),

  /**
   * Hand-over of a tip-off to a discipline, organisation or political-legal body with the approval of
   * the office's leader, closing the ticket for the hotline (PDS:25). Null: not offered.
   */
  handOver: z
    .strictObject({
      bodies: z.array(z.enum(['discipline', 'organisation', 'politicalLegal'])).nonempty(),
      basis,
    })
    .nullable(),

  /** Reminders (催办) sent to the unit before the handling deadline; `when` narrows them to some tickets. */
  reminders: z.array(
    z.strictObject({
      before: durationSchema,
      when: z
        .strictObject({
          classes: z.array(idSchema).nonempty().optional(),
          priorities: z.array(idSchema).nonempty().optional(),
        })
        .optional(),
      basis,
    }),
  ),

  /** Escalation ladder after the deadline passes, in order. */
  escalation: z.array(
    z.strictObject({
      level: z.enum(['supervision', 'centreLeader', 'inspectionOffice']),
      after: delaySchema,
      basis,
    }),
  ),

  reply: z.strictObject({
    /**
     * Who tells the requester the result: the unit, before it replies to the centre (PDS:13; AH:24),
     * or the platform, after the centre has reviewed the reply (CZ:二(三) 由12345平台统一反馈给来电人).
     */
    informs: z.enum(['unitBeforeReply', 'centreAfterReview']),
    /**
     * Which replies the unit's head or deputy head signs off (AH:24 经主要负责人或分管负责人签批), as an act
     * of that role: tickets with these priority marks, and matters with a leader's instruction
     * (TN:13(二) 分管领导审签). Null: no sign-off.
     */
    signOff: z.strictObject({ priorities: z.array(idSchema), leaderInstructed: z.boolean() }).nullable(),
    basis,
  }),

  callback: z.strictObject({
    within: durationSchema,
    attempts: z.number().int().min(1),
    minGapHours: z.number().min(0),
    /** What the last unanswered attempt records. */
    allUnanswered: z.enum(['deemedSatisfied', 'unreachable']),
    /** Categories judged on the law rather than on satisfaction, e.g. mediation (AH:25). */
    lawJudgedCategories: z.array(z.string().min(1)),
    thirdPartyAssessment: z.boolean(),
    basis,
  }),

  supervision: z.strictObject({
    /** Repeats (AH:20(六)): the same requester on the same matter (same category and region in the window, or linked). */
    repeatCount: positiveInt,
    concentrationCount: positiveInt,
    concentrationWindowDays: positiveInt,
    basis,
  }),

  ranking: z.strictObject({
    groups: z.array(
      z.strictObject({
        id: idSchema,
        name: z.string().min(1),
        /** Interview (约谈) when among the last `lastN` AND below `belowShareOfTop` of the top score. */
        interview: z
          .strictObject({
            lastN: positiveInt,
            belowShareOfTop: z.number().gt(0).lte(1),
            /** The article a sanction on this ground cites; the ranking's `basis` when absent. */
            basis: basis.optional(),
          })
          .nullable(),
      }),
    ),
    /** Escalation when a unit's interviews reach `consecutive` monthly bulletins in a row or `inYear`. */
    secretaryGeneralInterview: escalationSchema.nullable(),
    publicStatement: escalationSchema.nullable(),
    /**
     * What "in a year" (一年内) counts: the calendar year of the bulletin (the reading of RULES.md §10),
     * or the bulletin's month and the eleven before it.
     */
    yearWindow: z.enum(['calendarYear', 'rollingTwelveMonths']).default('calendarYear'),
    basis,
  }),

  /** How a unit's month is scored for the ranking (see functions/domain/assessment/score.ts). */
  assessment: assessmentSchema,
  /** The weekly, monthly and yearly reports and their hot topics (see functions/domain/reports). */
  reports: reportsSchema.default(DEFAULT_REPORTS_POLICY),
});

export type PolicyInput = z.input<typeof policySchema>;
export type Policy = z.infer<typeof policySchema>;
export type LimitRule = Policy['handling'][number];
