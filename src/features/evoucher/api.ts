import { EVoucherSchema, EVoucherUsageSchema, NotMeResultSchema, type EVoucher, type EVoucherUsage, type NotMeResult } from '@contract'
import { apiGet, apiPost } from '@/shared/api/client'

/** The e-voucher routes of contract/evoucher.ts. */
export const EVOUCHER_API = {
  voucher: '/api/v1/evoucher',
  usage: '/api/v1/evoucher/usage',
  notMe: (id: string) => `/api/v1/evoucher/usage/${encodeURIComponent(id)}/not-me`
} as const

const insured = (insuredId: string) => (insuredId === 'self' ? undefined : { insuredId })

/** A fresh code for oneself, or for a family member who granted `evoucher` (`insuredId`). */
export function fetchEVoucher(insuredId = 'self'): Promise<EVoucher> {
  return apiGet(EVOUCHER_API.voucher, EVoucherSchema, insured(insuredId))
}

/** 使用记录: every decode of the person's codes, newest first, and the freeze in force. */
export function fetchEVoucherUsage(insuredId = 'self'): Promise<EVoucherUsage> {
  return apiGet(EVOUCHER_API.usage, EVoucherUsageSchema, insured(insuredId))
}

/** 「不是我」 on one entry (idempotent in the BFF: a second tap answers the same report). */
export function reportNotMe(entryId: string): Promise<NotMeResult> {
  return apiPost(EVOUCHER_API.notMe(entryId), NotMeResultSchema)
}
