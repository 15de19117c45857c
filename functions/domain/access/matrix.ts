import { COMMAND_ACTIONS } from '../ticket/actions.ts';
import type { Action } from '../ticket/index.ts';
import type { Role } from './roles.ts';

/** Every command action the decider takes, in the order of `commandSchema`. */
export const ACTIONS: readonly Action[] = COMMAND_ACTIONS;

/** The actions staff take over HTTP: all but `register`, which is intake's, by channel key. */
export const STAFF_ACTIONS: readonly Exclude<Action, 'register'>[] = ACTIONS.filter(
  (a): a is Exclude<Action, 'register'> => a !== 'register',
);

const UNIT_ACTIONS: readonly Action[] = [
  'sign',
  'recordContact', // AH:15
  'requestReturn', // AH:16; PDS:11 (where the head's approval is needed, the decider wants the head)
  'requestExtension', // AH:18; PDS:9
  'submitPlan', // PDS:8 C
  'reportDisagreement', // PDS:12: the lead unit reports, co-units only read
  'informRequester', // PDS:13; AH:24
  'reply', // AH:24 (where a sign-off is needed, the decider checks the head gave it or replies)
  'informExtension', // PDS:9; JZ:四(三)
  'reportTask', // TN:12(四): a unit reports its task of a coordination meeting
  'redispatch', // CZ:一(二)3; PDS:5: a unit hands the ticket down to a unit under it
];

/**
 * Which role may issue which command, as the regulations divide the work. Whether the command fits
 * the ticket's state is the decider's business; whether the ticket is the actor's is `authorize`'s.
 */
export const ALLOWED_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  agent: ['register', 'verify', 'refuse', 'answerOnSpot', 'flagAbuse'],
  dispatcher: [
    'dispatch',
    'redispatch',
    'decideReturn',
    'decideExtension',
    'setDeadline',
    'review',
    'informRequester', // CZ:二(三) the platform tells the requester
    'recordInstruction', // AH:20(一); TN:12(三)
    'recordCoordination', // TN:12(四) 会办
    'reportTask', // TN:12(四), recorded for a unit
    'handOver', // PDS:25
    'mergeInto', // 并单
    'recordDuplicate',
    'unmerge',
    'openSupervision',
    'closeSupervision',
    'reopen',
    'archive',
    'verify',
    'refuse',
    'answerOnSpot',
    'flagAbuse',
  ],
  unitClerk: UNIT_ACTIONS,
  unitHead: [...UNIT_ACTIONS, 'signOff'], // AH:24 签批; TN:13(二) 审签
  // A leader's instruction (领导批示, AH:20(一); TN:12(三)) reaches the centre through its dispatch desk
  // or its supervision office; either records it.
  supervisor: ['openSupervision', 'closeSupervision', 'escalate', 'remind', 'recordInstruction'],
  callbackAgent: [
    'informRequester',
    'recordCallback',
    'orderRework',
    'referToAssessment',
    'recordAssessment',
  ],
  admin: ACTIONS,
  auditor: [],
  system: [
    'remind',
    'markOverdue',
    'closeReturnWindow',
    'escalate',
    'fireTimer',
    'recomputeDeadlines',
    'mainCompleted',
    'recordDuplicate', // 并单: the merge recorded on the main ticket
    'openSupervision', // AH:20(六): the reports' sudden and trending clusters
  ],
};

export function isAllowed(role: Role, action: Action): boolean {
  return ALLOWED_ACTIONS[role].includes(action);
}
