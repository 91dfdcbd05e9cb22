import { EVoucherSchema, type EVoucher } from '@contract'
import { apiGet } from '@/shared/api/client'

/** The e-voucher route of contract/evoucher.ts. */
export const EVOUCHER_API = { voucher: '/api/v1/evoucher' } as const

/** A fresh code for oneself, or for a family member who granted `evoucher` (`insuredId`). */
export function fetchEVoucher(insuredId = 'self'): Promise<EVoucher> {
  return apiGet(EVOUCHER_API.voucher, EVoucherSchema, insuredId === 'self' ? undefined : { insuredId })
}
