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

/** Anhui province, 12345 hotline interim management rules (2021). Key AH. */
export const anhui2021: PolicyInput = {
  id: 'anhui-2021',
  version: 3,
  name: '安徽省12345政务服务便民热线',
  regulation: '安徽省12345政务服务便民热线暂行管理办法 (2021)',
  calendar: { countReceiptDay: CIVIL_PROCEDURE_COUNTING, workingHours: OFFICE_HOURS },
  channels: ALL_CHANNELS, // AH:2, AH:9(二)(三): phone, web and the national/provincial platforms
  requestTypes: BUILT_IN_TYPES, // AH:9(一)
  classes: [], // AH has no A–D classes; it marks priority instead (AH:24)
  classRequired: false,
  priorities: ['key', 'ordinary'], // AH:24 重点、一般
  refusalGrounds: [
    { ground: 'legalProcedure', basis: 'AH:10(一)' },
    { ground: 'secretOrPrivate', basis: 'AH:10(二)' },
    { ground: 'unlawful', basis: 'AH:10(二)' },
    { ground: 'emergency', basis: 'AH:12(三)' },
    { ground: 'outsideJurisdiction', basis: 'AH:10(三)' },
    { ground: 'otherAuthority', basis: 'AH:10(三)' },
    { ground: 'alreadyHandled', basis: 'AH:10(一)' },
    { ground: 'internalAdministration', basis: 'AH:10(三)' },
    { ground: 'tooVague', basis: 'AH:10(三)' },
  ],
  handling: [
    { when: { types: ['consultation'] }, limit: { workingDays: 3 }, basis: 'AH:17(一)' },
    { when: {}, limit: { workingDays: 10 }, basis: 'AH:17(二)' },
  ],
  contact: { within: { workingDays: 1 }, basis: 'AH:15' },
  returns: {
    within: { workingDays: 2 },
    deemedAcceptedAfterWindow: true,
    countsFrom: 'receipt',
    needsUnitHeadApproval: false,
    basis: 'AH:16',
  },
  extension: {
    maxCount: 2, // AH:18 无特殊情况延期申请不得超过2次
    counts: 'applications', // AH:18 counts 延期申请, refused ones too
    requesterTold: null, // AH:18 asks nothing of the kind; the requester looks progress up (AH:19)
    notLongerThanFirstLimit: true, // AH:18 申请延期时限不得超过首次办理时限
    maxLength: null,
    noLaterThanBeforeDeadline: null, // AH:18 提前: asked before the deadline, no fixed lead time
    noEarlierThanBeforeDeadline: null,
    basis: 'AH:18',
  },
  writtenReply: null, // AH sets no separate limit for written replies
  urgent: null, // AH has no urgent class
  // AH:24 重点、一般 must change something: a key ticket is supervised from dispatch (AH:20 跟踪督办),
  // reminded a working day earlier, and its reply signed off (reply.signOff).
  priorityEffects: [{ priority: 'key', superviseOnDispatch: true, basis: 'AH:24 重点; AH:20' }],
  handOver: null, // AH:10(一) refuses matters for discipline inspection instead,
  instructions: TN_INSTRUCTIONS,
  reminders: [
    ...DEFAULT_REMINDERS,
    {
      before: { workingDays: 2 },
      when: { priorities: ['key'] },
      basis: 'default (AH:24 重点: reminded a working day earlier than ordinary tickets)',
    },
  ],
  escalation: DEFAULT_ESCALATION,
  reply: {
    informs: 'unitBeforeReply', // AH:24 签批后,及时答复诉求人办理结果,并向热线工作机构反馈
    // AH:24 经主要负责人或分管负责人签批: key tickets and leader-instructed matters (RULES §10)
    signOff: { priorities: ['key'], leaderInstructed: true },
    basis: 'AH:24',
  },
  callback: {
    ...PDS_CALLBACK, // AH:25 requires an evaluation per ticket but sets no callback numbers
    lawJudgedCategories: ['mediation', 'lawEnforcement'], // AH:25 行政调解类、执法办案类
    thirdPartyAssessment: false, // AH has no third-party assessment
    basis: 'AH:25; numbers from PDS:16-17',
  },
  supervision: {
    ...AH_SUPERVISION_COUNTS,
    concentrationWindowDays: DEFAULT_CONCENTRATION_WINDOW_DAYS,
    basis: 'AH:20(六)',
  },
  ranking: {
    // AH:26-27: comprehensive evaluation, no ranking groups or sanction thresholds
    groups: [{ id: 'all', name: '全部承办单位', interview: null }],
    secretaryGeneralInterview: null,
    publicStatement: null,
    basis: 'AH:26-27',
  },
  assessment: {
    weights: DEFAULT_ASSESSMENT_WEIGHTS,
    minimumTickets: 1,
    period: 'month',
    basis: 'default weights (AH:27 names on-time completion and satisfaction; AH:26 knowledge-base upkeep)',
  },
};
