import { idNumberCheckChar } from '../../../contract/identity'
import { authApp, getAuthed, post, signIn } from './helpers'

/** Real-name identity (001 §3.1.2): name + 身份证号 (GB 11643) confirmed by the identity adapter, one account per person. */

const ZHANG = { name: '张丽华', idNumber: '331102198803120025' } // registered in bff/src/adapters/sample/persons.json
const WANG = { name: '王建国', idNumber: '331121195106080019' } // registered too
/** A valid 身份证号 that is not in the sample registry (check digit computed by GB 11643). */
const UNREGISTERED_BODY = '33010219920304001'
const UNREGISTERED = { name: '赵晓雨', idNumber: UNREGISTERED_BODY + idNumberCheckChar(UNREGISTERED_BODY) }

/** A valid 17-digit body whose check character is X (to test the lower-case x). */
function bodyWithCheckX(): string {
  for (let seq = 100; seq < 1000; seq++) {
    const body = `33010219850615${seq}`
    if (idNumberCheckChar(body) === 'X') return body
  }
  throw new Error('no body with check X')
}

let ctx: Awaited<ReturnType<typeof authApp>>
beforeEach(async () => {
  ctx = await authApp()
  // a route only real-named citizens may use, as drafts and submit will
  ctx.app.get('/test/needs-realname', { preHandler: ctx.app.requireRealName }, async (req) => ({
    userId: req.user?.id,
    // req.user holds whole values server side; the test only compares them
    isZhang: req.user?.realName?.idNumber === ZHANG.idNumber && req.user.realName.name === ZHANG.name
  }))
})
afterEach(async () => {
  await ctx.cleanup()
})

const realname = (token: string | undefined, body: unknown) => post(ctx.app, '/api/v1/auth/realname', body, token)

describe('real-name', () => {
  it('needs a signed-in account', async () => {
    const res = await realname(undefined, ZHANG)
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHORIZED')
  })

  it('confirms a registered person and unlocks requireRealName (403 REALNAME_REQUIRED before)', async () => {
    const s = await signIn(ctx.app, '13800000001')
    const before = await getAuthed(ctx.app, '/test/needs-realname', s.accessToken)
    expect(before.statusCode).toBe(403)
    expect(before.json()).toEqual({ code: 'REALNAME_REQUIRED', message: '请先完成实名认证' })

    const res = await realname(s.accessToken, { name: ` ${ZHANG.name} `, idNumber: ZHANG.idNumber })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.realName).toMatchObject({ name: '张**', idNumber: '331102********0025' })

    const after = await getAuthed(ctx.app, '/test/needs-realname', s.accessToken)
    expect(after.statusCode).toBe(200)
    expect(after.json()).toEqual({ userId: s.user.id, isZhang: true })
  })

  it('refuses a registered 身份证号 with another name: 400 REALNAME_MISMATCH, and nothing is set', async () => {
    const s = await signIn(ctx.app, '13800000001')
    const res = await realname(s.accessToken, { name: WANG.name, idNumber: ZHANG.idNumber })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'REALNAME_MISMATCH', message: expect.stringContaining('实名认证未通过') })
    expect((await getAuthed(ctx.app, '/api/v1/me', s.accessToken)).json().user.realName).toBeNull()
  })

  it('confirms a valid but unregistered 身份证号 (the development default of the embedded adapter)', async () => {
    const s = await signIn(ctx.app, '13800000001')
    const res = await realname(s.accessToken, UNREGISTERED)
    expect(res.statusCode).toBe(200)
    expect(res.json().user.realName).toMatchObject({ name: '赵**', idNumber: `330102********${UNREGISTERED.idNumber.slice(-4)}` })
  })

  it('accepts a lower-case x check character and keeps it upper-case', async () => {
    const body = bodyWithCheckX()
    const s = await signIn(ctx.app, '13800000001')
    const res = await realname(s.accessToken, { name: '钱多多', idNumber: `${body}x` })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.realName.idNumber).toMatch(/X$/)
  })

  it.each([
    ['a wrong check digit', { name: '张丽华', idNumber: '331102198803120026' }, 'idNumber', '身份证号校验位不正确，请逐位核对'],
    ['a wrong length', { name: '张丽华', idNumber: '33110219880312002' }, 'idNumber', '身份证号应为 18 位'],
    ['an impossible birth date', { name: '张丽华', idNumber: '331102198802300025' }, 'idNumber', '身份证号中的出生日期不正确，请核对'],
    ['a missing 身份证号', { name: '张丽华' }, 'idNumber', '请输入身份证号'],
    ['digits in the name', { name: '张3', idNumber: ZHANG.idNumber }, 'name', '姓名只能包含汉字、字母或间隔号“·”'],
    ['a one-character name', { name: '张', idNumber: ZHANG.idNumber }, 'name', '请输入完整姓名']
  ])('refuses %s with 400 VALIDATION_FAILED and a Chinese message', async (_label, body, field, message) => {
    const s = await signIn(ctx.app, '13800000001')
    const res = await realname(s.accessToken, body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message, fields: { [field]: message } })
  })

  it('gives one 身份证号 to one account only, answering another account as for a wrong name (no account enumeration)', async () => {
    const a = await signIn(ctx.app, '13800000001')
    const b = await signIn(ctx.app, '13900000002')
    expect((await realname(a.accessToken, ZHANG)).statusCode).toBe(200)
    const taken = await realname(b.accessToken, ZHANG)
    const wrongName = await realname(b.accessToken, { name: WANG.name, idNumber: ZHANG.idNumber })
    // the same status, code and message as a wrong name: a stranger cannot tell that the 身份证号 has an account
    expect(taken.statusCode).toBe(400)
    expect(taken.json()).toEqual(wrongName.json())
    expect(taken.json().code).toBe('REALNAME_MISMATCH')
    expect((await getAuthed(ctx.app, '/api/v1/me', b.accessToken)).json().user.realName).toBeNull()
  })

  it('keeps an account on its person: the same person again is fine, another person is 409', async () => {
    const a = await signIn(ctx.app, '13800000001')
    const first = await realname(a.accessToken, ZHANG)
    expect((await realname(a.accessToken, ZHANG)).json()).toEqual(first.json())
    const other = await realname(a.accessToken, WANG)
    expect(other.statusCode).toBe(409)
    expect(other.json()).toEqual({ code: 'REALNAME_ALREADY_SET', message: '本账号已完成实名认证，不能更换为其他人' })
    expect((await getAuthed(ctx.app, '/api/v1/me', a.accessToken)).json().user.realName.idNumber).toBe('331102********0025')
  })
})
