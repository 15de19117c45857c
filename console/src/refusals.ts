/**
 * The API's refusals in Chinese, by the rule they name (`problem.rule`). The API's `detail` is
 * English and carries the case's own values (a deadline, a unit); the page shows it beneath the
 * Chinese message, and shows it alone for a rule this table does not know.
 */
export const RULE_MESSAGES: Record<string, string> = {
  // Requests and access
  'request.invalid': '填写的内容有误，请按各项下方的提示修改。',
  'resource.notFound': '未找到该工单，或您无权查看。',
  'version.required': '缺少工单版本号，请刷新页面后再提交。',
  'version.conflict': '该工单刚被其他人修改过，您看到的不是最新内容。已为您重新载入，请核对后再提交。',
  'role.notAllowed': '您的角色无权执行此操作。',
  'role.unknown': '无法识别您的角色，请重新登录。',
  'unit.missing': '您的账号未关联单位，不能办理工单。',
  'unit.outOfScope': '该工单不由本单位或下级单位主办。',
  'unit.targetOutOfScope': '只能将工单改派给本单位的下级单位。',
  'unit.coUnitReadOnly': '本单位是协办单位：由主办单位办理，协办单位只能查看。',
  'tipoff.subjectUnit': '该工单反映的正是这个单位，不能交由其办理或参与办理。',
  // Intake
  'intake.contactMissing': '非匿名诉求须留下诉求人的联系方式。',
  'intake.alreadyVerified': '该工单已核实。',
  'intake.unverified': '匿名网络留言须先核实，才能派单。',
  'intake.unknownCategory': '诉求分类不在本平台的分类目录中。',
  'intake.unknownRegion': '所属区域不在本平台的区域目录中。',
  'intake.unknownType': '诉求类型不在本平台的类型之列。',
  'intake.channelNotOffered': '本平台不开放该受理渠道。',
  'refusal.groundNotInPolicy': '本平台的规定中没有这一不予受理理由。',
  'refusal.referralMissing': '紧急事项须告知转接的应急热线（110/119/120/122）。',
  'answerOnSpot.answerMissing': '即时答复须记录告诉群众的内容。',
  'answerOnSpot.citationRequired': '依据知识库答复须引用所依据的已发布条目。',
  'answerOnSpot.citationNotPublished': '引用的知识条目未发布（不存在、草稿或已停用），只能引用已发布的条目。',
  'answerOnSpot.citationOutdated': '引用的不是该条目现行发布的版本，请重新检索。',
  'abuse.alreadyFlagged': '该工单已标记为恶意诉求。',
  // Dispatch, merges, hand-over
  'dispatch.unknownUnit': '承办单位不在单位目录中。',
  'dispatch.unknownClass': '工单类别不在本平台的类别之列。',
  'dispatch.unknownPriority': '紧急程度不在本平台的设置之列。',
  'dispatch.classRequired': '本平台派单须选择工单类别。',
  'dispatch.coUnitsInvalid': '协办单位有误：不能重复，也不能与主办单位相同。',
  'dispatch.levelNotUnits': '所选层级与承办单位的层级不符。',
  'dispatch.notDispatched': '该工单尚未派单。',
  'dispatch.sameUnit': '工单已在该单位，改派须改为其他单位。',
  'dispatch.notDownward': '改派只能派往更低一级的单位。',
  'handDown.deadline': '交办的截止时间有误。',
  'merge.intoItself': '工单不能并入它自己，请填写主工单的编号。',
  'merge.isMain': '该工单已是主工单，下有并入的工单，不能再并入其他工单。',
  'merge.unchanged': '该工单的并单情况没有变化。',
  'handOver.notOffered': '本平台的规定没有移交程序：请以不予受理处理。',
  'handOver.bodyNotOffered': '本平台不向该类机关移交。',
  'coordination.taskUnitAbsent': '会办任务只能交给参会单位。',
  'coordination.noTask': '该单位在会办中没有任务。',
  'coordination.taskDone': '该单位已报告完成会办任务。',
  'coordination.notYourTask': '单位只能报告本单位的会办任务。',
  'coordination.noCoUnits': '该工单没有协办单位。',
  // Handling at the unit
  'urgent.leadsMissing': '紧急事项签收时须填写分管领导和责任人。',
  'return.windowClosed': '退单时限已过，视为已签收，由本单位办理。',
  'return.unapproved': '退单须经单位负责人批准。',
  'return.notDeemed': '本平台规定不视为自动签收。',
  'extension.classNotExtendable': '该类工单不能延期。',
  'extension.noDeadline': '该工单没有可延长的办理时限。',
  'extension.pending': '已有延期申请等待审核。',
  'extension.limitReached': '延期次数已达上限。',
  'extension.tooLate': '延期申请已晚于规定的提前期限。',
  'extension.tooEarly': '延期须在办理期限届满前规定的时段内申请。',
  'extension.unitMismatch': '延期须以原办理时限的计量单位申请（工作日或小时）。',
  'extension.tooLong': '单次延期不能超过规定的长度。',
  'extension.nonePending': '没有等待审核的延期申请。',
  'extension.nothingToTell': '没有需要告知群众的已批准延期。',
  'plan.alreadySubmitted': '办理方案已报送。',
  'plan.notRequired': '只有由中心确定时限的（C类）工单才需报送方案、确定时限。',
  'plan.missing': '承办单位报送办理方案后，中心才能确定办理时限。',
  'deadline.inPast': '截止时间须晚于现在。',
  'inform.byPlatform': '中心审核答复后，由平台告知群众办理结果。',
  'inform.byUnit': '承办单位须先告知群众办理结果，再向中心答复。',
  'inform.alreadyTold': '已告知群众办理结果。',
  'signOff.notHead': '审签须由单位负责人进行。',
  'signOff.already': '办理结果已审签。',
  'reply.requesterNotInformed': '答复前须先告知群众办理结果。',
  'reply.signOffMissing': '答复前须经单位负责人审签。',
  'reply.tasksOpen': '会办任务尚未全部完成，不能答复。',
  'reply.reportMissing': '该工单须附专题报告或书面报告。',
  // Callback and assessment
  'callback.alreadyEvaluated': '该工单已评价，每件工单只评价一次。',
  'callback.resultNotTold': '回访询问满意度前，平台须先告知群众办理结果。',
  'callback.attemptsExhausted': '回访次数已达上限。',
  'callback.tooSoon': '两次回访须间隔规定的时间，请到可拨打时间后再回访。',
  'callback.satisfactionMissing': '接通的回访须记录群众是否满意。',
  'callback.satisfactionWithoutAnswer': '未接通的回访不能记录满意度。',
  'rework.noUnit': '该工单为即时答复：请重新启用并派单。',
  'assessment.notAvailable': '本平台没有第三方评估程序。',
  // Supervision and clocks
  'supervision.alreadyOpen': '该原因的督办已在进行中。',
  'supervision.notOpen': '没有该原因的督办。',
  'archive.supervisionOpen': '请先结束进行中的督办，再归档。',
  'reminder.afterDeadline': '时限已过，不能再催办：请按超期处理。',
  'clock.stale': '该时限已不在计时。',
  'clock.notDue': '该时限尚未届满。',
  'overdue.notHandling': '只有办理时限或方案报送时限超期才算工单超期。',
  'overdue.already': '该工单已标记超期。',
  'escalation.notOverdue': '该时限尚未超期，不能升级。',
  'escalation.already': '已升级至该层级。',
};

/** The Chinese message for a rule, or undefined (the page then shows the API's own detail). */
export function ruleMessage(rule: string | undefined): string | undefined {
  if (!rule) return undefined;
  if (rule.endsWith('.wrongStatus')) return '工单当前的状态下不能办理此项。';
  return RULE_MESSAGES[rule];
}

/**
 * The API's field messages (zod's, and the schemas' own) in Chinese, by their wording; a message no
 * pattern knows is shown as the API gave it.
 */
const FIELD_MESSAGES: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^Invalid input: expected \w+, received undefined$/, () => '此项必填'],
  [/^may not be blank$/, () => '不能为空'],
  [/^Too big: expected string to have <=(\d+) characters$/, (m) => `不能超过 ${m[1]} 个字`],
  [/^Too small: expected string to have >=(\d+) characters$/, (m) => `至少 ${m[1]} 个字`],
  [/^Too big: expected number to be <=(\d+)$/, (m) => `不能大于 ${m[1]}`],
  [/^Too small: expected number to be >=(\d+)$/, (m) => `不能小于 ${m[1]}`],
  [/^Too big: expected array to have <=(\d+) items$/, (m) => `最多 ${m[1]} 项`],
  [/^Too small: expected array to have >=(\d+) items$/, (m) => `至少填写 ${m[1]} 项`],
  [/^Invalid option: /, () => '请从给定的选项中选择'],
  [/^Invalid ISO datetime$/, () => '请填写日期和时间'],
  [/^Invalid input: expected \w+, received \w+$/, () => '格式有误'],
  [/^Invalid input$/, () => '填写有误'],
  [/^a phone number is 5 to 20 digits/, () => '电话号码为 5 至 20 位数字，可以 + 开头'],
];

export function fieldMessage(message: string): string {
  for (const [pattern, say] of FIELD_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return message;
}
