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

/** Pingdingshan city, "every call answered" (民呼必应) working rules (2022). Key PDS. */
export const pingdingshan2022: PolicyInput = {
  id: 'pingdingshan-2022',
  version: 3,
  name: '平顶山市民呼必应',
  regulation: '平顶山市民呼必应工作规则 (平政办〔2022〕2号)',
  calendar: { countReceiptDay: CIVIL_PROCEDURE_COUNTING, workingHours: OFFICE_HOURS },
  channels: ALL_CHANNELS, // PDS:3
  requestTypes: BUILT_IN_TYPES, // PDS:2
  classes: [
    { id: 'A', name: '即办事项' }, // PDS:8
    { id: 'B', name: '一般事项' },
    { id: 'C', name: '重要事项' },
    { id: 'D', name: '重要紧急事项' },
  ],
  classRequired: true,
  priorities: ['ordinary'], // PDS grades by class, not by a separate priority mark
  refusalGrounds: [
    { ground: 'legalProcedure', basis: 'PDS:4(一)' },
    { ground: 'otherAuthority', basis: 'PDS:4(二)' },
    { ground: 'alreadyHandled', basis: 'PDS:4(三)' },
    { ground: 'internalAdministration', basis: 'PDS:4(四)' },
    { ground: 'tooVague', basis: 'PDS:4(五)' },
    // PDS:4 does not list these; the product keeps them because every hotline refers emergencies
    // and refuses matters outside its territory (AH:10; AH:12(三); CZ:二(四)).
    { ground: 'outsideJurisdiction', basis: 'PDS:2 (本行政区域)' },
    { ground: 'emergency', basis: 'default (AH:12(三))' },
  ],
  handling: [
    { when: { classes: ['A'] }, limit: { hours: 4, mode: 'calendar' }, basis: 'PDS:8 A' },
    { when: { classes: ['C'] }, limit: { centreSets: true, plan: { workingDays: 5 } }, basis: 'PDS:8 C' },
    {
      when: { classes: ['D'] },
      // PDS:8 D 立即…第一时间: a stricter duty, not no duty. The seed gives no number; the product
      // declares one day on the clock as the longest "at once" can mean (RULES §10).
      limit: { immediate: true, within: { hours: 24, mode: 'calendar' } },
      basis: 'PDS:8 D; 24 hours default',
    },
    { when: {}, limit: { workingDays: 5 }, basis: 'PDS:8 B' },
  ],
  // PDS is silent on acknowledging the requester; the product takes AH:15's one working day.
  contact: { within: { workingDays: 1 }, basis: 'default (AH:15)' },
  returns: {
    within: { hours: 24, mode: 'calendar' }, // PDS:11 查收后24小时内退回
    deemedAcceptedAfterWindow: true, // PDS:11 allows no return after the window
    // PDS:11 查收后24小时内: from the unit's check-in, and from dispatch for a unit that never checks
    // in (RULES §10): not checking in does not keep the window open.
    countsFrom: 'signing',
    needsUnitHeadApproval: true, // PDS:11 须由本单位分管领导审核批准: an act of the unitHead role
    basis: 'PDS:11',
  },
  extension: {
    maxCount: 1, // PDS:9 同一事项原则上只能延期1次
    counts: 'grants', // PDS:9 counts extensions (延期1次), not applications
    // PDS:9 延期申请经审核同意后,网络单位需将延期办理时限和理由告知诉求人; the seed sets no time, the
    // product takes AH:15's one working day for telling the requester.
    requesterTold: { within: { workingDays: 1 }, basis: 'PDS:9; window default (AH:15)' },
    classes: ['B', 'C'], // PDS:9 B类、C类事项
    notLongerThanFirstLimit: false, // PDS:9 sets no cap; the centre judges the length asked for
    maxLength: null,
    noLaterThanBeforeDeadline: null, // PDS:9 在办理时限到期前; after the deadline refused
    noEarlierThanBeforeDeadline: null,
    basis: 'PDS:9',
  },
  // PDS:14: the written reply for these channels is due in 10 working days; it replaces class B's
  // limit and never relaxes A, C or D, which keep their clocks with the written reply on top.
  writtenReply: {
    channels: ['mayorMailbox', 'leaderMessageBoard'],
    within: { workingDays: 10 },
    replaces: 'plainWorkingDays',
    basis: 'PDS:14',
  },
  urgent: {
    classes: ['D'],
    namesOnReceipt: true, // PDS:8 D 立即确定1名分管领导和责任人
    reportWithReply: true, // PDS:8 D 办理完毕后向市指挥中心进行专题报告
    basis: 'PDS:8 D',
  },
  priorityEffects: [], // PDS grades by class
  // PDS:25 需要向纪检监察、组织、政法等部门移交的,经市政府办公室分管领导同意后,及时进行移交
  handOver: { bodies: ['discipline', 'organisation', 'politicalLegal'], basis: 'PDS:25' },
  instructions: TN_INSTRUCTIONS, // PDS:15 按照批示意见认真落实
  // Working-day reminders for the classes counted in working days; hours for the classes in hours.
  reminders: [
    ...DEFAULT_REMINDERS.map((r) => ({ ...r, when: { classes: ['B', 'C'] as [string, ...string[]] } })),
    { before: { hours: 1 }, when: { classes: ['A'] }, basis: 'default (PDS:8 A: a 4-hour clock)' },
    { before: { hours: 4 }, when: { classes: ['D'] }, basis: 'default (PDS:8 D: a clock in hours)' },
  ],
  escalation: DEFAULT_ESCALATION,
  reply: { informs: 'unitBeforeReply', signOff: null, basis: 'PDS:13' },
  callback: {
    ...PDS_CALLBACK, // PDS:16-17
    lawJudgedCategories: [],
    thirdPartyAssessment: true, // PDS:18
    basis: 'PDS:16-18',
  },
  supervision: {
    // PDS sets no repeat or concentration counts; the product takes AH:20(六)'s.
    ...AH_SUPERVISION_COUNTS,
    concentrationWindowDays: DEFAULT_CONCENTRATION_WINDOW_DAYS,
    basis: 'default (AH:20(六)); PDS:24',
  },
  ranking: {
    groups: [
      { id: 'county', name: '县(市)组', interview: { lastN: 1, belowShareOfTop: 0.85, basis: 'PDS:28(四)' } },
      { id: 'district', name: '区组', interview: { lastN: 1, belowShareOfTop: 0.85, basis: 'PDS:28(四)' } },
      {
        id: 'cityDepartments',
        name: '市直单位和驻平单位组',
        interview: { lastN: 2, belowShareOfTop: 0.8, basis: 'PDS:28(四)' },
      },
      {
        id: 'township',
        name: '各区乡镇(街道)组',
        interview: { lastN: 2, belowShareOfTop: 0.8, basis: 'PDS:28(四)' },
      },
    ],
    secretaryGeneralInterview: { consecutive: 2, inYear: 3, basis: 'PDS:28(五)' },
    publicStatement: { consecutive: 3, inYear: 5, basis: 'PDS:29(二)' },
    // 一年内: the calendar year (RULES.md §10); 'rollingTwelveMonths' is the other reading.
    yearWindow: 'calendarYear',
    basis: 'PDS:26-29',
  },
  assessment: {
    weights: DEFAULT_ASSESSMENT_WEIGHTS,
    minimumTickets: 1,
    period: 'month',
    basis:
      'default weights (PDS:26; the 考核细则 attachment is not in the seed; knowledge-base upkeep PDS:22)',
  },
};
