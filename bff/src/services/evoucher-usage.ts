import { randomUUID } from 'node:crypto'
import { EVOUCHER_USAGE_DAYS, type EVoucherUsage, type NotMeResult, type TerminalKind } from '../../../contract/evoucher'
import { ErrorCode } from '../../../contract/common'
import { maskName } from '../../../contract/identity'
import { AppError, errors } from '../../../domain/errors'
import { activeFreeze, freezeEnd, misuseReportText, NOT_ME_NEXT_STEPS, requireNotFrozen, usageEntry, type DecodeRecord } from '../../../domain/evoucher-usage'
import type { ComplaintSystem } from '../adapters/complaints'
import type { DataSharingAdapter } from '../adapters/datasharing/types'
import type { Db } from '../db'
import type { PersonAccess } from './access'
import type { AuthUser } from './auth-user'
import type { Terminal } from './terminals'

export interface EVoucherUsageDeps {
  db: Db
  /** who may read whose log and report on it: the person, or a proxy under an `evoucher` grant */
  access: PersonAccess
  /** 「不是我」 files its report through the agency's complaint system, marked 冒用 */
  complaints: ComplaintSystem
  /** the person's 参保地: the region the report goes to */
  dataSharing: DataSharingAdapter
  now: () => Date
}

interface DecodeRow {
  id: string
  id_number: string
  decoded_at: string
  terminal_id: string
  institution_name: string
  terminal_kind: TerminalKind
  proxy_user_id: string | null
  proxy_name: string | null
  reported_at: string | null
  reported_by_user_id: string | null
  complaint_id: string | null
  complaint_no: string | null
}

const record = (r: DecodeRow): DecodeRecord => ({
  id: r.id,
  decodedAt: r.decoded_at,
  institutionName: r.institution_name,
  terminalKind: r.terminal_kind,
  terminalId: r.terminal_id,
  // a proxy whose name was not known when the code was fetched is still a proxy
  fetchedBy: r.proxy_user_id === null ? null : (r.proxy_name ?? '家庭成员'),
  reportedAt: r.reported_at,
  complaintNo: r.complaint_no
})

/** The oldest decode still kept (EVOUCHER_USAGE_DAYS): older ones are deleted on the next decode and never listed. */
const keptSince = (now: Date): string => new Date(now.getTime() - EVOUCHER_USAGE_DAYS * 24 * 3600_000).toISOString()

/**
 * The e-voucher usage log (使用记录) and 「不是我」. Every decode of a person's code is kept EVOUCHER_USAGE_DAYS days
 * with the terminal's institution and kind and the proxy who fetched the code; the person (or a proxy holding the
 * `evoucher` grant, who may show the code and so must see where it was used) reads it. 「不是我」 on an entry stops new
 * codes for the person for EVOUCHER_FREEZE_HOURS and files one 冒用 complaint with the decode's details, however
 * often it is tapped.
 */
export class EVoucherUsageService {
  constructor(private readonly d: EVoucherUsageDeps) {}

  /** Logs a decode the counter just made (called by the decode, after the code was used up). */
  async recordDecode(idNumber: string, terminal: Terminal, proxy: { userId: string; name: string | null } | null): Promise<void> {
    const now = this.d.now()
    await this.d.db.prepare('DELETE FROM evoucher_decodes WHERE id_number = ? AND decoded_at < ?').run(idNumber, keptSince(now))
    await this.d.db
      .prepare(
        'INSERT INTO evoucher_decodes (id, id_number, decoded_at, terminal_id, institution_name, terminal_kind, proxy_user_id, proxy_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run(randomUUID(), idNumber, now.toISOString(), terminal.id, terminal.institutionName, terminal.kind, proxy?.userId ?? null, proxy?.name ?? null)
  }

  private async frozenUntil(idNumber: string): Promise<string | null> {
    const row = await this.d.db.prepare<[string], { frozen_until: string }>('SELECT frozen_until FROM evoucher_freezes WHERE id_number = ?').get(idNumber)
    return activeFreeze(row?.frozen_until, this.d.now())
  }

  /** Refuses a new code while the person's codes are frozen: 423 EVOUCHER_FROZEN, saying until when. */
  async requireNotFrozen(idNumber: string): Promise<void> {
    requireNotFrozen(await this.frozenUntil(idNumber), this.d.now())
  }

  /** The person's log, newest first, and the freeze in force. */
  async list(user: AuthUser, insuredId: string | undefined): Promise<EVoucherUsage> {
    const person = await this.d.access.resolve(user, insuredId, 'evoucher')
    const rows = await this.d.db
      .prepare<[string, string], DecodeRow>('SELECT * FROM evoucher_decodes WHERE id_number = ? AND decoded_at >= ? ORDER BY decoded_at DESC, id LIMIT 200')
      .all(person.idNumber, keptSince(this.d.now()))
    return { name: maskName(person.name), frozenUntil: await this.frozenUntil(person.idNumber), entries: rows.map((r) => usageEntry(record(r), maskName)) }
  }

  private async row(id: string): Promise<DecodeRow | undefined> {
    return this.d.db.prepare<[string], DecodeRow>('SELECT * FROM evoucher_decodes WHERE id = ?').get(id)
  }

  /**
   * 「不是我」: the first tap claims the entry (one conditional UPDATE, so two taps on two instances file one report),
   * freezes new codes, files the 冒用 complaint and keeps its number; a later tap answers the same report.
   */
  async notMe(user: AuthUser, id: string): Promise<NotMeResult> {
    const found = await this.row(id)
    // another person's entry is as unknown as a missing one
    if (!found || !(await this.d.access.allows(user.id, found.id_number, 'evoucher'))) throw errors.evoucherUsageUnknown()
    const now = this.d.now()
    const at = now.toISOString()
    const claimed = await this.d.db
      .prepare('UPDATE evoucher_decodes SET reported_at = ?, reported_by_user_id = ? WHERE id = ? AND reported_at IS NULL')
      .run(at, user.id, id)
    if (claimed.changes === 1) {
      const until = freezeEnd(now).toISOString()
      // a later report extends the freeze; an earlier, longer one is not shortened
      await this.d.db
        .prepare(
          'INSERT INTO evoucher_freezes (id_number, frozen_until, decode_id, created_at) VALUES (?, ?, ?, ?) ' +
            'ON CONFLICT (id_number) DO UPDATE SET frozen_until = excluded.frozen_until, decode_id = excluded.decode_id, created_at = excluded.created_at ' +
            'WHERE evoucher_freezes.frozen_until < excluded.frozen_until'
        )
        .run(found.id_number, until, id, at)
      try {
        await this.fileReport(user, found)
      } catch (e) {
        // the report did not go: the entry can be reported again (the freeze stays, it only protects)
        await this.d.db.prepare('UPDATE evoucher_decodes SET reported_at = NULL, reported_by_user_id = NULL WHERE id = ? AND complaint_id IS NULL').run(id)
        throw e
      }
    }
    const r = (await this.row(id)) ?? found
    return {
      entry: usageEntry(record(r), maskName),
      frozenUntil: (await this.frozenUntil(r.id_number)) ?? freezeEnd(new Date(r.reported_at ?? at)).toISOString(),
      complaintNo: r.complaint_no,
      nextSteps: [...NOT_ME_NEXT_STEPS]
    }
  }

  private async fileReport(user: AuthUser, r: DecodeRow): Promise<void> {
    const personRecord = await this.d.dataSharing.person(r.id_number)
    const self = user.realName?.idNumber === r.id_number
    const text = misuseReportText(record(r), { maskedName: maskName(personRecord?.name ?? ''), reportedBy: self ? 'self' : 'guardian' }, maskName)
    const req = { subject: 'other' as const, category: 'misuse' as const, text }
    let complaint
    try {
      // to the agency of the person's 参保地
      complaint = await this.d.complaints.file(user, personRecord ? { ...req, region: personRecord.regionCode } : req)
    } catch (e) {
      // a 参保地 the catalog does not serve (unknown, or not a city or county): the agency's default region takes it
      if (!(e instanceof AppError && (e.code === ErrorCode.REGION_UNKNOWN || e.code === ErrorCode.REGION_LEVEL_UNSUPPORTED))) throw e
      complaint = await this.d.complaints.file(user, req)
    }
    await this.d.db.prepare('UPDATE evoucher_decodes SET complaint_id = ?, complaint_no = ? WHERE id = ?').run(complaint.id, complaint.complaintNo, r.id)
    if (!self) {
      // 他人为我办理: the member reads that a proxy reported a use of their code
      await this.d.access.logProxyAction(user, { name: personRecord?.name ?? '', idNumber: r.id_number, memberId: null }, 'evoucher.notMe', '报告医保码“不是我”使用')
    }
  }
}
