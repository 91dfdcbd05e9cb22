import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import { SAMPLE } from '../apply/helpers'
import { staffRequest, totpCode } from '../../../scripts/staff-client'
import { tempDir } from '../helpers'
import { STAFF_TOKEN, citizen, citizenGet, citizenPost, evalApp, insertCase, ok, rate, type Citizen, type EvalApp } from './helpers'

/** `npm run staff -- …`: the loop and complaints from the staff CLI, signed in as a person, against a listening BFF. */
const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..', '..')
const SESSION_FILE = join(tempDir('yb-staff-cli-'), 'session.json')
const PASSWORD = 'Chief-passphrase-for-cli-test'
let e: EvalApp
let zhang: Citizen
let base: string

beforeAll(async () => {
  e = await evalApp('2026-03-02T02:00:00.000Z')
  zhang = await citizen(e.app, SAMPLE.zhang.phone, { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber })
  await e.app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(e.app.server.address() as AddressInfo).port}`
})
afterAll(async () => e.cleanup())

async function staff(...args: string[]): Promise<string> {
  return staffWith({}, ...args)
}

async function staffWith(env: Record<string, string>, ...args: string[]): Promise<string> {
  const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'staff.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, BFF_URL: base, STAFF_SESSION_FILE: SESSION_FILE, ...env }
  })
  return stdout
}

it('signs in as a person: enrolment with the code an administrator gave, then password + one-time code', async () => {
  // the administrator (STAFF_TOKEN creates only this first one) opens an account for 李芳, 科长 of 丽水市
  const admin = (await staffRequest(base, 'POST', '/api/v1/staff/bootstrap', STAFF_TOKEN, { username: 'admin', name: '管理员', region: '330000', password: 'Seven-harbour-lights-91' })) as {
    totp: { secret: string }
  }
  const adminToken = ((await staffRequest(base, 'POST', '/api/v1/staff/session', null, { username: 'admin', password: 'Seven-harbour-lights-91', otp: totpCode(admin.totp.secret, e.clock.now()) })) as { token: string }).token
  const created = (await staffRequest(base, 'POST', '/api/v1/staff/accounts', adminToken, { username: 'lifang', name: '李芳', role: 'chief', region: '331100' })) as { enrollCode: string }
  const enrolled = await staffWith({ STAFF_PASSWORD: PASSWORD }, 'enroll', '--user', 'lifang', '--code', created.enrollCode)
  const secret = /密钥: ([A-Z2-7]+)/.exec(enrolled)![1]
  expect(await staffWith({ STAFF_PASSWORD: PASSWORD, STAFF_OTP: totpCode(secret, e.clock.now()) }, 'login', '--user', 'lifang')).toContain('已登录：李芳（科长')
  expect(statSync(SESSION_FILE).mode & 0o777).toBe(0o600)
  // a wrong code is refused with the one answer for every wrong part
  await expect(staffWith({ STAFF_PASSWORD: PASSWORD, STAFF_OTP: '000000' }, 'login', '--user', 'lifang')).rejects.toMatchObject({ stderr: expect.stringContaining('STAFF_CREDENTIALS_INVALID') })
}, 60_000)

it('runs the loop by case number: followup, verify, explain; lists and answers complaints; prints the metrics', async () => {
  const appId = await insertCase(e.db, {
    userId: zhang.userId,
    applicant: { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber },
    submittedAt: '2026-02-16T02:00:00.000Z',
    clockStartDate: '2026-02-16',
    decidedAt: '2026-03-02T01:00:00.000Z'
  })
  const caseNo = ((await e.db.prepare('SELECT case_no FROM applications WHERE id = ?').get(appId)) as { case_no: string }).case_no
  ok(await rate(e.app, zhang, appId, { level: 'dissatisfied', reasons: ['attitude'] }), 201)

  expect(await staff('evaluations', '--state', 'awaitingFollowUp')).toContain(caseNo)
  expect(await staff('followup', caseNo, '--result', 'reached', '--note', '已电话回访')).toContain('已回访')
  expect(await staff('verify', caseNo, '--substantiated', 'no', '--note', '查看录像，态度正常')).toContain('已核实：反映的问题不属实')
  const out = await staff('explain', caseNo, '--note', '窗口按规定要求补充材料，已向您说明')
  expect(out).toContain('已反馈，待评价人确认')
  // every step is recorded under the signed-in person
  expect(out).toContain('李芳')
  const mine = ok<{ evaluation: { loop: { state: string; feedback: { note: string } } } }>(await citizenGet(e.app, zhang, `/api/v1/applications/${appId}/evaluation`))
  expect(mine.evaluation.loop).toMatchObject({ state: 'feedbackReady', feedback: { note: '窗口按规定要求补充材料，已向您说明' } })

  const c = ok<{ complaintNo: string; id: string }>(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'other', category: 'other', text: '希望延长午间办理时间' }), 201)
  expect(await staff('complaints', '--status', 'received')).toContain(`${c.complaintNo}  [已受理]  网上  `)
  expect(await staff('answer-complaint', c.complaintNo, '--text', '已调整为午间不休')).toContain('已答复')
  expect(ok<{ status: string }>(await citizenGet(e.app, zhang, `/api/v1/complaints/${c.id}`)).status).toBe('answered')

  const metrics = JSON.parse(await staff('metrics', '--region', '331102')) as { overall: { satisfaction: { denominator: number } } }
  expect(metrics.overall.satisfaction.denominator).toBe(1)
  // an illegal step exits non-zero with the stable code
  await expect(staff('rectify', caseNo, '--note', '整改')).rejects.toMatchObject({ stderr: expect.stringContaining('EVALUATION_STEP_NOT_ALLOWED') })
}, 60_000)
