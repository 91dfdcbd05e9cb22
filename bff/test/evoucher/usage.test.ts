import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { EVoucherSchema, EVoucherUsageSchema, NotMeResultSchema, type EVoucherUsage } from '../../../contract/evoucher'
import { SAMPLE, refresh, signIn, type Session } from '../apply/helpers'
import { shanghaiDateTime } from '../../../domain/calendar'
import { testClock } from '../auth/helpers'
import { testApp } from '../helpers'

/**
 * 医保码使用记录 and 「不是我」: every decode is logged with the terminal's institution, kind and masked id and the
 * proxy who fetched the code; the person and a proxy under the `evoucher` grant read it; 「不是我」 freezes new codes
 * for 24 h and files one 冒用 complaint, however often it is tapped.
 */
const HOUR = 3600_000
const KEY = 'usage-terminal-key-0123456789'
const LI = { name: '李明', idNumber: '330802199001010037', phone: '13800000003' }

let app: FastifyInstance
let cleanup: () => Promise<void>
const clock = testClock('2026-03-02T01:00:00.000Z')
let zhang: Session
let wang: Session
let li: Session
let pharmacyKey: string
let zhangForWang: string

beforeAll(async () => {
  const t = await testApp({
    clock: clock.now,
    config: { terminalKey: KEY, terminalInfo: { id: 'T331102000017', institutionName: '丽水市人民医院', kind: 'registration' } }
  })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
  li = await signIn(app, LI.phone, LI)
  pharmacyKey = (await app.terminals.register({ id: 'P331121000388', institutionName: '青田县百姓大药房', kind: 'pharmacy' })).key
  // 张丽华 acts for her father 王建国 under `evoucher`
  zhangForWang = (
    await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: zhang.headers, payload: { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
  ).json().id
  await app.inject({ method: 'POST', url: `/api/v1/family/requests/${zhangForWang}/accept`, headers: wang.headers, payload: { scopes: ['evoucher'] } })
})
afterAll(async () => cleanup())
beforeEach(async () => {
  for (const s of [zhang, wang, li]) await refresh(app, s)
})

const show = (s: Session, insuredId?: string): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'GET', url: `/api/v1/evoucher${insuredId ? `?insuredId=${insuredId}` : ''}`, headers: s.headers })
const decode = (code: string, key = KEY): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': key }, payload: { code } })
const usage = (s: Session, insuredId?: string): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'GET', url: `/api/v1/evoucher/usage${insuredId ? `?insuredId=${insuredId}` : ''}`, headers: s.headers })
const notMe = (s: Session, id: string): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: `/api/v1/evoucher/usage/${id}/not-me`, headers: s.headers })

async function usedAt(s: Session, key: string, insuredId?: string): Promise<void> {
  const v = EVoucherSchema.parse((await show(s, insuredId)).json())
  expect((await decode(v.code, key)).statusCode).toBe(200)
}
async function log(s: Session, insuredId?: string): Promise<EVoucherUsage> {
  const res = await usage(s, insuredId)
  expect(res.statusCode).toBe(200)
  expect(res.headers['cache-control']).toBe('private, no-store')
  return EVoucherUsageSchema.parse(res.json())
}

describe('the usage log', () => {
  it('lists each decode, newest first: time, institution, kind, masked terminal id; the proxy who fetched it', async () => {
    await usedAt(zhang, KEY)
    clock.advance(60_000)
    await usedAt(zhang, pharmacyKey, zhangForWang)
    const own = await log(zhang)
    expect(own.entries).toHaveLength(1)
    expect(own.entries[0]).toMatchObject({
      decodedAt: '2026-03-02T01:00:00.000Z',
      institutionName: '丽水市人民医院',
      terminalKind: 'registration',
      terminalKindLabel: '挂号',
      terminalId: '****0017',
      fetchedBy: null,
      reportedAt: null
    })
    // the father's log, read by his daughter under the grant and by himself: the code came from her phone
    for (const [s, id] of [[zhang, zhangForWang], [wang, undefined]] as const) {
      const his = await log(s, id)
      expect(his.name).toBe('王**')
      expect(his.entries.map((e) => [e.institutionName, e.terminalKindLabel, e.terminalId, e.fetchedBy])).toEqual([['青田县百姓大药房', '购药', '****0388', '张**']])
    }
  })

  it('is nobody else’s: a member id that is not one’s own is 404, without the grant 403', async () => {
    expect((await usage(li, zhangForWang)).statusCode).toBe(404)
    const liForWang = (
      await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: li.headers, payload: { relationship: 'other', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
    ).json().id
    expect((await usage(li, liForWang)).json().code).toBe('GRANT_REQUIRED')
    expect((await app.inject({ method: 'GET', url: '/api/v1/evoucher/usage' })).statusCode).toBe(401)
  })

  it('is written by registered terminals only: a revoked terminal’s key decodes nothing', async () => {
    const { key } = await app.terminals.register({ id: 'S331102009001', institutionName: '莲都区中医院', kind: 'settlement' })
    await app.terminals.revoke('S331102009001')
    const v = EVoucherSchema.parse((await show(li)).json())
    expect((await decode(v.code, key)).json().code).toBe('TERMINAL_UNAUTHORIZED')
    expect((await log(li)).entries).toHaveLength(0)
  })
})

describe('「不是我」', () => {
  it('freezes new codes for 24 h, files one 冒用 complaint with the decode’s details, says what to do next', async () => {
    await usedAt(li, pharmacyKey)
    const entry = (await log(li)).entries[0]!
    const first = await notMe(li, entry.id)
    expect(first.statusCode).toBe(200)
    const r = NotMeResultSchema.parse(first.json())
    expect(r.frozenUntil).toBe(new Date(clock.now().getTime() + 24 * HOUR).toISOString())
    expect(r.complaintNo).toBeTruthy()
    expect(r.entry.reportedAt).toBe(clock.now().toISOString())
    expect(r.nextSteps.join()).toContain('12393')
    expect(r.nextSteps.join()).toContain('短信')
    // a second tap (or a retry) is the same report
    const again = NotMeResultSchema.parse((await notMe(li, entry.id)).json())
    expect(again.complaintNo).toBe(r.complaintNo)
    const complaints = (await app.inject({ method: 'GET', url: '/api/v1/complaints', headers: li.headers })).json().complaints as Array<{ category: string; categoryLabel: string; text: string; complaintNo: string }>
    const misuse = complaints.filter((c) => c.category === 'misuse')
    expect(misuse).toHaveLength(1)
    expect(misuse[0]).toMatchObject({ categoryLabel: '冒用', complaintNo: r.complaintNo })
    expect(misuse[0]!.text).toContain('青田县百姓大药房（购药）')
    expect(misuse[0]!.text).toContain('P331121000388')

    // frozen: no new code, a stable code and a message saying until when (Shanghai time)
    const refused = await show(li)
    expect(refused.statusCode).toBe(423)
    expect(refused.json()).toMatchObject({ code: 'EVOUCHER_FROZEN' })
    expect(refused.json().message).toContain(shanghaiDateTime(new Date(r.frozenUntil)))
    expect(refused.headers['cache-control']).toBe('no-store')
    expect((await log(li)).frozenUntil).toBe(r.frozenUntil)
    clock.advance(24 * HOUR)
    await refresh(app, li)
    expect((await show(li)).statusCode).toBe(200)
    expect((await log(li)).frozenUntil).toBeNull()
  })

  it('is the guardian’s for a member’s entry (the member reads it in 他人为我办理), and nobody else’s', async () => {
    await usedAt(zhang, KEY, zhangForWang)
    const entry = (await log(wang)).entries[0]!
    expect((await notMe(li, entry.id)).json().code).toBe('EVOUCHER_USAGE_UNKNOWN')
    expect((await notMe(li, 'no-such-entry')).statusCode).toBe(404)
    expect((await notMe(zhang, entry.id)).statusCode).toBe(200)
    expect((await show(zhang, zhangForWang)).json().code).toBe('EVOUCHER_FROZEN')
    // her own codes are hers: not frozen
    expect((await show(zhang)).statusCode).toBe(200)
    const proxyLog = (await app.inject({ method: 'GET', url: '/api/v1/family/proxy-log', headers: wang.headers })).json().entries
    expect(proxyLog.map((e: { action: string }) => e.action)).toContain('evoucher.notMe')
    clock.advance(24 * HOUR)
  })
})
