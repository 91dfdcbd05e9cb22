import { z } from 'zod'
import type { FormField, FormSchema } from './catalog'
import { ID_NUMBER_MESSAGES, idNumberProblem, maskBankAccount, maskIdNumber, maskName, maskPhone, PHONE_PATTERN } from './identity'

/**
 * One zod schema per item form, built from the catalog's form schema (001 §5.1.2–5.1.3). The app validates each
 * field as it is filled (messages next to the field) and the BFF validates the same values on save and submit,
 * so the two never disagree.
 *
 * Values are strings as typed (dates YYYY-MM-DD, regions 6-digit codes, selects one of the options).
 */
export type FormValues = Record<string, string>

export const FORM_TEXT_MAX = 50
export const FORM_ADDRESS_MAX = 100
export const FORM_LONG_TEXT_MAX = 500

/** Today's date in Asia/Shanghai as YYYY-MM-DD (the agencies' calendar, whatever the device's zone). */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** A Chinese keyboard's full-width digits, letters, brackets and dashes as ASCII; the ideographic space as a space. */
export function halfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2010-\u2015\u2212\u30FC\uFE63]/g, '-')
    .replace(/\u3000/g, ' ')
}

export const LANDLINE_PATTERN = /^0\d{2,3}-?\d{7,8}$/

/**
 * A phone number as people write it → the form the rules check and the agency stores: a mobile as 11 digits
 * ("138 0000 0001", "138-0000-0001", "+86 13800000001" → 13800000001); a landline as area code, hyphen, number
 * ("0578 2123456", "(0578)2123456", "0578－2123456" → 0578-2123456; "057822123456" stays as written). Anything else is
 * returned without its spaces, for the rule to refuse with its message.
 */
export function normalizePhone(raw: string): string {
  const t = halfWidth(raw).trim()
  const digits = t.replace(/[\s\-()]/g, '')
  const mobile = digits.replace(/^(\+?0{0,2}86)(?=1\d{10}$)/, '')
  if (PHONE_PATTERN.test(mobile)) return mobile
  const landline = /^\(?(0\d{2,3})\)?[\s-]*(\d{7,8})$/.exec(t)
  if (landline) return /[\s\-()]/.test(t) ? `${landline[1]}-${landline[2]}` : `${landline[1]}${landline[2]}`
  return t.replace(/\s+/g, '')
}

/** A bank account as typed ("6222 0212 3456 7890", with dashes or full-width digits) → its digits. */
export function normalizeBankAccount(raw: string): string {
  return halfWidth(raw).replace(/[\s-]+/g, '')
}

/** A 身份证号 as typed → 18 characters without spaces, the check character X upper-cased. */
export function normalizeIdNumber(raw: string): string {
  return halfWidth(raw).replace(/\s+/g, '').toUpperCase()
}

/**
 * What a field keeps once the citizen leaves it: the same normalisation the validation applies (the BFF stores the
 * normalised value too), so the field shows what will be sent. Text fields keep what was typed.
 */
export function normalizeFieldValue(field: FormField, raw: string): string {
  if (field.kind === 'phone') return normalizePhone(raw)
  if (field.kind === 'bankAccount') return normalizeBankAccount(raw)
  if (field.kind === 'idNumber') return normalizeIdNumber(raw)
  return raw
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const [y, m, d] = s.split('-').map(Number)
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

/** The schema of one non-empty value of a field (emptiness is handled by fieldSchema). */
function valueSchema(field: FormField, now: Date): z.ZodType<string, z.ZodTypeDef, string> {
  const label = field.label
  switch (field.kind) {
    case 'idNumber':
      // as IdNumberSchema, with the birth date checked against the injected `now`
      return z
        .string()
        .transform(normalizeIdNumber)
        .superRefine((s, ctx) => {
          const p = idNumberProblem(s, now)
          if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: ID_NUMBER_MESSAGES[p] })
        })
    case 'phone':
      // mobile or a landline with area code (0578-2123456), as typed: spaces, dashes, brackets, +86 (normalizePhone)
      return z
        .string()
        .transform(normalizePhone)
        .refine((s) => PHONE_PATTERN.test(s) || LANDLINE_PATTERN.test(s), `请输入正确的${label}（11 位手机号或带区号的固定电话）`)
    case 'date':
      return z
        .string()
        .trim()
        .refine(isRealDate, `请选择正确的${label}`)
        .superRefine((s, ctx) => {
          const today = shanghaiToday(now)
          if (field.dateRange === 'past' && s > today)
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label}不能晚于今天` })
          if (field.dateRange === 'future' && s < today)
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label}不能早于今天` })
        })
    case 'region':
      return z.string().trim().regex(/^\d{6}$/, `请选择${label}`)
    case 'select':
      return z
        .string()
        .trim()
        .refine((s) => (field.options ?? []).includes(s), `请从列表中选择${label}`)
    case 'bankAccount':
      // personal bank cards are 16–19 digits, accounts up to 30; spaces and dashes as typed are removed
      return z
        .string()
        .transform(normalizeBankAccount)
        .refine((s) => /^\d{12,30}$/.test(s), `${label}应为 12–30 位数字，请核对`)
    case 'address': {
      const max = field.maxLength ?? FORM_ADDRESS_MAX
      return z
        .string()
        .trim()
        .min(5, `请填写详细${label}（省市县、街道、门牌号）`)
        .max(max, `${label}不能超过 ${max} 个字`)
    }
    case 'longText': {
      const max = field.maxLength ?? FORM_LONG_TEXT_MAX
      return z.string().trim().max(max, `${label}不能超过 ${max} 个字`)
    }
    case 'text':
    default: {
      const max = field.maxLength ?? FORM_TEXT_MAX
      return z.string().trim().max(max, `${label}不能超过 ${max} 个字`)
    }
  }
}

function emptyMessage(field: FormField): string {
  const pick = field.kind === 'select' || field.kind === 'date' || field.kind === 'region'
  return `请${pick ? '选择' : '填写'}${field.label}`
}

/** The schema of one field's value: required fields must be non-empty; optional ones may be '' or absent. */
export function fieldSchema(field: FormField, now: Date = new Date()): z.ZodType<string | undefined, z.ZodTypeDef, unknown> {
  const inner = valueSchema(field, now)
  return z
    .string({ invalid_type_error: `${field.label}格式不正确` })
    .optional()
    .superRefine((v, ctx) => {
      const empty = v === undefined || v.trim() === ''
      if (empty) {
        if (field.required) ctx.addIssue({ code: z.ZodIssueCode.custom, message: emptyMessage(field) })
        return
      }
      const r = inner.safeParse(v)
      if (!r.success) ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error.issues[0]?.message ?? `${field.label}格式不正确` })
    })
    .transform((v) => {
      if (v === undefined || v.trim() === '') return undefined
      const r = inner.safeParse(v)
      return r.success ? r.data : v
    })
}

/** Whether a field must be filled in given the other values: `required`, or `requiredWhen` the other field says so. */
export function isRequired(field: FormField, values: Record<string, unknown> = {}): boolean {
  if (field.required) return true
  const w = field.requiredWhen
  return w !== undefined && values[w.key] === w.equals
}

/**
 * The whole form: strict (unknown keys are refused), every field by its kind, and a field that is required only with
 * another field's answer (收件地址 when the result is to be mailed) checked against that answer.
 */
export function formSchema(form: FormSchema, now: Date = new Date()) {
  const shape: Record<string, z.ZodTypeAny> = {}
  for (const f of form.fields) shape[f.key] = fieldSchema(f, now)
  return z
    .object(shape)
    .strict()
    .superRefine((values, ctx) => {
      for (const f of form.fields) {
        if (f.required || !isRequired(f, values) || values[f.key] !== undefined) continue
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [f.key], message: emptyMessage(f) })
      }
    })
}

export interface FormCheck {
  ok: boolean
  /** normalised values (trimmed, X upper-cased, spaces out of bank accounts); empty optional fields dropped */
  values: FormValues
  /** field key → Chinese message */
  errors: Record<string, string>
}

/** Validates values against a form; used on submit (all fields) and per field as the citizen types. */
export function checkForm(form: FormSchema, values: Record<string, unknown>, now: Date = new Date()): FormCheck {
  const r = formSchema(form, now).safeParse(values)
  if (r.success) {
    const out: FormValues = {}
    for (const [k, v] of Object.entries(r.data)) if (typeof v === 'string') out[k] = v
    return { ok: true, values: out, errors: {} }
  }
  const errors: Record<string, string> = {}
  for (const issue of r.error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const k of issue.keys) errors[k] ??= '表单中没有这一项，请刷新后重试'
      continue
    }
    const key = String(issue.path[0] ?? '_')
    errors[key] ??= issue.message
  }
  return { ok: false, values: {}, errors }
}

/**
 * The message for one field's value, or null when it is fine (live validation next to the field). `values` are the
 * form's other answers, for a field required only with one of them (requiredWhen).
 */
export function checkField(field: FormField, value: string | undefined, now: Date = new Date(), values: Record<string, unknown> = {}): string | null {
  const r = fieldSchema(field, now).safeParse(value)
  if (!r.success) return r.error.issues[0]?.message ?? `${field.label}格式不正确`
  return r.data === undefined && isRequired(field, values) ? emptyMessage(field) : null
}

/**
 * A value on the citizen's own case page: personal numbers and the applicant's name masked (maskFieldValue), and a
 * region written as its name (浙江省丽水市莲都区), never its 6-digit code.
 */
export function citizenFieldValue(field: FormField | undefined, value: string, regionName: (code: string) => string | null): string {
  if (field?.kind === 'region') return regionName(value) ?? value
  return maskFieldValue(field, value)
}

/** A value as a citizen's screen shows it back: personal numbers and the applicant's name masked by the field's kind. */
export function maskFieldValue(field: FormField | undefined, value: string): string {
  if (!field) return value
  if (field.kind === 'idNumber') return maskIdNumber(value)
  if (field.kind === 'phone') return maskPhone(value)
  if (field.kind === 'bankAccount') return maskBankAccount(value)
  if (field.prefill === 'applicantName') return maskName(value)
  return value
}

/**
 * 结果送达 (001 §5.2.3.6): an item whose result is a paper document (就医凭证…) asks on its form how the citizen wants
 * it — 窗口自取, or 邮寄送达 to the address they give (required then). These are that question's keys and answers;
 * the catalog tests hold every such item to them.
 */
export const RESULT_DELIVERY = { methodKey: 'deliveryMethod', addressKey: 'mailingAddress', pickup: '窗口自取', mail: '邮寄送达' } as const

export interface ResultDeliveryChoice {
  method: 'pickup' | 'mail'
  /** the address to mail to (mail only) */
  address: string | null
}

/** The way the citizen chose to receive a paper result, or null when the item has none (or it was not chosen). */
export function resultDeliveryChoice(form: FormSchema | null | undefined, values: Record<string, string>): ResultDeliveryChoice | null {
  if (!form?.fields.some((f) => f.key === RESULT_DELIVERY.methodKey)) return null
  const method = values[RESULT_DELIVERY.methodKey]
  if (method === RESULT_DELIVERY.pickup) return { method: 'pickup', address: null }
  if (method === RESULT_DELIVERY.mail) return { method: 'mail', address: values[RESULT_DELIVERY.addressKey]?.trim() || null }
  return null
}

/** The choice as a case shows it: with the office to collect it from (窗口自取), or the address it is mailed to. */
export function resultDeliveryView(
  form: FormSchema | null | undefined,
  values: Record<string, string>,
  officeAddress: string | null
): (ResultDeliveryChoice & { office: string | null }) | null {
  const choice = resultDeliveryChoice(form, values)
  return choice ? { ...choice, office: choice.method === 'pickup' ? officeAddress : null } : null
}

/**
 * Where an item pays money to the citizen (报销, 退费, 个人账户支取): its form asks for the account to pay into. The keys
 * of those fields, or null when the item pays nothing. The agency records the amount when it decides (办结).
 */
export interface PayoutFields {
  bankAccount: string
  bankName: string | null
  accountName: string | null
}

export function payoutFields(form: FormSchema | null | undefined): PayoutFields | null {
  const account = form?.fields.find((f) => f.kind === 'bankAccount')
  if (!form || !account) return null
  const named = (re: RegExp): string | null => form.fields.find((f) => f.key !== account.key && re.test(f.label))?.key ?? null
  return { bankAccount: account.key, bankName: named(/开户银行/), accountName: named(/账户名|户名/) }
}
