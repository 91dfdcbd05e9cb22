import type { FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import { ApplicationDetailSchema, type ApplicationDetail } from '../../../contract/apply'
import { SAMPLE, preparedDraft, type Session } from '../apply/helpers'
import type { StaffRole } from '../../../contract/staff'

interface Minted {
  headers: { authorization: string }
  at: number
}

const minted = new WeakMap<FastifyInstance, Map<string, Minted>>()

/**
 * Bearer headers of a staff account (created on first use, region 浙江省 unless given), for tests of the routes a
 * staff member uses. The account is opened straight through the service and a token minted for it (sign-in with
 * password and TOTP has its own tests, bff/test/staff/accounts.test.ts). A new token is minted when the test clock
 * has moved past the idle timeout since the last one, so tests that travel days keep working.
 */
export async function staffAuth(
  app: FastifyInstance,
  /** enrolled: the account has set its password and authenticator (status `active`), as a person at work has */
  opts: { role?: StaffRole; region?: string; name?: string; enrolled?: boolean } = {}
): Promise<{ authorization: string }> {
  const role = opts.role ?? 'chief'
  const region = opts.region ?? '330000'
  const name = opts.name ?? '李芳'
  const key = `${role}:${region}:${name}`
  const now = app.clock().getTime()
  let byApp = minted.get(app)
  if (!byApp) minted.set(app, (byApp = new Map()))
  const m = byApp.get(key)
  if (m && now >= m.at && now - m.at < 20 * 60_000) return m.headers
  const accounts = app.staffAccounts
  const username = `t-${role.toLowerCase()}-${region}-${Buffer.from(name).toString('hex').slice(0, 12)}`
  const existing = (await accounts.list()).find((a) => a.username === username)
  let id = existing?.id
  if (!id) {
    const made = await accounts.create({ id: 'test-admin', username: 'test-admin', name: '测试管理员', role: 'admin', regionCode: '330000' }, { username, name, role, region })
    id = made.account.id
    if (opts.enrolled) await accounts.enroll({ username, enrollCode: made.enrollCode, password: `Staff-${id.slice(0, 8)}-pass!` })
  }
  const { token } = await accounts.openSession(id)
  const headers = { authorization: `Bearer ${token}` }
  byApp.set(key, { headers, at: now })
  return headers
}

/**
 * 张丽华 submits a 医疗费用报销 of 莲都区 (a manual item whose receipts are mailed: the paper pledge is given), filled
 * as of the test clock. Answers the case as the submit answered it.
 */
export async function submitReimbursement(app: FastifyInstance, zhang: Session, now: Date): Promise<ApplicationDetail> {
  const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
  // 住院: the 一般业务 limit of 10 working days (003 §7.4.1.7; a 门诊 claim would take the 5-day tier)
  const draftId = await preparedDraft(app, zhang, 'medical-reimbursement', '331102', applicant, undefined, now, { careCategory: '住院' })
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/drafts/${draftId}/submit`,
    headers: { ...zhang.headers, 'idempotency-key': `k-${randomUUID()}` },
    payload: { paperPledge: true }
  })
  if (res.statusCode !== 201) throw new Error(`submit ${res.statusCode} ${res.body}`)
  return ApplicationDetailSchema.parse(res.json())
}
