import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { server } from '../../../mock'
import { MOCK_SMS_CODE } from '../../../mock'
import { getInput, recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { API_BASE } from '@/shared/api/client'
import { ROUTES } from '@/shared/nav'
import { useSessionStore } from '@/shared/session'
import { LoginScreen } from './LoginScreen'
import { RealnameScreen } from './RealnameScreen'
import { TermsScreen } from './TermsScreen'
import { PRIVACY_POLICY, USER_AGREEMENT } from './terms'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  useSessionStore.getState().clear()
})
afterEach(() => {
  nav.restore()
  jest.useRealTimers()
})

const REDIRECT = '/packages/apply/pages/notice/index?itemId=offsite-care-filing&region=331100'

describe('登录 (001 §3.1.2)', () => {
  it('sends a code with a countdown, signs in, and goes on to 实名认证 with the redirect', async () => {
    renderScreen(<LoginScreen redirect={REDIRECT} />)
    typeInto(getInput('请输入 11 位手机号码'), '13800000001')
    fireEvent.click(screen.getByText('获取验证码'))
    expect(await screen.findByText(/60 秒后重发|59 秒后重发/)).toBeInTheDocument()
    typeInto(getInput('6 位数字'), MOCK_SMS_CODE)
    fireEvent.click(screen.getByRole('checkbox', { name: '我已阅读并同意用户服务协议和隐私政策' }))
    fireEvent.click(screen.getByText('登录', { selector: 'taro-button-core' }))
    await waitFor(() => expect(nav.urls.length).toBeGreaterThan(0))
    const [route, query] = nav.urls[nav.urls.length - 1].split('?')
    expect(route).toBe(ROUTES.realname)
    expect(new URLSearchParams(query).get('redirect')).toBe(REDIRECT)
    // H5: the refresh token went into the HttpOnly cookie; the store knows only that a session exists
    expect(useSessionStore.getState()).toMatchObject({ cookieSession: true, refreshToken: null })
  })

  it('a wrong code shows the BFF message next to the code and keeps the typed phone; consent is required', async () => {
    renderScreen(<LoginScreen />)
    typeInto(getInput('请输入 11 位手机号码'), '13800000001')
    typeInto(getInput('6 位数字'), '000000')
    fireEvent.click(screen.getByText('登录', { selector: 'taro-button-core' }))
    expect(await screen.findByText('请先阅读并同意用户服务协议和隐私政策')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('checkbox', { name: '我已阅读并同意用户服务协议和隐私政策' }))
    fireEvent.click(screen.getByText('登录', { selector: 'taro-button-core' }))
    expect(await screen.findByText('验证码不正确，请核对后重新输入')).toBeInTheDocument()
    expect(getInput('请输入 11 位手机号码')).toHaveAttribute('value', '13800000001')
  })

  it('checks the phone number before sending, and shows a lock from the BFF as it is', async () => {
    server.use(
      http.post(`${API_BASE}/api/v1/auth/sms-code`, () =>
        HttpResponse.json({ code: 'LOGIN_LOCKED', message: '登录失败次数过多，请 15 分钟后再试' }, { status: 429 })
      )
    )
    renderScreen(<LoginScreen />)
    typeInto(getInput('请输入 11 位手机号码'), '1380000')
    fireEvent.click(screen.getByText('获取验证码'))
    expect(await screen.findByText('请输入正确的 11 位手机号码')).toBeInTheDocument()
    typeInto(getInput('请输入 11 位手机号码'), '13800000001')
    await act(async () => {
      fireEvent.click(screen.getByText('获取验证码'))
    })
    expect(await screen.findByText('登录失败次数过多，请 15 分钟后再试')).toBeInTheDocument()
  })
})

describe('登录: nothing moves under the finger, nothing is a dead end', () => {
  it('a corrected phone loses its message while typing, before the tap on 获取验证码 (its line stays)', async () => {
    renderScreen(<LoginScreen />)
    const phone = getInput('请输入 11 位手机号码')
    typeInto(phone, '1380000')
    fireEvent(phone, new CustomEvent('blur', { detail: { value: '1380000' }, bubbles: true }))
    expect(await screen.findByRole('alert')).toHaveTextContent('请输入正确的 11 位手机号码')
    const line = screen.getByRole('alert').closest('.yb-field-error')
    typeInto(phone, '138 0000 0001')
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull())
    // the message's line is still there, so 获取验证码 below it has not moved
    expect(line).toBeInTheDocument()
    expect(line).toHaveTextContent('')
  })

  it('用户服务协议 and 隐私政策 are links to pages of their own; tapping them does not tick the box', () => {
    renderScreen(<LoginScreen />)
    const box = screen.getByRole('checkbox', { name: '我已阅读并同意用户服务协议和隐私政策' })
    fireEvent.click(screen.getByRole('link', { name: '《用户服务协议》' }))
    expect(nav.last()?.route).toBe(ROUTES.agreement)
    fireEvent.click(screen.getByRole('link', { name: '《隐私政策》' }))
    expect(nav.last()?.route).toBe(ROUTES.privacy)
    expect(box).toHaveAttribute('aria-checked', 'false')
  })

  it.each([
    ['用户服务协议', USER_AGREEMENT, ['一、谁提供服务', '四、如实申报']],
    ['隐私政策', PRIVACY_POLICY, ['一、我们收集什么、为什么', '三、保存多久', '五、您可以怎么做']]
  ])('%s reads as a page: title, date and its sections', (title, doc, headings) => {
    renderScreen(<TermsScreen doc={doc} />)
    expect(screen.getByRole('heading', { level: 1, name: title })).toBeInTheDocument()
    expect(screen.getByText(/^生效日期：\d{4}-\d{2}-\d{2}$/)).toBeInTheDocument()
    for (const h of headings) expect(screen.getByRole('heading', { name: h })).toBeInTheDocument()
  })

  it('the privacy policy says how long sign-in data is kept (bff/test/privacy-policy.test.ts holds it to the BFF)', () => {
    renderScreen(<TermsScreen doc={PRIVACY_POLICY} />)
    expect(screen.getByText('短信验证码 5 分钟内有效，1 天后删除。')).toBeInTheDocument()
    expect(screen.getByText(/最长 30 天/)).toBeInTheDocument()
  })
})

describe('实名认证', () => {
  it('checks the 身份证号 check digit as soon as 18 characters are typed', async () => {
    renderScreen(<RealnameScreen redirect={REDIRECT} />)
    typeInto(getInput('18 位，最后一位可能是 X'), '331102198803120026')
    expect(await screen.findByText('身份证号校验位不正确，请逐位核对')).toBeInTheDocument()
    typeInto(getInput('18 位，最后一位可能是 X'), '331102198803120025')
    await waitFor(() => expect(screen.queryByText('身份证号校验位不正确，请逐位核对')).not.toBeInTheDocument())
  })
})
