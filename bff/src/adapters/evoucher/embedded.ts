import { randomInt } from 'node:crypto'
import { EVOUCHER_CODE_PATTERN } from '../../../../contract/evoucher'
import type { Db } from '../../db'
import type { DecodeOutcome, EVoucherAdapter, IssueRequest, IssuedCode } from './types'

/** issued codes stay in the table this long after they expire (then the next issue deletes them) */
export const EVOUCHER_KEEP_EXPIRED_MS = 24 * 3600_000

interface CodeRow {
  code: string
  id_number: string
  region_code: string
  issued_at: string
  expires_at: string
  used_at: string | null
}

function randomDigits(n: number): string {
  let out = ''
  for (let i = 0; i < n; i++) out += String(randomInt(0, 10))
  return out
}

/**
 * A code in the national format: `424` + 17 random digits + 2 random digits + the 2-digit province code of
 * the 参保地 + `0000` = 28 characters. Nothing in it is personal: the digits are random (crypto), the province is
 * shared by millions.
 */
export function newEVoucherCode(regionCode: string): string {
  const province = regionCode.slice(0, 2)
  if (!/^\d{2}$/.test(province)) throw new Error(`newEVoucherCode: not a region code: ${JSON.stringify(regionCode)}`)
  return `424${randomDigits(17)}${randomDigits(2)}${province}0000`
}

/**
 * The default e-voucher adapter: demonstration codes kept in the database (table evoucher_codes, migration 007), so
 * any instance on the same database decodes a code another issued. A decode marks the code used in one conditional
 * UPDATE … RETURNING, so two scanners decoding the same code at once get one success. Codes expired over a day ago
 * are deleted when new ones are issued, so the table stays small.
 */
export class EmbeddedEVoucherAdapter implements EVoucherAdapter {
  readonly demo = true
  private readonly purge
  private readonly insert
  private readonly markUsed
  private readonly byCode

  constructor(db: Db) {
    this.purge = db.prepare<[string]>('DELETE FROM evoucher_codes WHERE expires_at < ?')
    this.insert = db.prepare<[string, string, string, string, string]>(
      'INSERT INTO evoucher_codes (code, id_number, region_code, issued_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'
    )
    // the single use: one statement marks the code used and says whose it is, so of two scanners (on any instance)
    // decoding the same code at once exactly one gets the row back
    this.markUsed = db.prepare<[string, string, string], Pick<CodeRow, 'id_number' | 'region_code' | 'issued_at'>>(
      'UPDATE evoucher_codes SET used_at = ? WHERE code = ? AND used_at IS NULL AND expires_at > ? RETURNING id_number, region_code, issued_at'
    )
    this.byCode = db.prepare<[string], CodeRow>('SELECT * FROM evoucher_codes WHERE code = ?')
  }

  async issue(req: IssueRequest): Promise<IssuedCode> {
    const issuedAt = req.now.toISOString()
    const expiresAt = new Date(req.now.getTime() + req.ttlSeconds * 1000).toISOString()
    const purgeBefore = new Date(req.now.getTime() - EVOUCHER_KEEP_EXPIRED_MS).toISOString()
    await this.purge.run(purgeBefore)
    // 19 random digits: a collision is practically impossible, but a retry costs nothing
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newEVoucherCode(req.regionCode)
      if ((await this.insert.run(code, req.idNumber, req.regionCode, issuedAt, expiresAt)).changes === 1) return { code, issuedAt, expiresAt }
    }
    throw new Error('could not issue a unique e-voucher code')
  }

  async decode(code: string, now: Date): Promise<DecodeOutcome> {
    // anything not in the format (an altered or truncated code) is unknown without a lookup
    if (!EVOUCHER_CODE_PATTERN.test(code)) return { ok: false, reason: 'unknown' }
    const at = now.toISOString()
    const used = await this.markUsed.get(at, code, at)
    if (used) return { ok: true, idNumber: used.id_number, regionCode: used.region_code, issuedAt: used.issued_at }
    // not this decode's: say why
    const row = await this.byCode.get(code)
    if (!row) return { ok: false, reason: 'unknown' }
    return { ok: false, reason: row.used_at !== null ? 'used' : 'expired' }
  }
}
