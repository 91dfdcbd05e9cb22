import type { FastifyInstance } from 'fastify'
import { ApplicationDetailSchema, type ApplicationDetail } from '../../../contract/apply'
import { FamilyMemberSchema, GrantSchema, type FamilyMember } from '../../../contract/family'
import { idNumberCheckChar } from '../../../contract/identity'
import { testApp } from '../helpers'
import { SAMPLE, preparedDraft, signIn, type Session } from '../apply/helpers'

/**
 * Family accounts, proxies and grants (002 适老化: 授权代理、亲友代办). 张丽华 helps her father 王建国 (75):
 * he must consent from his own account; her newborn 王小宝 is added on her declaration plus a household check.
 */
const now = new Date('2026-11-23T02:00:00Z')
const clock = (): Date => now
let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
let wang: Session
let li: Session

const wangPerson = { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber, phone: SAMPLE.wang.phone }
const baby = SAMPLE.zhang.children[0]
const LI = { name: '李明', idNumber: '330802199001010037', phone: '13800000003' }

/** A valid 身份证号 of an adult not in the sample registry (any valid name is confirmed for it). */
function adultId(seq: number): string {
  const body = `33010219800101${String(seq).padStart(3, '0')}`
  return body + idNumberCheckChar(body)
}

function call(s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return app.inject({ method, url, headers: s.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
}

async function addMember(s: Session, body: Record<string, unknown>): Promise<FamilyMember> {
  const res = await call(s, 'POST', '/api/v1/family/members', body)
  if (res.statusCode !== 201) throw new Error(`add ${res.statusCode} ${res.body}`)
  return FamilyMemberSchema.parse(res.json())
}

function key(): string {
  return `k-${Math.random().toString(36).slice(2)}-${Date.now()}`
}

beforeAll(async () => {
  const t = await testApp({ clock, config: { staffToken: 'test-staff-token-0123456789' } })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
  li = await signIn(app, LI.phone, LI)
})
afterAll(async () => cleanup())

describe('a member of 16 and over consents from their own account', () => {
  let member: FamilyMember
  let caseId: string

  it('is pending until accepted, and the member is told', async () => {
    member = await addMember(zhang, { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber, scopes: ['evoucher', 'apply', 'cases'] })
    expect(member).toMatchObject({ status: 'pending', statusLabel: '待对方确认', minor: false, age: 75, scopes: [], requestedScopes: ['evoucher', 'apply', 'cases'] })
    expect(member.name).toBe('王**')
    expect(member.idNumber).not.toContain('195106')
    // pending: nothing can be done for him yet
    const early = await call(zhang, 'POST', '/api/v1/drafts', { itemId: 'special-drug-filing', region: '331121', insuredId: member.id })
    expect(early.statusCode).toBe(403)
    expect(early.json().code).toBe('GRANT_REQUIRED')

    const notes = await call(wang, 'GET', '/api/v1/notifications')
    expect(JSON.stringify(notes.json())).toContain('亲情账户授权申请')
    const requests = (await call(wang, 'GET', '/api/v1/family/requests')).json().requests
    expect(requests).toHaveLength(1)
    // seen from him, she is his child
    expect(requests[0]).toMatchObject({ id: member.id, relationship: 'child', relationshipLabel: '子女', fromName: '张**', requestedScopes: ['evoucher', 'apply', 'cases'] })
    // someone else cannot answer his request
    expect((await call(li, 'POST', `/api/v1/family/requests/${member.id}/accept`, { scopes: ['apply'] })).statusCode).toBe(404)
  })

  it('accepted with the scopes the member chose; the proxy then applies for him and he sees the case and the log', async () => {
    const acc = await call(wang, 'POST', `/api/v1/family/requests/${member.id}/accept`, { scopes: ['apply', 'cases', 'evoucher'] })
    expect(acc.statusCode).toBe(200)
    expect(GrantSchema.parse(acc.json())).toMatchObject({ proxyName: '张**', scopes: ['evoucher', 'apply', 'cases'] })
    const list = (await call(zhang, 'GET', '/api/v1/family/members')).json()
    expect(list.limit).toBe(5)
    expect(list.members[0]).toMatchObject({ status: 'active', scopes: ['evoucher', 'apply', 'cases'] })

    const draftId = await preparedDraft(app, zhang, 'special-drug-filing', '331121', wangPerson, member.id)
    const draft = (await call(zhang, 'GET', `/api/v1/drafts/${draftId}`)).json()
    expect(draft.applicant.name).toBe('王**')
    const sub = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': key() }, payload: {} })
    expect(sub.statusCode).toBe(201)
    const a: ApplicationDetail = ApplicationDetailSchema.parse(sub.json())
    caseId = a.id
    // both the actor and the applicant are on the record
    expect(a.applicantName).toBe('王**')
    expect(a.actorName).toBe('张**')
    expect(a.events[0]).toMatchObject({ label: '亲友代为提交申请', actor: { kind: 'citizen', name: '张**' } })

    // the proxy follows it under his name; he sees it in his own list and can open it
    const forHim = (await call(zhang, 'GET', `/api/v1/applications?insuredId=${member.id}`)).json().applications
    expect(forHim.map((x: { id: string }) => x.id)).toEqual([caseId])
    const his = (await call(wang, 'GET', '/api/v1/applications')).json().applications
    expect(his.map((x: { id: string }) => x.id)).toContain(caseId)
    expect((await call(wang, 'GET', `/api/v1/applications/${caseId}`)).statusCode).toBe(200)
    // he was told, in his words
    expect(JSON.stringify((await call(wang, 'GET', '/api/v1/notifications')).json())).toContain('张**为您申请的')

    // 他人为我办理
    const log = (await call(wang, 'GET', '/api/v1/family/proxy-log')).json().entries
    expect(log.map((e: { action: string }) => e.action)).toEqual(['application.submit', 'draft.create'])
    expect(log[0]).toMatchObject({ actorName: '张**', label: '代为申办“特殊药品备案”'.replace('特殊药品备案', a.itemName), applicationId: caseId })
    // the proxy's own log is hers, not his
    expect((await call(zhang, 'GET', '/api/v1/family/proxy-log')).json().entries).toEqual([])
  })

  it('the member narrows and then revokes the grant; each takes effect on the next request', async () => {
    const grants = (await call(wang, 'GET', '/api/v1/family/grants')).json().grants
    expect(grants).toHaveLength(1)
    const narrowed = await call(wang, 'PUT', `/api/v1/family/grants/${grants[0].id}`, { scopes: ['evoucher'] })
    expect(narrowed.json().scopes).toEqual(['evoucher'])
    // no `cases` any more: the list for him and the case itself are closed to her
    expect((await call(zhang, 'GET', `/api/v1/applications?insuredId=${member.id}`)).statusCode).toBe(403)
    expect((await call(zhang, 'GET', `/api/v1/applications/${caseId}`)).statusCode).toBe(404)
    expect((await call(zhang, 'GET', '/api/v1/applications')).json().applications.map((x: { id: string }) => x.id)).not.toContain(caseId)

    const revoked = await call(wang, 'DELETE', `/api/v1/family/grants/${grants[0].id}`)
    expect(revoked.statusCode).toBe(204)
    const m = (await call(zhang, 'GET', '/api/v1/family/members')).json().members[0]
    expect(m).toMatchObject({ status: 'revoked', statusLabel: '对方已取消授权', scopes: [] })
    const again = await call(zhang, 'POST', '/api/v1/drafts', { itemId: 'special-drug-filing', region: '331121', insuredId: member.id })
    expect(again.statusCode).toBe(403)
    expect(again.json().message).toContain('授权')
    expect((await call(wang, 'GET', '/api/v1/family/grants')).json().grants).toEqual([])
    // he still has his case
    expect((await call(wang, 'GET', `/api/v1/applications/${caseId}`)).statusCode).toBe(200)
  })

  it('a revoked or declined member can be asked again, and declining is final for that request', async () => {
    const again = await addMember(zhang, { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber })
    expect(again).toMatchObject({ id: member.id, status: 'pending', requestedScopes: ['evoucher', 'apply', 'cases', 'rate', 'record'] })
    expect((await call(wang, 'POST', `/api/v1/family/requests/${member.id}/decline`)).statusCode).toBe(204)
    expect((await call(zhang, 'GET', '/api/v1/family/members')).json().members[0].status).toBe('declined')
    expect((await call(wang, 'POST', `/api/v1/family/requests/${member.id}/accept`, { scopes: ['apply'] })).statusCode).toBe(404)
  })
})

describe('a member under 16', () => {
  it('is added on the guardian’s declaration with a household check, active at once with every scope', async () => {
    const m = await addMember(zhang, { relationship: 'child', name: baby.name, idNumber: baby.idNumber })
    expect(m).toMatchObject({ status: 'active', minor: true, age: 0, scopes: ['evoucher', 'apply', 'cases', 'rate', 'record'] })
    // 李明 is not of the child's household
    const res = await call(li, 'POST', '/api/v1/family/members', { relationship: 'child', name: baby.name, idNumber: baby.idNumber })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('HOUSEHOLD_UNVERIFIED')
    // the user removes a member at any time
    expect((await call(zhang, 'DELETE', `/api/v1/family/members/${m.id}`)).statusCode).toBe(204)
    expect((await call(zhang, 'GET', `/api/v1/applications?insuredId=${m.id}`)).statusCode).toBe(404)
  })
})

describe('adding members: the rules', () => {
  it.each([
    [{ relationship: 'parent', name: '王建华', idNumber: SAMPLE.wang.idNumber }, 400, 'FAMILY_IDENTITY_MISMATCH'],
    [{ relationship: 'parent', name: SAMPLE.wang.name, idNumber: '331121195106080018' }, 400, 'VALIDATION_FAILED'],
    [{ relationship: 'cousin', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber }, 400, 'VALIDATION_FAILED'],
    [{ relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber, scopes: [] }, 400, 'VALIDATION_FAILED'],
    [{ relationship: 'other', name: LI.name, idNumber: LI.idNumber, scopes: ['everything'] }, 400, 'VALIDATION_FAILED']
  ])('refuses %p with %i %s', async (body, status, code) => {
    const res = await call(li, 'POST', '/api/v1/family/members', body)
    expect(res.statusCode).toBe(status)
    expect(res.json().code).toBe(code)
  })

  it('refuses oneself, a duplicate, and a sixth member; needs real-name', async () => {
    const self = await call(li, 'POST', '/api/v1/family/members', { relationship: 'other', name: LI.name, idNumber: LI.idNumber })
    expect(self.json().code).toBe('FAMILY_SELF')
    for (let i = 1; i <= 5; i++) await addMember(li, { relationship: 'sibling', name: `测试${'甲乙丙丁戊'[i - 1]}`, idNumber: adultId(i) })
    const dup = await call(li, 'POST', '/api/v1/family/members', { relationship: 'sibling', name: '测试甲', idNumber: adultId(1) })
    expect(dup.json().code).toBe('FAMILY_MEMBER_EXISTS')
    const sixth = await call(li, 'POST', '/api/v1/family/members', { relationship: 'sibling', name: '测试己', idNumber: adultId(6) })
    expect(sixth.statusCode).toBe(409)
    expect(sixth.json()).toMatchObject({ code: 'FAMILY_LIMIT', message: expect.stringContaining('5') })
    // removing one makes room
    const members = (await call(li, 'GET', '/api/v1/family/members')).json().members as FamilyMember[]
    expect((await call(li, 'DELETE', `/api/v1/family/members/${members[0].id}`)).statusCode).toBe(204)
    await addMember(li, { relationship: 'sibling', name: '测试己', idNumber: adultId(6) })

    const fresh = await signIn(app, '13900000009')
    const res = await call(fresh, 'GET', '/api/v1/family/members')
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('REALNAME_REQUIRED')
  })
})
