import { z, type ZodIssue } from 'zod'
import { SEARCH_QUERY_MAX } from '../contract/catalog'
import { ErrorCode, type ApiError } from '../contract/common'

/**
 * A failure a client can act on: HTTP status, a stable `code` (contract/common.ts ErrorCode) and a Chinese
 * message a citizen understands. Services throw these; the error handler (plugins/errors.ts) sends them as they are.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>
  ) {
    super(message)
    this.name = 'AppError'
  }

  toBody(): ApiError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message }
  }
}

/** The messages of every error the BFF sends, in one place. */
export const errors = {
  regionUnknown: () => new AppError(404, ErrorCode.REGION_UNKNOWN, '未找到该地区，请重新选择地区'),
  regionLevel: () =>
    new AppError(
      400,
      ErrorCode.REGION_LEVEL_UNSUPPORTED,
      '事项由市、县（市、区）提供，请选择具体的市或县（市、区）'
    ),
  regionNotInDataset: (label: string, fieldKey?: string) =>
    new AppError(
      400,
      ErrorCode.REGION_NOT_IN_DATASET,
      `请从全国地区列表中选择${label}（省、市、县）`,
      fieldKey ? { [`values.${fieldKey}`]: `请从全国地区列表中选择${label}（省、市、县）` } : undefined
    ),
  departmentUnknown: () => new AppError(404, ErrorCode.DEPARTMENT_UNKNOWN, '未找到该办事部门，请重新选择部门'),
  itemUnknown: () => new AppError(404, ErrorCode.ITEM_UNKNOWN, '未找到该事项，请返回重新选择'),
  itemNotInRegion: (regionName: string) =>
    new AppError(404, ErrorCode.ITEM_NOT_IN_REGION, `${regionName}暂未提供该事项，请选择其他地区或事项`),
  queryEmpty: () => new AppError(400, ErrorCode.QUERY_EMPTY, '请输入要查找的事项'),
  queryTooLong: () =>
    new AppError(400, ErrorCode.QUERY_TOO_LONG, `搜索内容太长，请控制在 ${SEARCH_QUERY_MAX} 个字以内`),
  notFound: () => new AppError(404, ErrorCode.NOT_FOUND, '未找到请求的内容，请检查网址是否正确'),
  badRequest: (status: number) =>
    new AppError(status, ErrorCode.VALIDATION, status === 413 ? '提交的内容太大，请删减后重试' : '请求格式有误，请刷新后重试'),
  bodyTooLarge: () => new AppError(413, ErrorCode.BODY_TOO_LARGE, '提交的内容太大，请删减后重试'),
  internal: () => new AppError(500, ErrorCode.INTERNAL, '系统繁忙，请稍后再试'),
  unavailable: () => new AppError(503, ErrorCode.UPSTREAM_UNAVAILABLE, '服务暂时不可用，请稍后再试'),
  dbUnavailable: () => new AppError(503, ErrorCode.DB_UNAVAILABLE, '系统正在维护，请稍后再试，您已填写的内容不会丢失'),
  storageUnavailable: () =>
    new AppError(503, ErrorCode.STORAGE_UNAVAILABLE, '文件暂时无法保存，请稍后重新上传，已填写的内容不会丢失'),
  // ---- drafts, submit, cases (001 §5.1–5.3) ----
  itemNotApplyable: (name: string) =>
    new AppError(400, ErrorCode.ITEM_NOT_APPLYABLE, `“${name}”暂不支持在线申请，请按办事指南到窗口办理`),
  draftUnknown: () => new AppError(404, ErrorCode.DRAFT_UNKNOWN, '未找到该草稿，可能已提交或删除'),
  draftConflict: () =>
    new AppError(409, ErrorCode.DRAFT_CONFLICT, '草稿已在其他设备上修改，已为您载入最新内容，请核对后继续'),
  draftSubmitted: () => new AppError(409, ErrorCode.DRAFT_SUBMITTED, '该申请已提交，请在“我的办件”中查看进度'),
  materialUnknown: () => new AppError(404, ErrorCode.MATERIAL_UNKNOWN, '该事项没有这项材料，请返回重新选择'),
  materialSharedVerified: (name: string) =>
    new AppError(409, ErrorCode.MATERIAL_SHARED_VERIFIED, `“${name}”已通过数据共享核验，无需上传`),
  uploadUnknown: () => new AppError(404, ErrorCode.UPLOAD_UNKNOWN, '未找到该文件，可能已删除'),
  uploadTooMany: (name: string, max: number) =>
    new AppError(409, ErrorCode.UPLOAD_TOO_MANY, `“${name}”最多上传 ${max} 个文件，请先删除不需要的文件`),
  materialsMissing: (names: string[]) =>
    new AppError(400, ErrorCode.MATERIALS_MISSING, `请上传以下材料：${names.join('、')}`),
  paperPledgeRequired: () =>
    new AppError(400, ErrorCode.PAPER_PLEDGE_REQUIRED, '本事项需要邮寄纸质材料原件，请确认会按要求寄送后再提交'),
  idempotencyKeyRequired: () =>
    new AppError(400, ErrorCode.IDEMPOTENCY_KEY_REQUIRED, '提交请求缺少防重复标识，请刷新页面后重试'),
  idempotencyKeyReused: () =>
    new AppError(422, ErrorCode.IDEMPOTENCY_KEY_REUSED, '提交标识已用于另一次内容不同的提交，请刷新页面后重试'),
  idempotencyKeyInProgress: () =>
    new AppError(409, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, '上一次提交还在处理中，请稍等几秒后再试（不会重复提交）'),
  applicationUnknown: () => new AppError(404, ErrorCode.APPLICATION_UNKNOWN, '未找到该办件，请返回“我的办件”查看'),
  supplementNotRequested: () =>
    new AppError(409, ErrorCode.SUPPLEMENT_NOT_REQUESTED, '该办件当前不需要补正材料，请刷新查看最新进度'),
  resultUnknown: () => new AppError(404, ErrorCode.RESULT_UNKNOWN, '未找到该结果文书，请核对核验码'),
  reminderUnknown: () => new AppError(404, ErrorCode.REMINDER_UNKNOWN, '未找到该提醒，请刷新后重试'),
  reminderDecided: () => new AppError(409, ErrorCode.REMINDER_DECIDED, '该提醒已处理过了'),
  notificationUnknown: () => new AppError(404, ErrorCode.NOTIFICATION_UNKNOWN, '未找到该消息'),
  staffUnauthorized: () => new AppError(401, ErrorCode.STAFF_UNAUTHORIZED, '工作人员凭证无效，请重新登录经办系统'),
  staffForbidden: (roleLabel: string) => new AppError(403, ErrorCode.STAFF_FORBIDDEN, `您的岗位（${roleLabel}）不能办理此项操作`),
  staffCredentialsInvalid: () => new AppError(401, ErrorCode.STAFF_CREDENTIALS_INVALID, '登录名、密码或动态验证码不正确'),
  staffLocked: (minutes: number) => new AppError(429, ErrorCode.STAFF_LOCKED, `登录失败次数过多，请 ${minutes} 分钟后再试`),
  staffEnrollInvalid: () => new AppError(400, ErrorCode.STAFF_ENROLL_INVALID, '开通码无效或已过期，请联系管理员重新开通'),
  staffUsernameTaken: () => new AppError(409, ErrorCode.STAFF_USERNAME_TAKEN, '该登录名已被使用，请换一个'),
  staffBootstrapDone: () => new AppError(409, ErrorCode.STAFF_BOOTSTRAP_DONE, '已有管理员：请由管理员开通账号'),
  staffPasswordWeak: (why: string) => new AppError(400, ErrorCode.STAFF_PASSWORD_WEAK, `密码太弱：${why}`),
  staffAccountUnknown: () => new AppError(404, ErrorCode.STAFF_ACCOUNT_UNKNOWN, '未找到该工作人员账号'),
  assignmentRuleUnknown: () => new AppError(404, ErrorCode.ASSIGNMENT_RULE_UNKNOWN, '未找到该分配规则'),
  // ---- 好差评 and complaints (000 §8.2.1) ----
  evaluationNotOpen: (statusLabel: string) =>
    new AppError(409, ErrorCode.EVALUATION_NOT_OPEN, `办件当前为“${statusLabel}”，办结后才能评价`),
  evaluationExists: () => new AppError(409, ErrorCode.EVALUATION_EXISTS, '该办件已评价，每个办件只能评价一次'),
  evaluationUnknown: () => new AppError(404, ErrorCode.EVALUATION_UNKNOWN, '该办件还没有评价'),
  evaluationCommentExists: () => new AppError(409, ErrorCode.EVALUATION_COMMENT_EXISTS, '您已追评过，每条评价只能追评一次'),
  evaluationPhotoExists: () => new AppError(409, ErrorCode.EVALUATION_PHOTO_EXISTS, '该评价已有照片，只能上传一张'),
  evaluationStepNotAllowed: (stateLabel: string, actionLabel: string, hint: string | null = null) =>
    new AppError(409, ErrorCode.EVALUATION_STEP_NOT_ALLOWED, `评价当前为“${stateLabel}”，不能${actionLabel}${hint ? `：${hint}` : ''}`),
  evaluationDisputeUsed: () =>
    new AppError(409, ErrorCode.EVALUATION_DISPUTE_USED, '您已提出过一次异议，本次处理结果只能确认'),
  complaintUnknown: () => new AppError(404, ErrorCode.COMPLAINT_UNKNOWN, '未找到该投诉，请返回“我的投诉”查看'),
  complaintStepNotAllowed: (statusLabel: string, actionLabel: string) =>
    new AppError(409, ErrorCode.COMPLAINT_STEP_NOT_ALLOWED, `投诉当前为“${statusLabel}”，不能${actionLabel}`),
  // ---- read-aloud (语音版) ----
  ttsTextEmpty: () => new AppError(400, ErrorCode.TTS_TEXT_EMPTY, '没有可以朗读的内容'),
  ttsTextTooLong: (max: number) => new AppError(400, ErrorCode.TTS_TEXT_TOO_LONG, `朗读内容太长，每次最多朗读 ${max} 个字`),
  ttsTooFrequent: (seconds: number) =>
    new AppError(429, ErrorCode.TTS_TOO_FREQUENT, `朗读请求太频繁，请 ${seconds} 秒后再试`),
  // ---- family members, proxies and grants ----
  familyMemberUnknown: () => new AppError(404, ErrorCode.FAMILY_MEMBER_UNKNOWN, '未找到该家庭成员，请返回刷新后重试'),
  familyMemberExists: () => new AppError(409, ErrorCode.FAMILY_MEMBER_EXISTS, '该家庭成员已添加过了'),
  familyLimit: (max: number) => new AppError(409, ErrorCode.FAMILY_LIMIT, `最多添加 ${max} 位家庭成员，请先移除不再需要的成员`),
  familySelf: () => new AppError(400, ErrorCode.FAMILY_SELF, '不能添加自己为家庭成员'),
  familyIdentityMismatch: () =>
    new AppError(400, ErrorCode.FAMILY_IDENTITY_MISMATCH, '姓名与身份证号不一致，请核对后重新填写', {
      name: '姓名与身份证号不一致，请核对'
    }),
  householdUnverified: () =>
    new AppError(
      409,
      ErrorCode.HOUSEHOLD_UNVERIFIED,
      '未能核验您与该未成年人的户籍关系，请核对身份证号，或携带户口簿到医保经办窗口办理'
    ),
  familyRequestUnknown: () => new AppError(404, ErrorCode.FAMILY_REQUEST_UNKNOWN, '未找到该授权申请，可能已被撤回或处理过了'),
  grantUnknown: () => new AppError(404, ErrorCode.GRANT_UNKNOWN, '未找到该授权，可能已取消'),
  grantRequired: (what: string) =>
    new AppError(403, ErrorCode.GRANT_REQUIRED, `您没有获得对方“${what}”的授权，请对方在“亲情账户”中授权后再试`),
  // ---- e-voucher (000 §3.2) and the personal record (000 §3.3) ----
  evoucherExpired: () => new AppError(410, ErrorCode.EVOUCHER_EXPIRED, '医保码已过期，请参保人刷新医保码后重新扫码'),
  evoucherUsed: () => new AppError(409, ErrorCode.EVOUCHER_USED, '该医保码已使用过，请参保人刷新医保码后重新扫码'),
  evoucherRevoked: () =>
    new AppError(410, ErrorCode.EVOUCHER_REVOKED, '该医保码已失效（出示人的授权已取消），请参保人本人出示医保码'),
  evoucherUnknown: () => new AppError(404, ErrorCode.EVOUCHER_UNKNOWN, '无法识别该医保码，请参保人刷新医保码后重新扫码'),
  /** `until`: the end of the freeze as the person reads it (Shanghai time) */
  evoucherFrozen: (until: string) =>
    new AppError(
      423,
      ErrorCode.EVOUCHER_FROZEN,
      `您报告了“不是我”使用医保码，为保护您的医保账户，医保码已暂停使用至 ${until}。如需提前恢复，请拨打 12393 或到医保经办窗口办理`
    ),
  evoucherUsageUnknown: () => new AppError(404, ErrorCode.EVOUCHER_USAGE_UNKNOWN, '未找到这条医保码使用记录，请刷新“使用记录”后再试'),
  terminalUnauthorized: () => new AppError(401, ErrorCode.TERMINAL_UNAUTHORIZED, '扫码终端未授权，请联系医保部门配置终端密钥'),
  terminalInvalid: (issues: ZodIssue[]) => {
    const v = validationError(issues)
    return new AppError(400, ErrorCode.TERMINAL_INVALID, v.message, v.fields)
  },
  terminalExists: (id: string) =>
    new AppError(409, ErrorCode.TERMINAL_EXISTS, `终端编号 ${id} 已登记过（已停用的编号也不能再用），请换一个编号`, { id: '该终端编号已登记过，请换一个' }),
  terminalUnknown: () => new AppError(404, ErrorCode.TERMINAL_UNKNOWN, '未找到该终端，请刷新终端列表后再试'),
  terminalRevoked: (id: string) => new AppError(409, ErrorCode.TERMINAL_REVOKED, `终端 ${id} 已经停用了`),
  terminalConfigured: (id: string) =>
    new AppError(409, ErrorCode.TERMINAL_CONFIGURED, `终端 ${id} 由部署配置（TERMINAL_KEY）指定，请修改部署配置停用它`),
  notInsured: () =>
    new AppError(409, ErrorCode.NOT_INSURED, '未查询到参保信息，暂不能开具参保证明；如已参保，请联系参保地医保经办机构'),
  // ---- sign-in and real-name identity (001 §3.1.2) ----
  unauthorized: () => new AppError(401, ErrorCode.UNAUTHORIZED, '请先登录'),
  tokenInvalid: () => new AppError(401, ErrorCode.UNAUTHORIZED, '登录状态已失效，请重新登录'),
  tokenExpired: () => new AppError(401, ErrorCode.TOKEN_EXPIRED, '登录已过期，请重新登录'),
  refreshTokenInvalid: () => new AppError(401, ErrorCode.REFRESH_TOKEN_INVALID, '登录已失效，请重新登录'),
  smsTooFrequent: (seconds: number) =>
    new AppError(429, ErrorCode.SMS_TOO_FREQUENT, `验证码发送太频繁，请 ${seconds} 秒后再试`),
  smsDailyLimit: (hours: number) =>
    new AppError(429, ErrorCode.SMS_TOO_FREQUENT, `该手机号今日获取验证码次数已达上限，请 ${hours} 小时后再试`),
  smsIpLimit: (minutes: number) =>
    new AppError(429, ErrorCode.SMS_TOO_FREQUENT, `当前网络获取验证码过于频繁，请 ${minutes} 分钟后再试`),
  smsCodeWrong: (triesLeft: number) =>
    new AppError(400, ErrorCode.SMS_CODE_WRONG, `验证码不正确，还可以再试 ${triesLeft} 次`),
  smsCodeExpired: () => new AppError(400, ErrorCode.SMS_CODE_EXPIRED, '验证码已失效，请重新获取'),
  smsCodeTriesExceeded: (lockedMinutes: number | null) =>
    new AppError(
      400,
      ErrorCode.SMS_CODE_TRIES_EXCEEDED,
      lockedMinutes ? `验证码错误次数过多，请 ${lockedMinutes} 分钟后重新获取验证码` : '验证码错误次数过多，请重新获取验证码'
    ),
  loginLocked: (minutes: number) =>
    new AppError(429, ErrorCode.LOGIN_LOCKED, `登录失败次数过多，请 ${minutes} 分钟后再试`),
  bindTicketInvalid: () =>
    new AppError(400, ErrorCode.BIND_TICKET_INVALID, '小程序账号绑定已超时，请返回重新登录'),
  platformLoginFailed: () =>
    new AppError(401, ErrorCode.PLATFORM_LOGIN_FAILED, '小程序登录失败，请重试或使用手机号验证码登录'),
  realnameRequired: () => new AppError(403, ErrorCode.REALNAME_REQUIRED, '请先完成实名认证'),
  /**
   * One answer for a wrong name and for a 身份证号 real-named by another account: the answer must not tell a stranger
   * whether a 身份证号 has an account here.
   */
  realnameMismatch: () =>
    new AppError(
      400,
      ErrorCode.REALNAME_MISMATCH,
      '实名认证未通过：请核对姓名和身份证号后重新输入。如该身份证号已在其他手机号上实名认证，请使用原手机号登录'
    ),
  realnameTooMany: () =>
    new AppError(429, ErrorCode.REALNAME_TOO_MANY, '实名认证未通过的次数过多，请明天再试，或到医保经办机构窗口办理'),
  realnameSwitch: () =>
    new AppError(409, ErrorCode.REALNAME_ALREADY_SET, '本账号已完成实名认证，不能更换为其他人'),
  /** the case workflow (bff/src/workflow/machine.ts): e.g. 办件当前为“审核中”，不能执行“受理” */
  transitionNotAllowed: (statusLabel: string, actionLabel: string, hint: string | null = null) =>
    new AppError(
      409,
      ErrorCode.TRANSITION_NOT_ALLOWED,
      `办件当前为“${statusLabel}”，不能执行“${actionLabel}”${hint ? `：${hint}` : ''}`
    ),
  trackingNoRequired: () => new AppError(400, ErrorCode.TRACKING_NO_REQUIRED, '邮寄送达请填写快递运单号，参保人凭运单号查询邮件', { trackingNo: '请填写快递运单号' }),
  paperMaterialUnknown: () => new AppError(400, ErrorCode.PAPER_MATERIAL_UNKNOWN, '所选材料不是本办件需核验的纸质原件，请重新勾选'),
  timeLimitNotExtendable: (why: string) => new AppError(409, ErrorCode.TIME_LIMIT_NOT_EXTENDABLE, why),
  // ---- the guide is a contract (domain/guide-contract.ts) ----
  supplementNotInGuide: (what: string) =>
    new AppError(400, ErrorCode.SUPPLEMENT_NOT_IN_GUIDE, `补正只能要求办事指南所列的材料，“${what}”不在本办件所依据的办事指南中；确需其他材料的，请先修订办事指南`, {
      materialIds: '请从办事指南所列材料中勾选'
    }),
  supplementCopyNotGiven: (name: string) =>
    new AppError(400, ErrorCode.SUPPLEMENT_COPY_NOT_GIVEN, `申请人尚未提交“${name}”，不能要求重新提供更清晰的版本，请改为要求补交该材料`, {
      betterCopy: '只能对已提交的材料要求更清晰的版本'
    }),
  rejectionWithoutGuideCondition: () =>
    new AppError(400, ErrorCode.REJECTION_WITHOUT_GUIDE_CONDITION, '不予办理须引用本办件所依据的办事指南中未满足的申请条件或违反的禁止性要求，请勾选', {
      conditions: '请勾选办事指南中的条件'
    }),
  timeLimitPassed: (due: string, what: string) =>
    new AppError(409, ErrorCode.TIME_LIMIT_PASSED, `办理期限已于 ${due} 届满且未在届满前办理延期，不能再${what}；请尽快作出办理决定`),
  reassignSameStaff: (name: string) => new AppError(409, ErrorCode.REASSIGN_SAME_STAFF, `办件已由 ${name} 经办，请选择其他工作人员`),
  paymentAmountRequired: (itemName: string) =>
    new AppError(400, ErrorCode.PAYMENT_AMOUNT_REQUIRED, `“${itemName}”办结时须填写支付给申请人的金额（amountFen，单位：分）`),
  calendarInvalid: (problems: string[]) => new AppError(400, ErrorCode.CALENDAR_INVALID, `节假日安排文件有误：${problems.slice(0, 5).join('；')}`),
  // ---- material uploads (001 §5.1.2: the requirements of each upload are stated to the citizen) ----
  uploadMissing: () => new AppError(400, ErrorCode.UPLOAD_MISSING, '没有收到文件，请选择要上传的照片或文件后重试'),
  uploadEmpty: () => new AppError(400, ErrorCode.UPLOAD_MISSING, '文件是空的，请重新选择要上传的照片或文件'),
  uploadTooLarge: (maxMb: number) =>
    new AppError(413, ErrorCode.UPLOAD_TOO_LARGE, `文件太大，单个文件不能超过 ${maxMb}MB，请压缩后重新上传`),
  uploadTypeUnsupported: (allowed: string) =>
    new AppError(415, ErrorCode.UPLOAD_TYPE_UNSUPPORTED, `不支持该文件类型，此项材料请上传${allowed}`),
  uploadHeicUnsupported: () =>
    new AppError(
      415,
      ErrorCode.UPLOAD_TYPE_UNSUPPORTED,
      '暂时无法识别该 HEIC 格式照片，请在手机相机设置中选择“兼容性最佳”后重新拍摄，或转存为 JPG 后上传'
    ),
  uploadPdfEncrypted: () =>
    new AppError(415, ErrorCode.UPLOAD_TYPE_UNSUPPORTED, 'PDF 文件设置了密码或加密，请上传未加密的 PDF 文件'),
  uploadPdfActive: () =>
    new AppError(415, ErrorCode.UPLOAD_TYPE_UNSUPPORTED, 'PDF 文件含有脚本等动态内容，出于安全考虑无法接收，请另存为普通 PDF 或拍照上传'),
  uploadCorrupt: (kind: '图片' | 'PDF 文件') =>
    new AppError(422, ErrorCode.UPLOAD_CORRUPT, `${kind}不完整或已损坏，无法打开，请重新拍摄或选择文件后上传`),
  uploadTooBig: (maxSide: number, maxMegapixels: number) =>
    new AppError(
      422,
      ErrorCode.UPLOAD_DIMENSIONS,
      `图片尺寸过大（长、宽不超过 ${maxSide} 像素，总像素不超过 ${maxMegapixels} 万），请缩小后重新上传`
    ),
  uploadTooSmall: (minSide: number) =>
    new AppError(
      422,
      ErrorCode.UPLOAD_DIMENSIONS,
      `图片太小（长、宽至少 ${minSide} 像素），材料内容可能看不清，请重新拍摄清晰、完整的照片`
    )
}

/** Chinese names of request fields, for messages like "事项编号：不能超过 64 个字". */
const FIELD_LABELS: Record<string, string> = {
  region: '地区',
  department: '办事部门',
  id: '事项编号',
  q: '搜索内容'
}

/** The message zod would write by default for this issue (English). */
function defaultMessage(issue: ZodIssue): string {
  try {
    return z.defaultErrorMap(issue, { defaultError: issue.message, data: undefined }).message
  } catch {
    return issue.message
  }
}

function zhGeneric(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return '必须填写'
      if (issue.expected === 'string') return '应为文本'
      if (issue.expected === 'number' || issue.expected === 'integer') return '应为数字'
      return '格式不正确'
    case 'too_small':
      if (issue.type === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${issue.minimum} 个字`
      if (issue.type === 'array') return `至少选择 ${issue.minimum} 项`
      return `不能小于 ${issue.minimum}`
    case 'too_big':
      if (issue.type === 'string') return `不能超过 ${issue.maximum} 个字`
      if (issue.type === 'array') return `最多 ${issue.maximum} 项`
      return `不能大于 ${issue.maximum}`
    case 'invalid_enum_value':
      return `应为以下之一：${issue.options.join('、')}`
    case 'unrecognized_keys':
      return `包含无法识别的内容：${issue.keys.join('、')}`
    default:
      return '格式不正确'
  }
}

/**
 * A Chinese message for one zod issue: the schema's own message when it set one (the contract's messages are
 * Chinese, e.g. "地区编码应为 6 位数字"), else a Chinese one by issue kind, prefixed with the field's name.
 */
export function zhIssueMessage(issue: ZodIssue): string {
  if (issue.message !== defaultMessage(issue)) return issue.message
  const key = issue.path.length ? String(issue.path[issue.path.length - 1]) : ''
  const label = FIELD_LABELS[key]
  return label ? `${label}${zhGeneric(issue).startsWith('必须') ? '' : '：'}${zhGeneric(issue)}` : zhGeneric(issue)
}

/** 400 VALIDATION_FAILED with `fields` (path → Chinese message) and the first field's message as `message`. */
export function validationError(issues: ZodIssue[]): AppError {
  const fields: Record<string, string> = {}
  for (const issue of issues) {
    const path = issue.path.length ? issue.path.join('.') : '_'
    fields[path] ??= zhIssueMessage(issue)
  }
  const first = Object.values(fields)[0] ?? '提交的信息有误'
  return new AppError(400, ErrorCode.VALIDATION, first, fields)
}

/** 400 VALIDATION_FAILED from field messages (e.g. contract/forms.ts checkForm), keyed `values.<field>`. */
export function fieldsError(fieldMessages: Record<string, string>, prefix = 'values'): AppError {
  const fields: Record<string, string> = {}
  for (const [k, m] of Object.entries(fieldMessages)) fields[prefix ? `${prefix}.${k}` : k] = m
  return new AppError(400, ErrorCode.VALIDATION, Object.values(fieldMessages)[0] ?? '提交的信息有误', fields)
}
