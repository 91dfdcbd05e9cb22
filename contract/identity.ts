import { z } from 'zod'

/**
 * Personal identity data: 身份证号 (GB 11643-1999), mobile phone numbers and names — their validation and masking.
 * One implementation for the app (field messages), the BFF (request validation, responses, logs) and the mocks.
 * 001 §3.1.2: real-name identity is required before a citizen applies.
 */

/** GB 11643-1999 §8.2 weights for the 17 body digits (ISO 7064 MOD 11-2). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The check character (0-9 or X) of the 17 body digits of a 身份证号. */
export function idNumberCheckChar(body17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

export type IdNumberProblem = 'length' | 'chars' | 'region' | 'birthDate' | 'checkDigit'

/**
 * GB/T 2260 province-level codes (the first two digits of a 身份证号): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65,
 * 71 (台湾), 81 (香港), 82 (澳门), 83 (港澳台居民居住证 of Taiwan residents).
 */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83
])

/** Why a 身份证号 is not valid, or null when it is. Birth dates must be real dates from 1900 to today (Asia/Shanghai). */
export function idNumberProblem(raw: string, today: Date = new Date()): IdNumberProblem | null {
  const id = raw.trim().toUpperCase()
  if (id.length !== 18) return 'length'
  if (!/^\d{17}[\dX]$/.test(id)) return 'chars'
  if (!PROVINCE_CODES.has(Number(id.slice(0, 2)))) return 'region'
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  // today's date in Asia/Shanghai (UTC+8, no daylight saving), so a child born today is valid at any hour
  const sh = new Date(today.getTime() + 8 * 3600_000)
  const todayUtc = Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth(), sh.getUTCDate())
  if (
    y < 1900 ||
    birth.getUTCFullYear() !== y ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth.getTime() > todayUtc
  ) {
    return 'birthDate'
  }
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return 'checkDigit'
  return null
}

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  length: '身份证号应为 18 位',
  chars: '身份证号只能包含数字，最后一位可以是 X',
  region: '身份证号前两位不是有效的省份代码，请核对',
  birthDate: '身份证号中的出生日期不正确，请核对',
  checkDigit: '身份证号校验位不正确，请逐位核对'
}

export function isValidIdNumber(raw: string): boolean {
  return idNumberProblem(raw) === null
}

/** The birth date (YYYY-MM-DD) of a valid 身份证号. */
export function birthDateOf(idNumber: string): string {
  const id = idNumber.trim()
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** GB 11643: the 17th digit is odd for men, even for women. */
export function sexOf(idNumber: string): 'male' | 'female' {
  return Number(idNumber.trim()[16]) % 2 === 1 ? 'male' : 'female'
}

/** A 身份证号 field: trimmed, upper-cased X, and checked (GB 11643 check digit). */
export const IdNumberSchema = z
  .string({ required_error: '请输入身份证号', invalid_type_error: '请输入身份证号' })
  .trim()
  .min(1, '请输入身份证号')
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const p = idNumberProblem(s)
    if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: ID_NUMBER_MESSAGES[p] })
  })

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/
export const PhoneSchema = z
  .string({ required_error: '请输入手机号码', invalid_type_error: '请输入手机号码' })
  .trim()
  .min(1, '请输入手机号码')
  .regex(PHONE_PATTERN, '请输入正确的 11 位手机号码')

/** A person's name as on the 身份证: 2–30 characters, Chinese (with · for minority names) or Latin letters. */
export const PersonNameSchema = z
  .string({ required_error: '请输入姓名', invalid_type_error: '请输入姓名' })
  .trim()
  .min(1, '请输入姓名')
  .max(30, '姓名不能超过 30 个字')
  .regex(/^[\u4e00-\u9fa5·•A-Za-z][\u4e00-\u9fa5·•A-Za-z ]*$/, '姓名只能包含汉字、字母或间隔号“·”')
  .refine((s) => [...s].length >= 2, '请输入完整姓名')

// ---------- masking: what a response or a log line shows of a person ----------

/** 330102********1234 → first 6 (region) and last 4 kept. */
export function maskIdNumber(id: string): string {
  const s = id.trim()
  if (s.length <= 10) return '*'.repeat(s.length)
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`
}

/** 138****1234 */
export function maskPhone(phone: string): string {
  const s = phone.trim()
  if (s.length < 7) return '*'.repeat(s.length)
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the family name stays so a person recognises their own case. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length === 0) return ''
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1))
}

/** 6222 **** **** 1234 → only the last 4 digits of a bank account. */
export function maskBankAccount(account: string): string {
  const s = account.replace(/\s+/g, '')
  if (s.length <= 4) return '*'.repeat(s.length)
  return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`
}
