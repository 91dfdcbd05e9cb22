import { ENROLLMENT_STATUS_LABELS, INSURANCE_TYPE_LABELS, type EVoucher, type EVoucherDecoded } from '../../../contract/evoucher'
import { maskIdNumber, maskName } from '../../../contract/identity'
import type { DataSharingAdapter, PersonRecord } from '../adapters/datasharing/types'
import type { EVoucherAdapter } from '../adapters/evoucher/types'
import type { RegionLookup } from '../adapters/record/types'
import type { Config } from '../config'
import { envOrDevSecret, type SecretSource } from '../dev-secrets'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'
import type { PersonAccess } from './access'
import type { AuthUser } from './auth-user'
import type { EVoucherUsageService } from './evoucher-usage'
import type { Terminal } from './terminals'

export interface EVoucherDeps {
  db: Db
  adapter: EVoucherAdapter
  /** how the person is insured (enrollment, 参保地): the data-sharing platform */
  dataSharing: DataSharingAdapter
  /** who may show whose code (self, or a member under a grant with scope `evoucher`) */
  access: PersonAccess
  region: RegionLookup
  now: () => Date
  /** EVOUCHER_TTL_SECONDS */
  ttlSeconds: number
  /** 使用记录: every decode is logged; 「不是我」 freezes new codes */
  usage: EVoucherUsageService
}

function insuredPlace(region: RegionLookup, code: string): { code: string; name: string } {
  return { code, name: region(code)?.fullName ?? code }
}

function isInsured(record: PersonRecord | null): record is PersonRecord & { enrollment: 'employee' | 'resident' } {
  return record !== null && record.enrollment !== 'none'
}

/**
 * 医保电子凭证 (000 §3.2, §7: identity at every pharmacy and hospital counter). The page asks for a fresh code for
 * the person acted for; a counter's scanner decodes a code once. Codes carry no personal data (the adapter keeps
 * whose they are); what the counter sees is masked.
 */
export class EVoucherService {
  constructor(private readonly d: EVoucherDeps) {}

  get demo(): boolean {
    return this.d.adapter.demo
  }

  /** A fresh code for the person (`insuredId`: self or a member the user holds an `evoucher` grant for). */
  async show(user: AuthUser, insuredId: string | undefined): Promise<EVoucher> {
    const person = await this.d.access.resolve(user, insuredId, 'evoucher')
    if (person.memberId !== null) await this.d.access.logProxyAction(user, person, 'evoucher.show', '出示医保码')
    const record = await this.d.dataSharing.person(person.idNumber)
    const now = this.d.now()
    const who = { demo: this.d.adapter.demo, name: maskName(person.name), idNumber: maskIdNumber(person.idNumber) }
    if (!isInsured(record)) {
      // no code for a person who is not insured: the app explains how to enrol
      const at = now.toISOString()
      return {
        ...who,
        code: '',
        issuedAt: at,
        expiresAt: at,
        ttlSeconds: 0,
        insured: false,
        insuredPlace: null,
        insuranceType: null,
        enrollmentStatus: ENROLLMENT_STATUS_LABELS.none
      }
    }
    await this.d.usage.requireNotFrozen(person.idNumber)
    const issued = await this.d.adapter.issue({ idNumber: person.idNumber, regionCode: record.regionCode, now, ttlSeconds: this.d.ttlSeconds })
    if (person.memberId !== null) {
      // remembered so a revoke stops this code at the counter too (decode asks the grant again)
      await this.d.db.prepare('DELETE FROM evoucher_proxy_codes WHERE expires_at < ?').run(now.toISOString())
      await this.d.db
        .prepare('INSERT INTO evoucher_proxy_codes (code, proxy_user_id, id_number, expires_at, proxy_name) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(issued.code, user.id, person.idNumber, issued.expiresAt, user.realName?.name ?? null)
    }
    return {
      ...who,
      ...issued,
      ttlSeconds: this.d.ttlSeconds,
      insured: true,
      insuredPlace: insuredPlace(this.d.region, record.regionCode),
      insuranceType: INSURANCE_TYPE_LABELS[record.enrollment],
      enrollmentStatus: ENROLLMENT_STATUS_LABELS.insured
    }
  }

  /**
   * A counter's scanner (behind the terminal key): who a live code belongs to, masked, with 参保地, 险种 and 参保状态
   * as the platform reports them now. Once only: 409 EVOUCHER_USED after, 410 EVOUCHER_EXPIRED, 404 EVOUCHER_UNKNOWN
   * for a code never issued (an altered one too). Each decode goes into the person's 使用记录 with the terminal and
   * the proxy who fetched the code.
   */
  async decode(code: string, terminal: Terminal): Promise<EVoucherDecoded> {
    const now = this.d.now()
    // a code a proxy fetched decodes only while the proxy still holds the member's `evoucher` grant: a revoke (or a
    // removed member, a narrowed grant) stops codes already shown, at once and without using them up
    const viaProxy = await this.d.db
      .prepare<[string], { proxy_user_id: string; id_number: string; proxy_name: string | null }>(
        'SELECT proxy_user_id, id_number, proxy_name FROM evoucher_proxy_codes WHERE code = ?'
      )
      .get(code.trim())
    if (viaProxy && !(await this.d.access.allows(viaProxy.proxy_user_id, viaProxy.id_number, 'evoucher'))) throw errors.evoucherRevoked()
    const out = await this.d.adapter.decode(code.trim(), now)
    if (!out.ok) {
      if (out.reason === 'expired') throw errors.evoucherExpired()
      if (out.reason === 'used') throw errors.evoucherUsed()
      throw errors.evoucherUnknown()
    }
    // the code is used up: the person reads where, whatever the platform says next
    await this.d.usage.recordDecode(out.idNumber, terminal, viaProxy ? { userId: viaProxy.proxy_user_id, name: viaProxy.proxy_name } : null)
    const record = await this.d.dataSharing.person(out.idNumber)
    if (!record) throw errors.evoucherUnknown()
    const insured = isInsured(record)
    return {
      name: maskName(record.name),
      idNumber: maskIdNumber(record.idNumber),
      insuredPlace: insuredPlace(this.d.region, out.regionCode),
      insuranceType: insured ? INSURANCE_TYPE_LABELS[record.enrollment] : null,
      enrollmentStatus: insured ? ENROLLMENT_STATUS_LABELS.insured : ENROLLMENT_STATUS_LABELS.none,
      demo: this.d.adapter.demo,
      decodedAt: now.toISOString()
    }
  }
}

// ---------- the counters' terminal key ----------

export const DEV_TERMINAL_KEY_FILE = 'terminal-key.dev'

/**
 * The key a counter's scanner sends as X-Terminal-Key: TERMINAL_KEY from the environment; else, outside
 * production, a development key made once and kept in the data folder (so `npm start` can print it). In production
 * without TERMINAL_KEY there is no key and the decode route refuses every request.
 */
export function resolveTerminalKey(config: Config): { key: string | null; source: SecretSource } {
  const { value, source } = envOrDevSecret(config.terminalKey, config, DEV_TERMINAL_KEY_FILE, 'dev-terminal')
  return { key: value, source }
}
