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
 * Jinzhou city, plan for a unified citizen-request platform (2023 text). Key JZ. The plan sets the
 * extension rule and real-time scoring; its time limits are "按时限" without numbers, so this preset
 * takes Anhui's (AH:17) and says so.
 */
export const jinzhou2023: PolicyInput = {
  id: 'jinzhou-2023',
  version: 3,
  name: '锦州市群众诉求服务系统平台',
  regulation: '锦州市群众诉求服务系统平台建设方案 (2023)',
  calendar: { countReceiptDay: CIVIL_PROCEDURE_COUNTING, workingHours: OFFICE_HOURS },
  channels: ALL_CHANNELS, // JZ:二
  requestTypes: BUILT_IN_TYPES, // JZ:四(一) 咨询求助、意见建议、举报投诉
  classes: [],
  classRequired: false,
  priorities: ['ordinary'],
  refusalGrounds: [
    // JZ lists no grounds; the product takes the common ones (AH:10; CZ:二(四)).
    { ground: 'outsideJurisdiction', basis: 'default (CZ:二(四))' },
    { ground: 'otherAuthority', basis: 'default (CZ:二(四))' },
    { ground: 'emergency', basis: 'default (AH:12(三))' },
    { ground: 'legalProcedure', basis: 'default (AH:10(一))' },
    { ground: 'secretOrPrivate', basis: 'default (AH:10(二))' },
    { ground: 'unlawful', basis: 'default (AH:10(二))' },
    { ground: 'tooVague', basis: 'default (CZ:二(四))' },
  ],
  handling: [
    { when: { types: ['consultation'] }, limit: { workingDays: 3 }, basis: 'default (AH:17(一)); JZ:四(三)' },
    { when: {}, limit: { workingDays: 10 }, basis: 'default (AH:17(二)); JZ:四(三)' },
  ],
  contact: { within: { workingDays: 1 }, basis: 'default (AH:15)' },
  returns: {
    within: { workingDays: 2 },
    deemedAcceptedAfterWindow: true,
    countsFrom: 'receipt',
    needsUnitHeadApproval: false,
    basis: 'default (AH:16)',
  },
  extension: {
    // JZ:四(三) 应在办理期满前2个工作日内提出延期申请: read literally, the request is made within the
    // last 2 working days before the deadline — the window opens 2 working days before it and closes
    // at the deadline. Operators who read it as "at least 2 working days before" set
    // noLaterThanBeforeDeadline to { workingDays: 2 } and this field to null.
    noEarlierThanBeforeDeadline: { workingDays: 2 },
    noLaterThanBeforeDeadline: null,
    // JZ sets no count or cap; AH:18's are taken.
    maxCount: 2,
    counts: 'applications',
    // JZ:四(三) 承办单位应将延期办理事项的延期理由告知当事人; no time is set, one working day by default.
    requesterTold: { within: { workingDays: 1 }, basis: 'JZ:四(三); window default (AH:15)' },
    notLongerThanFirstLimit: true,
    maxLength: null,
    basis: 'JZ:四(三); count and cap default (AH:18)',
  },
  writtenReply: null,
  urgent: null,
  priorityEffects: [],
  handOver: null,
  instructions: TN_INSTRUCTIONS,
  reminders: DEFAULT_REMINDERS,
  escalation: DEFAULT_ESCALATION,
  reply: { informs: 'unitBeforeReply', signOff: null, basis: 'JZ:四(二) 谁办理谁答复' },
  callback: {
    ...PDS_CALLBACK, // JZ:四(一) 办理结果的评价考核, no numbers
    lawJudgedCategories: [],
    thirdPartyAssessment: false,
    basis: 'JZ:四(一); numbers default (PDS:16-17)',
  },
  supervision: {
    ...AH_SUPERVISION_COUNTS,
    concentrationWindowDays: DEFAULT_CONCENTRATION_WINDOW_DAYS,
    basis: 'JZ:四(一) 跟踪督办; counts default (AH:20(六))',
  },
  ranking: {
    groups: [{ id: 'all', name: '承办单位', interview: null }], // JZ:四(四) 实时评分, 自动排名
    secretaryGeneralInterview: null,
    publicStatement: null,
    basis: 'JZ:四(四)',
  },
  assessment: {
    weights: DEFAULT_ASSESSMENT_WEIGHTS,
    minimumTickets: 1,
    period: 'month',
    basis:
      'default weights (JZ:四(四) real-time scoring, indicators not named; knowledge-base upkeep as the other seeds)',
  },
};
