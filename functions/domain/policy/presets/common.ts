import { CHANNELS, type PolicyInput } from '../schema.ts';

/** Building blocks several presets share. Each preset still cites the article it relies on. */

export const ALL_CHANNELS = [...CHANNELS];

/** AH:9; TN:7; JZ:一(四); PDS:2 — the five kinds of request all five regulations name. */
export const BUILT_IN_TYPES: PolicyInput['requestTypes'] = [
  { id: 'consultation', name: '咨询' },
  { id: 'help', name: '求助' },
  { id: 'complaint', name: '投诉' },
  { id: 'report', name: '举报' },
  { id: 'suggestion', name: '意见建议' },
];

/**
 * Office hours for policies that count working hours. None of the regulations fixes them; this is
 * the usual office day of a Chinese government body. Operators override it per deployment.
 */
export const OFFICE_HOURS: PolicyInput['calendar']['workingHours'] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

/** The civil-procedure convention: the day of receipt is not counted. */
export const CIVIL_PROCEDURE_COUNTING = false;

/**
 * Escalation after the deadline where a regulation names the steps but not their timing:
 * supervision the moment a ticket is overdue (AH:20(二)), the centre's leaders after 3 working days
 * and the government inspection office after 10 (PDS:24; TN:12(三)). The two delays are defaults.
 */
export const DEFAULT_ESCALATION: PolicyInput['escalation'] = [
  { level: 'supervision', after: { hours: 0 }, basis: 'AH:20(二)' },
  {
    level: 'centreLeader',
    after: { workingDays: 3 },
    basis: 'default (PDS:24; TN:12(三) name the step, not the delay)',
  },
  {
    level: 'inspectionOffice',
    after: { workingDays: 10 },
    basis: 'default (PDS:24 names the step, not the delay)',
  },
];

/** One reminder a working day before the deadline: no regulation fixes the time of 催办 (TN:5(6)). */
export const DEFAULT_REMINDERS: PolicyInput['reminders'] = [
  { before: { workingDays: 1 }, basis: 'default (TN:5(6); AH:21 require reminders without a time)' },
];

/**
 * The callback rule of PDS:16-17, which the product applies where a regulation requires a callback
 * but sets no numbers: within 2 working days, at most 2 calls at least 3 hours apart, both
 * unanswered = deemed satisfied.
 */
export const PDS_CALLBACK = {
  within: { workingDays: 2 },
  attempts: 2,
  minGapHours: 3,
  allUnanswered: 'deemedSatisfied',
} as const;

/** AH:20(六) — 3 or more repeats by one requester, 5 or more people on one matter; 以上 includes the number. */
export const AH_SUPERVISION_COUNTS = { repeatCount: 3, concentrationCount: 5 } as const;

/** Window for counting concentrated reports: no regulation fixes one; 30 days is the default. */
export const DEFAULT_CONCENTRATION_WINDOW_DAYS = 30;

/**
 * A leader's instruction (领导批示): supervised (AH:20(一)) and answered with a written report after the
 * unit's deputy head has signed the result (TN:13(二)). The regulations that say less take TN's rule.
 */
export const TN_INSTRUCTIONS = {
  supervise: true,
  reportWithReply: true,
  basis: 'AH:20(一); TN:13(二) 办理结果须经承办单位分管领导审签后书面报告',
} as const;

/**
 * Score weights where a regulation names the indicators but not their weights (AH:27 names on-time
 * completion and satisfaction; Pingdingshan's 考核细则 is an attachment the seed does not contain):
 * the two named rates carry most of the score, contact, first-pass handling, proper returns and
 * knowledge-base upkeep (AH:26; CZ:二(六); every seed makes units keep their entries) the rest. The
 * score divides by the sum of the weights of the rates a unit has something to measure for, so the
 * weights are shares, not points: a unit without knowledge-base duties in a month is scored on the
 * other 100. Declared defaults: an operator overrides them with a policy file (POLICY_FILE).
 */
export const DEFAULT_ASSESSMENT_WEIGHTS = {
  onTime: 40,
  satisfaction: 40,
  contact: 10,
  firstPass: 5,
  properReturns: 5,
  knowledgeUpkeep: 5,
} as const;
