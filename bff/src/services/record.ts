import { createHash, randomInt } from 'node:crypto'
import type { ResultVerification } from '../../../contract/apply'
import { maskIdNumber, maskName } from '../../../contract/identity'
import type { Contributions, Enrollment, FamilySharing, PersonalAccount, Visits } from '../../../contract/record'
import type { RecordAdapter, RegionLookup } from '../adapters/record/types'
import type { FileStorage } from '../adapters/storage/types'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'
import { renderCertificatePdf } from '../adapters/record/certificate'
import { newVerifyCode, normalizeVerifyCode } from '../adapters/casesystem/result-pdf'
import type { InsuredPerson, PersonAccess } from './access'
import type { AuthUser } from './auth-user'
import type { CatalogService } from './catalog'

/** The catalog as a RegionLookup: cities and counties it serves, with their 医保经办机构 where configured. */
export function catalogRegions(catalog: CatalogService): RegionLookup {
  return (code) => {
    try {
      const r = catalog.region(code)
      return { name: r.node.name, fullName: r.fullName, agencyName: r.config?.offices.agency.name ?? null }
    } catch {
      return null
    }
  }
}

function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** the UTC instant at which the Shanghai day of `at` began */
function shanghaiDayStart(at: Date): string {
  return new Date(Date.parse(`${shanghaiDay(at)}T00:00:00+08:00`)).toISOString()
}

interface CertificateRow {
  verify_code: string
  certificate_no: string
  id_number: string
  name: string
  actor_user_id: string
  sha256: string
  storage_key: string
  issued_at: string
}

/**
 * Issued 参保证明 (table certificates, migration 007): the PDF in file storage, its sha256 and verification code in
 * SQLite. `verify` answers GET/POST /api/v1/results/verify/:code for certificates (ApplyService.verify asks it when
 * the code is not a result document's).
 */
export class CertificateStore {
  private readonly q

  constructor(private readonly d: { db: Db; storage: FileStorage; publicBaseUrl: string }) {
    this.q = {
      latestSince: d.db.prepare<[string, string], CertificateRow>(
        // verify_code: a unique tie-breaker for two certificates of the same instant
        'SELECT * FROM certificates WHERE id_number = ? AND issued_at >= ? ORDER BY issued_at DESC, verify_code DESC LIMIT 1'
      ),
      numberCount: d.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM certificates WHERE certificate_no = ?'),
      insert: d.db.prepare<[string, string, string, string, string, string, string, string]>(
        'INSERT INTO certificates (verify_code, certificate_no, id_number, name, actor_user_id, sha256, storage_key, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      ),
      byVerifyCode: d.db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE verify_code = ?')
    }
  }

  verifyUrl(code: string): string {
    return `${this.d.publicBaseUrl}/api/v1/results/verify/${code}`
  }

  /** the certificate issued for this person since `since` (the latest), with its bytes */
  async latestSince(idNumber: string, since: string): Promise<{ row: CertificateRow; pdf: Buffer } | null> {
    const row = await this.q.latestSince.get(idNumber, since)
    if (!row) return null
    const pdf = await this.d.storage.get(row.storage_key)
    return pdf ? { row, pdf } : null
  }

  /** a new certificate number: CBZM + the Shanghai date + 6 random digits, unused so far */
  async newNumber(at: Date): Promise<string> {
    for (;;) {
      const no = `CBZM${shanghaiDay(at).replace(/-/g, '')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`
      if ((await this.q.numberCount.get(no))?.n === 0) return no
    }
  }

  async save(c: { verifyCode: string; certificateNo: string; idNumber: string; name: string; actorUserId: string; issuedAt: string; pdf: Buffer }): Promise<void> {
    const { key } = await this.d.storage.put(c.pdf)
    await this.q.insert.run(c.verifyCode, c.certificateNo, c.idNumber, c.name, c.actorUserId, createHash('sha256').update(c.pdf).digest('hex'), key, c.issuedAt)
  }

  /** null when the code is not a certificate's */
  async verify(code: string, pdf?: Buffer): Promise<ResultVerification | null> {
    const row = await this.q.byVerifyCode.get(normalizeVerifyCode(code))
    if (!row) return null
    return {
      genuine: true,
      ...(pdf ? { unaltered: createHash('sha256').update(pdf).digest('hex') === row.sha256 } : {}),
      kind: 'certificate',
      title: '参保证明',
      caseNo: row.certificate_no,
      itemName: '参保证明',
      applicantName: maskName(row.name),
      decision: 'approved',
      issuedAt: row.issued_at,
      sha256: row.sha256
    }
  }
}

export interface RecordDeps {
  adapter: RecordAdapter
  /** who may read whose record (self, or a member under a grant with scope `record`) */
  access: PersonAccess
  certificates: CertificateStore
  region: RegionLookup
  now: () => Date
}

/**
 * 医保云档案 (000 §3.3, §6.1.6 b): 参保信息, 缴费记录, 个人账户, 就诊明细 and 结算清单, 家庭共济, and the 参保证明 PDF,
 * for the user or a member they hold a `record` grant for. Every read for a member is logged for the member
 * (他人为我办理).
 */
export class RecordService {
  constructor(private readonly d: RecordDeps) {}

  private async person(user: AuthUser, insuredId: string | undefined, action: string, label: string): Promise<InsuredPerson> {
    const person = await this.d.access.resolve(user, insuredId, 'record')
    if (person.memberId !== null) await this.d.access.logProxyAction(user, person, action, label)
    return person
  }

  private get demo(): boolean {
    return this.d.adapter.demo
  }

  async enrollment(user: AuthUser, insuredId?: string): Promise<Enrollment> {
    const p = await this.person(user, insuredId, 'record.enrollment', '查看参保信息')
    const e = await this.d.adapter.enrollment(p.idNumber, this.d.now())
    return { demo: this.demo, name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), ...e }
  }

  async contributions(user: AuthUser, insuredId?: string): Promise<Contributions> {
    const p = await this.person(user, insuredId, 'record.contributions', '查看缴费记录')
    return { demo: this.demo, contributions: await this.d.adapter.contributions(p.idNumber, this.d.now()) }
  }

  async account(user: AuthUser, insuredId?: string): Promise<PersonalAccount> {
    const p = await this.person(user, insuredId, 'record.account', '查看个人账户')
    return { demo: this.demo, ...(await this.d.adapter.account(p.idNumber, this.d.now())) }
  }

  async visits(user: AuthUser, insuredId?: string): Promise<Visits> {
    const p = await this.person(user, insuredId, 'record.visits', '查看就诊明细')
    return { demo: this.demo, visits: await this.d.adapter.visits(p.idNumber, this.d.now()) }
  }

  async familySharing(user: AuthUser, insuredId?: string): Promise<FamilySharing> {
    const p = await this.person(user, insuredId, 'record.familySharing', '查看家庭共济')
    const f = await this.d.adapter.familySharing(p.idNumber, this.d.now())
    return { demo: this.demo, ...f, sharedWith: f.sharedWith.map((s) => ({ ...s, name: maskName(s.name) })) }
  }

  /**
   * 参保证明 as a signed, verifiable PDF (000 §6.1.6 b). One per person and Shanghai day: a second download the same
   * day returns the same document (same code), so tapping twice does not issue two. 409 NOT_INSURED for a person
   * who is not insured.
   */
  async certificate(user: AuthUser, insuredId?: string): Promise<{ pdf: Buffer; fileName: string }> {
    const p = await this.person(user, insuredId, 'record.certificate', '开具参保证明')
    const now = this.d.now()
    const e = await this.d.adapter.enrollment(p.idNumber, now)
    if (!e.insured || !e.insuranceType || !e.insuredPlace || e.periods.length === 0) throw errors.notInsured()
    const today = await this.d.certificates.latestSince(p.idNumber, shanghaiDayStart(now))
    if (today) return { pdf: today.pdf, fileName: `${today.row.certificate_no}.pdf` }

    const verifyCode = newVerifyCode()
    const certificateNo = await this.d.certificates.newNumber(now)
    const issuedAt = now.toISOString()
    const place = e.insuredPlace.code
    const issuer =
      this.d.region(place)?.agencyName ??
      this.d.region(`${place.slice(0, 4)}00`)?.agencyName ??
      `${e.insuredPlace.name}医疗保障经办机构`
    const pdf = await renderCertificatePdf({
      certificateNo,
      issuer,
      name: p.name,
      idNumber: p.idNumber,
      insuredPlace: e.insuredPlace.name,
      insuranceType: e.insuranceType,
      status: e.status,
      paidMonths: e.paidMonths,
      periods: e.periods,
      issuedAt,
      verifyCode,
      verifyUrl: this.d.certificates.verifyUrl(verifyCode),
      demo: this.demo
    })
    await this.d.certificates.save({ verifyCode, certificateNo, idNumber: p.idNumber, name: p.name, actorUserId: user.id, issuedAt, pdf })
    return { pdf, fileName: `${certificateNo}.pdf` }
  }
}
