import { z } from 'zod'

/**
 * Every 4xx/5xx from the BFF has this body: a stable machine-readable `code`
 * and a Chinese `message` that the app can show as it is.
 */
export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** field-level details for validation errors: path → Chinese message */
  fields: z.record(z.string()).optional()
})
export type ApiError = z.infer<typeof ApiErrorSchema>

/** Stable error codes. Clients switch on these, never on messages. */
export const ErrorCode = {
  VALIDATION: 'VALIDATION_FAILED',
  REGION_UNKNOWN: 'REGION_UNKNOWN',
  /** a province was given where a city or county is needed: items are offered by cities and counties */
  REGION_LEVEL_UNSUPPORTED: 'REGION_LEVEL_UNSUPPORTED',
  DEPARTMENT_UNKNOWN: 'DEPARTMENT_UNKNOWN',
  ITEM_UNKNOWN: 'ITEM_UNKNOWN',
  ITEM_NOT_IN_REGION: 'ITEM_NOT_IN_REGION',
  QUERY_EMPTY: 'QUERY_EMPTY',
  QUERY_TOO_LONG: 'QUERY_TOO_LONG',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL: 'INTERNAL_ERROR',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE'
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** 6-digit GB/T 2260 administrative division code. */
export const RegionCodeSchema = z
  .string({ required_error: '请选择地区', invalid_type_error: '地区编码应为 6 位数字' })
  .regex(/^\d{6}$/, '地区编码应为 6 位数字')
