import type { Action } from './api/commands.ts';

/** A form field of a command, by the name its body gives it. */
export interface ActionField {
  name: string;
  label: string;
  /**
   * `clock`: one of the ticket's running clocks; `datetime`: a Shanghai date and time;
   * `tasks`: one line per unit, `单位编码 任务`.
   */
  kind:
    | 'text'
    | 'textarea'
    | 'select'
    | 'boolean'
    | 'workingDays'
    | 'list'
    | 'citation'
    | 'clock'
    | 'datetime'
    | 'tasks';
  options?: readonly (readonly [string, string])[];
  optional?: boolean;
}

export interface ActionSpec {
  action: Action;
  label: string;
  /** The statuses in which the form is offered (the API decides; this only keeps the page short). */
  when: readonly string[];
  fields: readonly ActionField[];
  /** Body members the form does not ask for. */
  fixed?: Record<string, unknown>;
}

const note = (label = '意见'): ActionField => ({ name: 'note', label, kind: 'textarea' });
const approve: ActionField = { name: 'approve', label: '同意', kind: 'boolean' };
const GROUNDS = [
  ['outsideJurisdiction', '不属本平台受理范围'],
  ['otherAuthority', '属人大、法院、检察院、军队等职权'],
  ['legalProcedure', '应通过诉讼、仲裁、复议、信访等途径'],
  ['alreadyHandled', '已受理或已办结'],
  ['secretOrPrivate', '涉及秘密或个人隐私'],
  ['unlawful', '违反法律或公序良俗'],
  ['emergency', '紧急事项（转110/119/120/122）'],
  ['internalAdministration', '内部管理事项'],
  ['tooVague', '内容不清无法办理'],
] as const;
const LEVELS = [
  ['province', '省级'],
  ['city', '市级'],
  ['county', '县区级'],
  ['township', '乡镇街道'],
  ['village', '村社区'],
] as const;

const SUPERVISION_REASONS = [
  ['higherLevel', '上级交办或领导批示'],
  ['unclearResponsibility', '职责不清'],
  ['crossRegion', '跨区域跨部门'],
  ['media', '媒体曝光'],
  ['other', '其他'],
] as const;
const CONTACT_METHODS = [
  ['phone', '电话'],
  ['sms', '短信'],
  ['visit', '上门'],
  ['other', '其他'],
] as const;
/** The statuses a ticket is open in (the decider's OPEN). */
const OPEN = [
  'received',
  'dispatched',
  'inProgress',
  'returnRequested',
  'replied',
  'completed',
  'dissatisfied',
  'underAssessment',
] as const;
const AT_UNIT = ['dispatched', 'inProgress', 'returnRequested'] as const;

/** The centre's commands on merges, deadlines, hand-over, instructions and coordination. */
const CENTRE: readonly ActionSpec[] = [
  {
    action: 'redispatch',
    label: '改派',
    when: ['dispatched', 'inProgress'],
    fields: [
      { name: 'toUnit', label: '改派至单位', kind: 'select' },
      { name: 'level', label: '层级', kind: 'select', options: LEVELS },
      { name: 'reason', label: '改派理由', kind: 'textarea' },
    ],
  },
  {
    action: 'mergeInto',
    label: '并单',
    when: ['received', 'dispatched', 'inProgress'],
    fields: [
      { name: 'mainTicketId', label: '并入的主工单（ID）', kind: 'text' },
      { name: 'reason', label: '并单理由', kind: 'textarea' },
    ],
  },
  {
    action: 'unmerge',
    label: '撤销并单',
    when: ['merged'],
    fields: [{ name: 'reason', label: '撤销理由', kind: 'textarea' }],
  },
  {
    action: 'setDeadline',
    label: '确定办理时限（C类）',
    when: ['inProgress'],
    fields: [{ name: 'deadline', label: '办理截止时间（北京时间）', kind: 'datetime' }],
  },
  {
    action: 'recordInstruction',
    label: '记录领导批示',
    when: OPEN,
    fields: [
      { name: 'leader', label: '批示领导', kind: 'text' },
      { name: 'instruction', label: '批示内容', kind: 'textarea' },
    ],
  },
  {
    action: 'recordCoordination',
    label: '记录会办',
    when: ['dispatched', 'inProgress'],
    fields: [
      { name: 'units', label: '参会单位（逗号分隔）', kind: 'list' },
      { name: 'tasks', label: '各单位任务（每行：单位编码 任务）', kind: 'tasks' },
    ],
  },
  {
    action: 'handOver',
    label: '移交',
    when: ['received', 'dispatched', 'inProgress', 'returnRequested'],
    fields: [
      {
        name: 'body',
        label: '移交机关类别',
        kind: 'select',
        options: [
          ['discipline', '纪检监察机关'],
          ['organisation', '组织部门'],
          ['politicalLegal', '政法机关'],
        ],
      },
      { name: 'bodyName', label: '移交机关名称', kind: 'text' },
      { name: 'approvedBy', label: '批准领导', kind: 'text' },
      { name: 'note', label: '移交说明', kind: 'textarea' },
    ],
  },
];

/** The commands each role works with, as the console offers them on the ticket page. */
export const ROLE_ACTIONS: Record<string, readonly ActionSpec[]> = {
  agent: [
    {
      action: 'answerOnSpot',
      label: '即时答复（引用知识库）',
      when: ['received'],
      fixed: { method: 'knowledgeBase' },
      fields: [
        { name: 'citations', label: '引用知识条目编号', kind: 'citation' },
        { name: 'answer', label: '答复内容（留空则用条目标准答复）', kind: 'textarea', optional: true },
      ],
    },
    {
      action: 'verify',
      label: '核实',
      when: ['received'],
      fields: [{ ...note('核实情况'), optional: true }],
    },
    {
      action: 'refuse',
      label: '不予受理',
      when: ['received'],
      fields: [
        { name: 'ground', label: '不予受理理由', kind: 'select', options: GROUNDS },
        { name: 'explanation', label: '向群众说明', kind: 'textarea' },
        { name: 'referral.body', label: '告知有权处理机关', kind: 'text', optional: true },
        { name: 'referral.contact', label: '该机关联系方式', kind: 'text', optional: true },
      ],
    },
  ],
  dispatcher: [
    {
      action: 'dispatch',
      label: '派单',
      when: ['received'],
      fields: [
        { name: 'leadUnit', label: '主办单位', kind: 'select' },
        { name: 'coUnits', label: '协办单位（逗号分隔）', kind: 'list', optional: true },
        { name: 'level', label: '层级', kind: 'select', options: LEVELS },
        // The policy's own ids: classes where it grades by class (PDS:8), a priority where it marks one (AH:24).
        { name: 'classId', label: '事项类别（如 A/B/C/D，按本平台规定）', kind: 'text', optional: true },
        { name: 'priority', label: '紧急程度（如 key 重点、ordinary 一般）', kind: 'text', optional: true },
        { name: 'handDown.approvedBy', label: '交办：批准的分管领导', kind: 'text', optional: true },
        { name: 'handDown.deadline', label: '交办：办结时限（北京时间）', kind: 'datetime', optional: true },
      ],
    },
    { action: 'decideReturn', label: '审核退单', when: ['returnRequested'], fields: [approve, note()] },
    {
      action: 'decideExtension',
      label: '审核延期',
      when: ['inProgress', 'dispatched'],
      fields: [approve, note()],
    },
    { action: 'review', label: '审核答复', when: ['replied'], fields: [approve, note()] },
    ...CENTRE,
  ],
  unitClerk: [
    { action: 'sign', label: '签收', when: ['dispatched'], fields: [] },
    {
      action: 'recordContact',
      label: '记录联系群众',
      when: ['dispatched', 'inProgress'],
      fields: [
        {
          name: 'method',
          label: '联系方式',
          kind: 'select',
          options: CONTACT_METHODS,
        },
      ],
    },
    {
      action: 'submitPlan',
      label: '报送办理方案（C类）',
      when: ['inProgress'],
      fields: [
        { name: 'leader', label: '分管领导', kind: 'text' },
        { name: 'contact', label: '联系人', kind: 'text' },
        { name: 'progress', label: '办理进展', kind: 'textarea' },
        { name: 'plan', label: '办理方案', kind: 'textarea' },
      ],
    },
    {
      action: 'informExtension',
      label: '告知群众延期',
      when: ['inProgress'],
      fields: [
        { name: 'method', label: '告知方式', kind: 'select', options: CONTACT_METHODS },
        { ...note('告知情况'), optional: true },
      ],
    },
    {
      action: 'requestExtension',
      label: '申请延期',
      when: ['inProgress'],
      fields: [
        { name: 'length', label: '延期工作日数', kind: 'workingDays' },
        { name: 'reason', label: '延期理由', kind: 'textarea' },
      ],
    },
    {
      action: 'informRequester',
      label: '告知群众办理结果',
      when: ['inProgress'],
      fields: [{ name: 'summary', label: '告知内容', kind: 'textarea' }],
    },
    {
      action: 'reply',
      label: '答复',
      when: ['inProgress'],
      fields: [
        { name: 'summary', label: '答复内容', kind: 'textarea' },
        {
          name: 'report',
          label: '专题报告或书面报告（紧急事项、领导批示件）',
          kind: 'textarea',
          optional: true,
        },
      ],
    },
  ],
  unitHead: [
    { action: 'sign', label: '签收', when: ['dispatched'], fields: [] },
    {
      action: 'requestReturn',
      label: '申请退单',
      when: ['dispatched', 'inProgress'],
      fields: [
        { name: 'reason', label: '退单理由', kind: 'textarea' },
        { name: 'legalBasis', label: '法律政策依据', kind: 'text' },
      ],
    },
    {
      action: 'signOff',
      label: '审签',
      when: ['inProgress'],
      fields: [{ ...note('审签意见'), optional: true }],
    },
    {
      action: 'reply',
      label: '答复',
      when: ['inProgress'],
      fields: [
        { name: 'summary', label: '答复内容', kind: 'textarea' },
        {
          name: 'report',
          label: '专题报告或书面报告（紧急事项、领导批示件）',
          kind: 'textarea',
          optional: true,
        },
      ],
    },
  ],
  callbackAgent: [
    {
      action: 'recordCallback',
      label: '记录回访',
      when: ['completed'],
      fields: [
        {
          name: 'outcome',
          label: '回访结果',
          kind: 'select',
          options: [
            ['answered', '已接通'],
            ['unanswered', '未接通'],
          ],
        },
        { name: 'satisfied', label: '群众满意', kind: 'boolean', optional: true },
      ],
    },
  ],
  supervisor: [
    // Leaders' instructions reach the centre's supervision as well as its dispatch desk (AH:20(一)).
    ...CENTRE.filter((spec) => spec.action === 'recordInstruction'),
    {
      action: 'openSupervision',
      label: '督办',
      when: OPEN,
      fields: [
        { name: 'reason', label: '督办原因', kind: 'select', options: SUPERVISION_REASONS },
        note('督办意见'),
      ],
    },
    {
      action: 'closeSupervision',
      label: '结束督办',
      when: [...OPEN, 'evaluated', 'handedOver'],
      fields: [
        { name: 'reason', label: '督办原因', kind: 'select', options: SUPERVISION_REASONS },
        note('结束意见'),
      ],
    },
    {
      action: 'remind',
      label: '催办',
      when: AT_UNIT,
      fields: [{ name: 'clockId', label: '催办的时限', kind: 'clock' }],
    },
    {
      action: 'escalate',
      label: '升级',
      when: [...AT_UNIT, 'completed'],
      fields: [
        {
          name: 'level',
          label: '升级至',
          kind: 'select',
          options: [
            ['centreLeader', '中心领导'],
            ['inspectionOffice', '督查部门'],
          ],
        },
        { name: 'clockId', label: '超期的时限', kind: 'clock' },
      ],
    },
  ],
};

/** The body of a command from its form: dotted names nest, lists split on commas, days become a duration. */
export function bodyOf(spec: ActionSpec, form: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = { ...spec.fixed };
  for (const field of spec.fields) {
    const raw = form.get(field.name);
    let value: unknown;
    if (field.kind === 'boolean') value = raw === 'on';
    else if (typeof raw !== 'string' || raw.trim() === '') {
      if (field.optional) continue;
      value = '';
    } else if (field.kind === 'list') value = raw.split(/[,，\s]+/).filter(Boolean);
    else if (field.kind === 'workingDays') value = { workingDays: Number(raw) };
    else if (field.kind === 'citation') value = [{ entryId: raw.trim() }];
    else if (field.kind === 'datetime') value = shanghaiInstant(raw);
    else if (field.kind === 'tasks') value = tasksOf(raw);
    else value = raw.trim();
    const [head, tail] = field.name.split('.') as [string, string | undefined];
    if (tail) body[head] = { ...((body[head] as object) ?? {}), [tail]: value };
    else body[head] = value;
  }
  return body;
}

/** A `datetime-local` value read as Beijing time: `2026-12-20T17:30` → `2026-12-20T17:30:00+08:00`. */
export const shanghaiInstant = (local: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : local;

/** One task per line, the unit's code first: `ss-urban 清理占道摊点`. */
export const tasksOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [unitId = '', ...rest] = line.split(/[\s:：]+/);
      return { unitId, task: rest.join(' ') };
    });
