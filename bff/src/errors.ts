import { z, type ZodIssue } from 'zod'
import { SEARCH_QUERY_MAX } from '../../contract/catalog'
import { ErrorCode, type ApiError } from '../../contract/common'

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
  internal: () => new AppError(500, ErrorCode.INTERNAL, '系统繁忙，请稍后再试'),
  unavailable: () => new AppError(503, ErrorCode.UPSTREAM_UNAVAILABLE, '服务暂时不可用，请稍后再试')
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
