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
        .trim()
        .transform((s) => s.toUpperCase())
        .superRefine((s, ctx) => {
          const p = idNumberProblem(s, now)
          if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: ID_NUMBER_MESSAGES[p] })
        })
    case 'phone':
      // mobile or a landline with area code (0578-2123456)
      return z
        .string()
        .trim()
        .refine((s) => PHONE_PATTERN.test(s) || /^0\d{2,3}-?\d{7,8}$/.test(s), `请输入正确的${label}（11 位手机号或带区号的固定电话）`)
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
      // personal bank cards are 16–19 digits, accounts up to 30; spaces as typed are removed
      return z
        .string()
        .transform((s) => s.replace(/\s+/g, ''))
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

/** The whole form: strict (unknown keys are refused), every field by its kind. */
export function formSchema(form: FormSchema, now: Date = new Date()) {
  const shape: Record<string, z.ZodTypeAny> = {}
  for (const f of form.fields) shape[f.key] = fieldSchema(f, now)
  return z.object(shape).strict()
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

/** The message for one field's value, or null when it is fine (live validation next to the field). */
export function checkField(field: FormField, value: string | undefined, now: Date = new Date()): string | null {
  const r = fieldSchema(field, now).safeParse(value)
  return r.success ? null : (r.error.issues[0]?.message ?? `${field.label}格式不正确`)
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
