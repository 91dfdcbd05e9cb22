import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import { SAMPLE } from '../apply/helpers'
import { STAFF_TOKEN, citizen, citizenGet, citizenPost, evalApp, insertCase, ok, rate, type Citizen, type EvalApp } from './helpers'

/** `npm run staff -- …`: the loop and complaints from the window staff's CLI, against a listening BFF. */
const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..', '..')
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
  const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'staff.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, BFF_URL: base, STAFF_TOKEN }
  })
  return stdout
}

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
  expect(await staff('followup', caseNo, '--staff', '李芳', '--result', 'reached', '--note', '已电话回访')).toContain('已回访')
  expect(await staff('verify', caseNo, '--staff', '李芳', '--substantiated', 'no', '--note', '查看录像，态度正常')).toContain('已核实：反映的问题不属实')
  const out = await staff('explain', caseNo, '--staff', '李芳', '--note', '窗口按规定要求补充材料，已向您说明')
  expect(out).toContain('已反馈，待评价人确认')
  const mine = ok<{ evaluation: { loop: { state: string; feedback: { note: string } } } }>(await citizenGet(e.app, zhang, `/api/v1/applications/${appId}/evaluation`))
  expect(mine.evaluation.loop).toMatchObject({ state: 'feedbackReady', feedback: { note: '窗口按规定要求补充材料，已向您说明' } })

  const c = ok<{ complaintNo: string; id: string }>(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'other', category: 'other', text: '希望延长午间办理时间' }), 201)
  expect(await staff('complaints', '--status', 'received')).toContain(c.complaintNo)
  expect(await staff('answer-complaint', c.complaintNo, '--staff', '赵敏', '--text', '已调整为午间不休')).toContain('已答复')
  expect(ok<{ status: string }>(await citizenGet(e.app, zhang, `/api/v1/complaints/${c.id}`)).status).toBe('answered')

  const metrics = JSON.parse(await staff('metrics', '--region', '331102')) as { overall: { satisfaction: { denominator: number } } }
  expect(metrics.overall.satisfaction.denominator).toBe(1)
  // an illegal step exits non-zero with the stable code
  await expect(staff('rectify', caseNo, '--staff', '李芳', '--note', '整改')).rejects.toMatchObject({ stderr: expect.stringContaining('EVALUATION_STEP_NOT_ALLOWED') })
}, 60_000)
