import { maskIdNumber, maskName } from '../../../contract/identity'
import type { Contributions, Enrollment, FamilySharing, PersonalAccount, Visits } from '../../../contract/record'
import type { RecordAdapter, RegionLookup } from '../adapters/record/types'
import { errors } from '../../../domain/errors'
import { renderCertificatePdf } from '../adapters/record/certificate'
import { newVerifyCode } from '../adapters/casesystem/result-pdf'
import { shanghaiDayStart, type CertificateStore } from '../adapters/record/certificates'
import type { InsuredPerson, PersonAccess } from './access'
import type { AuthUser } from './auth-user'
import type { CatalogService } from './catalog'

/** The catalog as a RegionLookup: cities and counties it serves, with their 医保经办机构 where configured. */
export function catalogRegions(catalog: CatalogService): RegionLookup {
  return (code) => {
    const r = catalog.servedRegion(code)
    return r && { name: r.node.name, fullName: r.fullName, agencyName: r.config?.offices.agency.name ?? null }
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
