import type { Db } from '../../db'
import { EmbeddedEVoucherAdapter } from './embedded'
import type { EVoucherAdapter } from './types'

export type { DecodeOutcome, EVoucherAdapter, IssueRequest, IssuedCode } from './types'
export { EmbeddedEVoucherAdapter, newEVoucherCode } from './embedded'

/** Picks the e-voucher adapter; only the embedded one (demonstration codes in the database) exists so far. */
export function createEVoucherAdapter(kind: 'embedded', deps: { db: Db }): EVoucherAdapter {
  switch (kind) {
    case 'embedded':
      return new EmbeddedEVoucherAdapter(deps.db)
  }
}
