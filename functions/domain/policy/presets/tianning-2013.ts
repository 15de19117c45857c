import { DEFAULT_REPORTS_POLICY, type PolicyInput } from '../schema.ts';
import {
  AH_SUPERVISION_COUNTS,
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

/** Changzhou Tianning district, 12345 platform management rules (2013). Key TN. */
export const tianning2013: PolicyInput = {
  id: 'tianning-2013',
  version: 3,
  name: '天宁区12345政府公共服务平台',
  regulation: '天宁区“12345”政府公共服务平台管理办法 (2013)',
  calendar: { countReceiptDay: CIVIL_PROCEDURE_COUNTING, workingHours: OFFICE_HOURS },
  channels: ['phone', 'sms', 'web', 'upperPlatform'], // TN:7 电话、短信、网络; TN:5(1) 市平台转送
  requestTypes: BUILT_IN_TYPES, // TN:7
  classes: [],
  classRequired: false,
  priorities: ['ordinary'],
  refusalGrounds: [
    { ground: 'outsideJurisdiction', basis: 'TN:8(一)' },
    { ground: 'otherAuthority', basis: 'TN:8(二)' },
    { ground: 'legalProcedure', basis: 'TN:8(三)' },
    { ground: 'alreadyHandled', basis: 'TN:8(四); TN:9' },
    // TN does not list these; the product keeps them (AH:10; AH:12(三); CZ:二(四)).
    { ground: 'emergency', basis: 'default (CZ:二(四))' },
    { ground: 'secretOrPrivate', basis: 'default (CZ:二(四))' },
    { ground: 'unlawful', basis: 'default (CZ:二(四))' },
    { ground: 'tooVague', basis: 'default (CZ:二(四))' },
  ],
  handling: [{ when: {}, limit: { workingDays: 5 }, basis: 'TN:13(一)' }],
  // TN:6(三) requires telling the requester the unit has the ticket, without a time; AH:15's day is taken.
  contact: { within: { workingDays: 1 }, basis: 'TN:6(三); time default (AH:15)' },
  // TN is silent on returns; AH:16's two working days are taken.
  returns: {
    within: { workingDays: 2 },
    deemedAcceptedAfterWindow: true,
    countsFrom: 'receipt',
    needsUnitHeadApproval: false,
    basis: 'default (AH:16)',
  },
  extension: {
    // TN:13(一): a unit that cannot finish in time reports why; the product models that as one
    // extension no longer than the first limit (AH:18's cap), asked before the deadline.
    maxCount: 1,
    counts: 'grants',
    requesterTold: null, // TN:13(一) has the unit report the reason to the platform, not the requester
    notLongerThanFirstLimit: true,
    maxLength: null,
    noLaterThanBeforeDeadline: null,
    noEarlierThanBeforeDeadline: null,
    basis: 'TN:13(一); cap default (AH:18)',
  },
  writtenReply: null,
  urgent: null,
  priorityEffects: [],
  handOver: null,
  instructions: TN_INSTRUCTIONS, // TN:13(二)
  reminders: DEFAULT_REMINDERS, // TN:5(6) 催办
  escalation: DEFAULT_ESCALATION, // TN:12(三), TN:14
  reply: {
    informs: 'unitBeforeReply', // TN:13(一) 承办单位要将处理结果答复诉求人
    signOff: { priorities: [], leaderInstructed: true }, // TN:13(二) 须经承办单位分管领导审签
    basis: 'TN:13',
  },
  callback: {
    ...PDS_CALLBACK, // TN:5(8) requires a callback without numbers
    lawJudgedCategories: [],
    thirdPartyAssessment: false,
    basis: 'TN:5(8); numbers from PDS:16-17',
  },
  supervision: {
    ...AH_SUPERVISION_COUNTS, // TN:14 sets no counts
    concentrationWindowDays: DEFAULT_CONCENTRATION_WINDOW_DAYS,
    basis: 'TN:14; counts default (AH:20(六))',
  },
  ranking: {
    groups: [{ id: 'all', name: '网络成员单位', interview: null }], // TN:19 考核通报
    secretaryGeneralInterview: null,
    publicStatement: null,
    basis: 'TN:19',
  },
  assessment: {
    weights: DEFAULT_ASSESSMENT_WEIGHTS,
    minimumTickets: 1,
    period: 'month',
    basis: 'default weights (TN:19 quality and efficiency, no weights; knowledge-base upkeep TN:6(六))',
  },
  reports: {
    ...DEFAULT_REPORTS_POLICY,
    // 每月5日前将汇总分析材料报平台管理办公室
    unitAnalysis: { dueDay: 5, basis: 'TN:6(八)' },
  },
};
