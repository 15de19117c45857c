/** The console's words: simplified Chinese, one place. */
export const ROLE_LABELS: Record<string, string> = {
  agent: '话务员',
  dispatcher: '派单员',
  unitClerk: '承办单位经办人',
  unitHead: '承办单位负责人',
  supervisor: '督办员',
  callbackAgent: '回访员',
  admin: '系统管理员',
  auditor: '审计员',
};

export const STATUS_LABELS: Record<string, string> = {
  received: '已受理待派单',
  refused: '不予受理',
  dispatched: '已派单待签收',
  inProgress: '办理中',
  returnRequested: '申请退单',
  replied: '已答复待审核',
  completed: '已办结待回访',
  dissatisfied: '不满意',
  underAssessment: '第三方评估中',
  evaluated: '已评价',
  merged: '已并单',
  handedOver: '已移交',
  archived: '已归档',
};

export const QUEUE_LABELS: Record<string, string> = {
  intake: '待派单',
  returns: '退单待审',
  extensions: '延期待审',
  reviews: '答复待审核',
  callbacks: '待回访',
  overdue: '已超期',
  supervised: '督办中',
  escalated: '已升级',
  merged: '并单组',
  inbox: '本单位工单',
};

export const TYPE_LABELS: Record<string, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '意见建议',
};

export const CLOCK_LABELS: Record<string, string> = {
  contact: '联系群众时限',
  return: '退单时限',
  handling: '办理时限',
  plan: '方案报送时限',
  writtenReply: '书面答复时限',
  extensionNotice: '延期告知时限',
  callback: '回访时限',
};

export const LEVEL_LABELS: Record<string, string> = {
  province: '省级',
  city: '市级',
  county: '县区级',
  township: '乡镇街道',
  village: '村社区',
};

/** The API's field names, as a form labels them. */
export const FIELD_LABELS: Record<string, string> = {
  content: '诉求内容',
  category: '诉求分类',
  regionId: '所属区域',
  type: '诉求类型',
  leadUnit: '主办单位',
  coUnits: '协办单位',
  level: '层级',
  summary: '答复内容',
  reason: '理由',
  legalBasis: '法律依据',
  note: '意见',
};

export const label = (table: Record<string, string>, key: string | undefined | null) =>
  key ? (table[key] ?? key) : '—';
