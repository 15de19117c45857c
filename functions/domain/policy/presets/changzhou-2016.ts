import type { PolicyInput } from '../schema.ts';
import {
  AH_SUPERVISION_COUNTS,
  ALL_CHANNELS,
  BUILT_IN_TYPES,
  CIVIL_PROCEDURE_COUNTING,
  DEFAULT_ASSESSMENT_WEIGHTS,
  DEFAULT_CONCENTRATION_WINDOW_DAYS,
  DEFAULT_ESCALATION,
  DEFAULT_REMINDERS,
  OFFICE_HOURS,
  PDS_CALLBACK,
  TN_INSTRUCTIONS,
} from './common.ts';

/**
 * Changzhou city, plan to integrate hotlines into 12345 (2016). Key CZ. The plan sets the platform's
 * scope and organisation but leaves time limits to later rules (CZ:二(五)); where it is silent this
 * preset takes the rules of Tianning, a district of the same city (TN).
 */
export const changzhou2016: PolicyInput = {
  id: 'changzhou-2016',
  version: 3,
  name: '常州市12345政府公共服务平台',
  regulation: '常州市12345政府公共服务平台整合方案 (2016)',
  calendar: { countReceiptDay: CIVIL_PROCEDURE_COUNTING, workingHours: OFFICE_HOURS },
  channels: ALL_CHANNELS, // CZ:二(一) 电话、网站、短信、传真、微博、微信; CZ:二(四) 省级平台转派
  requestTypes: BUILT_IN_TYPES, // CZ:二(四)
  classes: [],
  classRequired: false,
  priorities: ['ordinary'],
  refusalGrounds: [
    { ground: 'outsideJurisdiction', basis: 'CZ:二(四)' },
    { ground: 'otherAuthority', basis: 'CZ:二(四) 军队、武警' },
    { ground: 'emergency', basis: 'CZ:二(四) 110、119、120、12395' },
    { ground: 'legalProcedure', basis: 'CZ:二(四)' },
    { ground: 'secretOrPrivate', basis: 'CZ:二(四)' },
    { ground: 'unlawful', basis: 'CZ:二(四)' },
    { ground: 'tooVague', basis: 'CZ:二(四)' },
  ],
  handling: [{ when: {}, limit: { workingDays: 5 }, basis: 'default (TN:13(一), same city)' }],
  contact: { within: { workingDays: 1 }, basis: 'default (AH:15)' },
  returns: {
    within: { workingDays: 2 },
    deemedAcceptedAfterWindow: true,
    countsFrom: 'receipt',
    needsUnitHeadApproval: false,
    basis: 'default (AH:16)',
  },
  extension: {
    maxCount: 1,
    counts: 'grants',
    requesterTold: null, // the platform, not the unit, speaks to the requester (CZ:二(三))
    notLongerThanFirstLimit: true,
    maxLength: null,
    noLaterThanBeforeDeadline: null,
    noEarlierThanBeforeDeadline: null,
    basis: 'default (TN:13(一); AH:18)',
  },
  writtenReply: null,
  urgent: null,
  priorityEffects: [],
  handOver: null, // CZ:二(四) refuses matters in other procedures instead,
  instructions: TN_INSTRUCTIONS,
  reminders: DEFAULT_REMINDERS,
  escalation: DEFAULT_ESCALATION, // CZ:二(三), 二(六) 统一督办, 电子监察
  // CZ:二(三) 由12345平台统一反馈给来电人: the platform tells the requester after the centre's review.
  reply: { informs: 'centreAfterReview', signOff: null, basis: 'CZ:二(三) 由12345平台统一反馈给来电人' },
  callback: {
    ...PDS_CALLBACK,
    lawJudgedCategories: [],
    thirdPartyAssessment: false,
    basis: 'default (PDS:16-17)',
  },
  supervision: {
    ...AH_SUPERVISION_COUNTS,
    concentrationWindowDays: DEFAULT_CONCENTRATION_WINDOW_DAYS,
    basis: 'default (AH:20(六))',
  },
  ranking: {
    groups: [{ id: 'all', name: '承办单位', interview: null }], // CZ:二(六) 绩效考核
    secretaryGeneralInterview: null,
    publicStatement: null,
    basis: 'CZ:二(六)',
  },
  assessment: {
    weights: DEFAULT_ASSESSMENT_WEIGHTS,
    minimumTickets: 1,
    period: 'month',
    basis: 'default weights (CZ:二(六) names efficiency, effect and knowledge-base upkeep, no weights)',
  },
};
