import type { FastifyInstance } from 'fastify'
import { ApplicationDetailSchema, type ApplicationDetail } from '../../../contract/apply'
import { FamilyMemberSchema } from '../../../contract/family'
import { idNumberCheckChar } from '../../../contract/identity'
import { digestText, SMS_DIGEST_MS } from '../../src/services/notifications'
import { outbox } from '../auth/helpers'
import { staffAuth } from '../staff/helpers'
import { testApp } from '../helpers'
import { SAMPLE, preparedDraft, refresh, signIn, type Session } from './helpers'

/**
 * What reaches the citizen's phone, and what the result promises:
 *  - a burst of staff steps on one case (six notices in 30 s) is ONE SMS, sent when the minute is over, with every step
 *    in it; in-app messages are not delayed;
 *  - an item with a paper result (领取就医凭证) keeps the delivery the citizen chose on the form: 邮寄送达 to their
 *    address, or 窗口自取 at the office — the case says which, and nothing else promises a paper result;
 *  - a family invite reaches the invited person by SMS even before they have an account, and waits for them.
 */
let now = new Date('2026-11-23T02:00:00Z')
const clock = (): Date => now
let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const zhangApplicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
const ADDRESS = '浙江省丽水市莲都区人民街100号3幢201室'

beforeAll(async () => {
  const t = await testApp({ clock })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  // what is sent, and when, is this test's business: no timer of the app sends in between (flushDue is called here)
  app.scheduler.stop()
  app.notifications.stop()
})
afterAll(async () => cleanup())

/** Moves the test clock on, keeping the citizen signed in (the access token lives 15 minutes). */
async function later(ms: number): Promise<void> {
  now = new Date(now.getTime() + ms)
  await refresh(app, zhang)
}

async function act(id: string, body: object): Promise<ApplicationDetail> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${id}/actions`, headers: await staffAuth(app), payload: body })
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)}: ${res.statusCode} ${res.body}`)
  return ApplicationDetailSchema.parse(res.json())
}

async function mine(id: string): Promise<ApplicationDetail> {
  return ApplicationDetailSchema.parse((await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: zhang.headers })).json())
}

/** 领取就医凭证 with the delivery chosen on the form, submitted. */
async function certificateCase(values: Record<string, string>): Promise<ApplicationDetail> {
  const draftId = await preparedDraft(app, zhang, 'medical-certificate', '331102', zhangApplicant)
  const draft = (await app.inject({ method: 'GET', url: `/api/v1/drafts/${draftId}`, headers: zhang.headers })).json() as { version: number; values: Record<string, string> }
  const put = await app.inject({
    method: 'PUT',
    url: `/api/v1/drafts/${draftId}`,
    headers: zhang.headers,
    payload: { values: { phone: draft.values.phone, ...values }, baseVersion: draft.version }
  })
  expect(put.statusCode).toBe(200)
  const res = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` }, payload: {} })
  if (res.statusCode !== 201) throw new Error(`submit ${res.statusCode} ${res.body}`)
  return ApplicationDetailSchema.parse(res.json())
}

describe('one SMS for the steps of one case within a minute', () => {
  it('six notices in 30 s: six messages in the app at once, one SMS a minute after the first, saying all six', async () => {
    const a = await certificateCase({ deliveryMethod: '邮寄送达', mailingAddress: ADDRESS })
    for (const step of [{ action: 'assign', staffName: '李芳' }, { action: 'accept' }, { action: 'startReview' }, { action: 'complete' }]) {
      await later(6_000)
      await act(a.id, step)
    }
    await later(6_000)
    await act(a.id, { action: 'deliver', method: 'mail', trackingNo: 'SF2026112300' })

    const notes = (await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: zhang.headers })).json() as { notifications: Array<{ applicationId: string }> }
    expect(notes.notifications.filter((n) => n.applicationId === a.id)).toHaveLength(6)
    const caseSms = async () => (await outbox(app, SAMPLE.zhang.phone)).filter((m) => m.text.includes(a.caseNo))
    // 30 s in: nothing sent yet
    expect(await app.notifications.flushDue()).toBe(0)
    expect(await caseSms()).toEqual([])
    // the minute after the first notice is over: one SMS with every step, in order
    await later(SMS_DIGEST_MS - 30_000)
    expect(await app.notifications.flushDue()).toBe(1)
    const [sms] = await caseSms()
    expect(await caseSms()).toHaveLength(1)
    expect(sms.text).toMatch(/^【医保掌上办】办件进度（1 分钟内 6 条）：/)
    const order = ['已提交', '已分配', '已受理', '审核中', '已办结', '办理结果已送达']
    const at = order.map((w) => sms.text.indexOf(w))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((x, y) => x - y)).toEqual(at)
    expect(sms.text).toContain('SF2026112300')
    // nothing is sent twice
    await later(SMS_DIGEST_MS)
    expect(await app.notifications.flushDue()).toBe(0)
  })

  it('a step more than a minute after the last SMS is an SMS of its own', async () => {
    const a = await certificateCase({ deliveryMethod: '窗口自取' })
    await later(SMS_DIGEST_MS + 1000)
    await app.notifications.flushDue()
    await later(10 * 60_000)
    await act(a.id, { action: 'assign', staffName: '李芳' })
    await later(SMS_DIGEST_MS + 1000)
    await app.notifications.flushDue()
    const texts = (await outbox(app, SAMPLE.zhang.phone)).filter((m) => m.text.includes(a.caseNo)).map((m) => m.text)
    expect(texts).toHaveLength(2)
    expect(texts[0]).toMatch(/^【医保掌上办】办件进度：已分配窗口工作人员：/)
  })

  it('notices further apart than a minute stay apart, even when nothing was sent in between', async () => {
    const a = await certificateCase({ deliveryMethod: '窗口自取' })
    await later(5 * 60_000)
    await act(a.id, { action: 'assign', staffName: '李芳' })
    await later(SMS_DIGEST_MS + 1000)
    expect(await app.notifications.flushDue()).toBe(2)
    const texts = (await outbox(app, SAMPLE.zhang.phone)).filter((m) => m.text.includes(a.caseNo)).map((m) => m.text)
    expect(texts).toHaveLength(2)
    expect(texts.every((t) => !t.includes('1 分钟内'))).toBe(true)
  })

  it('digestText: one notice as it was; several with the case named once', () => {
    expect(digestText([{ title: '申请已提交', body: '您申请的“甲”（YB1）已提交' }])).toBe('【医保掌上办】申请已提交：您申请的“甲”（YB1）已提交')
    expect(
      digestText([
        { title: '办件进度：已受理', body: '您申请的“甲（乙）”（YB1）已受理' },
        { title: '办件进度：已办结', body: '您申请的“甲（乙）”（YB1）已办结：符合条件' }
      ])
    ).toBe('【医保掌上办】办件进度（1 分钟内 2 条）：您申请的“甲（乙）”（YB1）已受理；已办结：符合条件')
  })
})

describe('a paper result goes the way the citizen chose on the form', () => {
  it('邮寄送达: the address is required, kept on the case, and the completed case says where it is mailed', async () => {
    const draftId = await preparedDraft(app, zhang, 'medical-certificate', '331102', zhangApplicant)
    const d = (await app.inject({ method: 'GET', url: `/api/v1/drafts/${draftId}`, headers: zhang.headers })).json() as { version: number }
    await app.inject({ method: 'PUT', url: `/api/v1/drafts/${draftId}`, headers: zhang.headers, payload: { values: { deliveryMethod: '邮寄送达', mailingAddress: '' }, baseVersion: d.version } })
    const refused = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': 'k-mail-no-address' }, payload: {} })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().fields).toEqual({ 'values.mailingAddress': '请填写收件地址' })

    const a = await certificateCase({ deliveryMethod: '邮寄送达', mailingAddress: ADDRESS })
    expect(a.resultDelivery).toEqual({ method: 'mail', address: ADDRESS, office: null })
    for (const step of [{ action: 'assign', staffName: '李芳' }, { action: 'accept' }, { action: 'startReview' }, { action: 'complete' }]) await act(a.id, step)
    const done = await mine(a.id)
    expect(done.nextStep).toBe(`基本医疗保险就医凭证将邮寄至：${ADDRESS}，寄出后会短信通知您`)
    expect(done.result?.payment).toBeNull()
    await act(a.id, { action: 'deliver', method: 'mail', trackingNo: 'SF1' })
    expect((await mine(a.id)).nextStep).toBeNull()
  })

  it('窗口自取: no address needed; the completed case says where to collect it', async () => {
    const a = await certificateCase({ deliveryMethod: '窗口自取', mailingAddress: '' })
    expect(a.resultDelivery?.method).toBe('pickup')
    expect(a.resultDelivery?.office).toBeTruthy()
    for (const step of [{ action: 'assign', staffName: '李芳' }, { action: 'accept' }, { action: 'startReview' }, { action: 'complete' }]) await act(a.id, step)
    expect((await mine(a.id)).nextStep).toMatch(new RegExp(`^请凭身份证件到${a.resultDelivery!.office}领取基本医疗保险就医凭证`))
  })
})

describe('a family invite reaches the invited person', () => {
  function adultId(seq: number): string {
    const body = `33010219700101${String(seq).padStart(3, '0')}`
    return body + idNumberCheckChar(body)
  }

  it('by SMS to the phone given, before they have an account; on their home once they sign in', async () => {
    const parent = { name: '周桂兰', idNumber: adultId(61), phone: '13900000961' }
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/family/members',
      headers: zhang.headers,
      payload: { relationship: 'parent', name: parent.name, idNumber: parent.idNumber, scopes: ['evoucher', 'apply'], phone: parent.phone }
    })
    expect(res.statusCode).toBe(201)
    const member = FamilyMemberSchema.parse(res.json())
    const [sms] = await outbox(app, parent.phone)
    expect(sms.text).toMatch(/^【医保掌上办】亲情账户授权申请：张\*+申请将您添加为家庭成员，并代您出示医保码、代为申办。/)
    expect(sms.text).toContain('在首页或“亲情账户”中同意或拒绝')
    // the parent signs up later: the request is waiting (home shows GET /family/requests until answered)
    const s = await signIn(app, parent.phone, parent)
    const requests = (await app.inject({ method: 'GET', url: '/api/v1/family/requests', headers: s.headers })).json().requests as Array<{ id: string }>
    expect(requests.map((r) => r.id)).toEqual([member.id])
    await app.inject({ method: 'POST', url: `/api/v1/family/requests/${member.id}/decline`, headers: s.headers })
    expect((await app.inject({ method: 'GET', url: '/api/v1/family/requests', headers: s.headers })).json().requests).toEqual([])
  })

  it('to the account’s own phone and message centre when the person has an account', async () => {
    const other = { name: '吴建华', idNumber: adultId(62), phone: '13900000962' }
    const s = await signIn(app, other.phone, other)
    const before = (await outbox(app, other.phone)).length
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/family/members',
      headers: zhang.headers,
      // a wrong number given by the proxy is not used: the person's own account phone is
      payload: { relationship: 'sibling', name: other.name, idNumber: other.idNumber, phone: '13900000999' }
    })
    expect(res.statusCode).toBe(201)
    const sms = await outbox(app, other.phone)
    expect(sms).toHaveLength(before + 1)
    expect(sms[0].text).toContain('亲情账户授权申请')
    expect(await outbox(app, '13900000999')).toEqual([])
    const notes = (await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: s.headers })).json() as { notifications: Array<{ title: string }> }
    expect(notes.notifications.map((n) => n.title)).toContain('亲情账户授权申请')
  })

  it('refuses a phone that is not a mobile number, with the field named', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/family/members',
      headers: zhang.headers,
      payload: { relationship: 'parent', name: '郑秀英', idNumber: adultId(63), phone: '0578-2123456' }
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('VALIDATION_FAILED')
    expect(Object.keys(res.json().fields ?? {})).toContain('phone')
  })
})
