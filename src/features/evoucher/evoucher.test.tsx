import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { EVOUCHER_CODE_PATTERN, EVOUCHER_REFRESH_BEFORE_SECONDS } from '@contract'
import { server } from '../../../mock'
import { insuredIdOf, mockEVoucher, resetMockEVoucher, setMockInsured } from '../../../mock'
import { resetMockFamily, seedMockFamily } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { useActingStore } from '@/shared/acting'
import { ROUTES } from '@/shared/nav'
import { useSessionStore } from '@/shared/session'
import { ALIPAY_OFFICIAL_HINT, NHSA_WEAPP_APP_ID } from './OfficialChannel'
import { DEMO_NOTICE, EVoucherScreen, PERSONAL_USE_NOTICE } from './EVoucherScreen'
import { qrSvg, svgDataUrl } from './qr'
import { screenSettled } from '@/shared/platform/screen'
import { familyMember, signInSample } from './testing'

const TTL = 60

beforeEach(signInSample)

let nav: NavRecord
/** every e-voucher request: the insuredId asked for and the code answered */
let asked: Array<{ insuredId: string; code: string; auth: string | null }>
beforeEach(() => {
  nav = recordNavigation()
  resetMockEVoucher()
  resetMockFamily()
  useActingStore.getState().reset()
  asked = []
  server.use(
    http.get('*/api/v1/evoucher', ({ request }) => {
      const insuredId = insuredIdOf(request)
      const v = mockEVoucher(insuredId)
      asked.push({ insuredId, code: v.code, auth: request.headers.get('authorization') })
      return HttpResponse.json(v)
    })
  )
})
afterEach(() => {
  nav.restore()
  jest.useRealTimers()
  jest.restoreAllMocks()
})

const qrImage = () => screen.getByLabelText(/的医保码$/)
const lastCode = () => asked[asked.length - 1].code

const member = familyMember

/** jest's clock without faking the microtask queue msw and axios run on */
function fakeClock(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] })
}
async function advance(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    await act(async () => {
      jest.advanceTimersByTime(1000)
    })
  }
}

describe('医保电子凭证 (000 §3.2)', () => {
  it('sends a citizen who is not signed in to sign-in, to come back to the e-voucher', async () => {
    useSessionStore.getState().clear()
    renderScreen(<EVoucherScreen />)
    expect(await screen.findByText('请先登录并完成实名认证')).toBeInTheDocument()
    expect(nav.last()).toEqual({ route: ROUTES.login, params: { redirect: ROUTES.evoucher } })
    expect(asked).toEqual([])
  })

  it('shows the QR of the issued code, the masked holder, 演示, 参保地, 险种, 参保状态 and 仅限本人就医使用·请勿截图', async () => {
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    expect(asked).toHaveLength(1)
    expect(asked[0]).toEqual({ insuredId: 'self', code: expect.stringMatching(EVOUCHER_CODE_PATTERN), auth: 'Bearer access-test' })
    // the picture is the code the BFF issued (and nothing else: the digits are not shown)
    expect(qrImage()).toHaveAttribute('src', svgDataUrl(qrSvg(lastCode())))
    expect(screen.queryByText(lastCode())).not.toBeInTheDocument()

    expect(screen.getByText('正在为：本人（张**）')).toBeInTheDocument()
    expect(screen.getByText('张**')).toBeInTheDocument()
    expect(screen.getByText('331102********0025')).toBeInTheDocument()
    expect(screen.getByText('演示')).toBeInTheDocument()
    expect(screen.getByText(DEMO_NOTICE)).toBeInTheDocument()
    expect(DEMO_NOTICE).toBe('演示码，不能在医院药店使用')
    expect(screen.getByText(PERSONAL_USE_NOTICE)).toBeInTheDocument()
    expect(PERSONAL_USE_NOTICE).toBe('仅限本人就医使用·请勿截图')
    expect(screen.getByText('浙江省丽水市莲都区')).toBeInTheDocument()
    expect(screen.getByText('职工基本医疗保险')).toBeInTheDocument()
    expect(screen.getByText('正常参保')).toBeInTheDocument()
    expect(screen.getByText(`有效期剩余 ${TTL} 秒，到期前自动刷新`)).toBeInTheDocument()
    // H5 has no platform channel to offer
    expect(screen.queryByText('官方渠道')).not.toBeInTheDocument()
  })

  it('has no 演示 badge for a code from the national platform', async () => {
    server.use(http.get('*/api/v1/evoucher', () => HttpResponse.json({ ...mockEVoucher('self'), demo: false })))
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    expect(screen.queryByText('演示')).not.toBeInTheDocument()
    expect(screen.queryByText(DEMO_NOTICE)).not.toBeInTheDocument()
  })

  it(`counts down and fetches a new code ${EVOUCHER_REFRESH_BEFORE_SECONDS} s before expiry, then counts from the new one`, async () => {
    fakeClock()
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    const first = lastCode()
    await advance(1)
    expect(screen.getByText(`有效期剩余 ${TTL - 1} 秒，到期前自动刷新`)).toBeInTheDocument()
    await advance(TTL - EVOUCHER_REFRESH_BEFORE_SECONDS - 2)
    expect(screen.getByText(`有效期剩余 ${EVOUCHER_REFRESH_BEFORE_SECONDS + 1} 秒，到期前自动刷新`)).toBeInTheDocument()
    expect(asked).toHaveLength(1)
    // one more second: the code has REFRESH_BEFORE seconds left → a new one
    await advance(1)
    await waitFor(() => expect(asked).toHaveLength(2))
    await waitFor(() => expect(qrImage()).toHaveAttribute('src', svgDataUrl(qrSvg(lastCode()))))
    expect(lastCode()).not.toBe(first)
    expect(screen.getByText(`有效期剩余 ${TTL} 秒，到期前自动刷新`)).toBeInTheDocument()
    // and again a full lifetime later, never more often
    await advance(TTL - EVOUCHER_REFRESH_BEFORE_SECONDS - 1)
    expect(asked).toHaveLength(2)
    await advance(1)
    await waitFor(() => expect(asked).toHaveLength(3))
  })

  it('keeps the live code when a refresh fails, says so, hides the code once expired, and 刷新 gets a new one', async () => {
    fakeClock()
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    server.use(http.get('*/api/v1/evoucher', () => HttpResponse.error()))
    await advance(TTL - EVOUCHER_REFRESH_BEFORE_SECONDS)
    expect(await screen.findByText('刷新失败：网络不给力，请检查网络后重试')).toBeInTheDocument()
    // still the live code, still counting
    expect(qrImage()).toHaveAttribute('src', svgDataUrl(qrSvg(lastCode())))
    expect(screen.getByText(`有效期剩余 ${EVOUCHER_REFRESH_BEFORE_SECONDS} 秒，到期前自动刷新`)).toBeInTheDocument()
    await advance(EVOUCHER_REFRESH_BEFORE_SECONDS)
    // expired: no dead code on screen
    expect(screen.queryByLabelText(/的医保码$/)).not.toBeInTheDocument()
    expect(screen.getByRole('img', { name: '医保码已过期' })).toBeInTheDocument()
    expect(screen.getByText('医保码已过期，请点击“刷新”')).toBeInTheDocument()

    server.resetHandlers()
    server.use(
      http.get('*/api/v1/evoucher', ({ request }) => {
        const v = mockEVoucher(insuredIdOf(request))
        asked.push({ insuredId: 'self', code: v.code, auth: null })
        return HttpResponse.json(v)
      })
    )
    fireEvent.click(screen.getByRole('button', { name: '刷新' }))
    await waitFor(() => expect(qrImage()).toHaveAttribute('src', svgDataUrl(qrSvg(lastCode()))))
    expect(screen.queryByText(/刷新失败/)).not.toBeInTheDocument()
    expect(screen.getByText(`有效期剩余 ${TTL} 秒，到期前自动刷新`)).toBeInTheDocument()
  })

  it('shows the first failure in Chinese with 重试, and nothing is lost', async () => {
    server.use(http.get('*/api/v1/evoucher', () => HttpResponse.json({ code: 'UPSTREAM_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' }, { status: 503 }), { once: true }))
    renderScreen(<EVoucherScreen />)
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByLabelText('张**的医保码')).toBeInTheDocument()
  })

  it('switches to a family member through the 办理对象 bar and fetches their code with insuredId', async () => {
    seedMockFamily({ members: [member(), member({ id: 'member-other', name: '李**', relationshipLabel: '子女', scopes: ['apply'] })] })
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    // only members who granted 出示医保码 can be chosen
    const group = await screen.findByRole('radiogroup', { name: '切换办理对象' })
    expect(within(group).getAllByRole('radio').map((r) => r.textContent)).toEqual(['本人', '父母 王**'])

    fireEvent.click(within(group).getByRole('radio', { name: '父母 王**' }))
    expect(await screen.findByLabelText('王**的医保码')).toBeInTheDocument()
    expect(asked.map((a) => a.insuredId)).toEqual(['self', 'member-father'])
    expect(screen.getByText('正在为：父母 王**')).toBeInTheDocument()
    expect(screen.getByText('331121********0019')).toBeInTheDocument()
    expect(screen.getByText('浙江省丽水市青田县')).toBeInTheDocument()
    expect(screen.getByText('城乡居民基本医疗保险')).toBeInTheDocument()
    expect(qrImage()).toHaveAttribute('src', svgDataUrl(qrSvg(lastCode())))

    fireEvent.click(within(group).getByRole('radio', { name: '本人' }))
    expect(await screen.findByLabelText('张**的医保码')).toBeInTheDocument()
    expect(asked.map((a) => a.insuredId)).toEqual(['self', 'member-father', 'self'])
  })

  it('never shows the previous person’s code while the new person’s is loading', async () => {
    seedMockFamily({ members: [member()] })
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    server.use(
      http.get('*/api/v1/evoucher', async ({ request }) => {
        await gate
        return HttpResponse.json(mockEVoucher(insuredIdOf(request)))
      })
    )
    fireEvent.click(await screen.findByRole('radio', { name: '父母 王**' }))
    expect(await screen.findByText('正在获取医保码…')).toBeInTheDocument()
    expect(screen.queryByLabelText(/的医保码$/)).not.toBeInTheDocument()
    release()
    expect(await screen.findByLabelText('王**的医保码')).toBeInTheDocument()
  })

  it('explains plainly when the person is not insured, and leads to 参保登记', async () => {
    setMockInsured('self', { name: '刘芳', idNumber: '430602197005200026', enrollment: 'none', region: { code: '430602', name: '湖南省岳阳市岳阳楼区' } })
    jest.spyOn(Taro, 'getScreenBrightness').mockImplementation((() => Promise.resolve({ value: 0.5, errMsg: 'ok' })) as never)
    const set = jest.spyOn(Taro, 'setScreenBrightness').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    renderScreen(<EVoucherScreen />)
    expect(await screen.findByText('未参保，暂无医保电子凭证')).toBeInTheDocument()
    // no code to show: the screen is not left at full brightness
    await act(() => screenSettled())
    expect(set.mock.calls[set.mock.calls.length - 1]?.[0] ?? { value: 0.5 }).toEqual({ value: 0.5 })
    expect(screen.getByText(/可办理参保登记/)).toBeInTheDocument()
    expect(screen.getByText('未参保')).toBeInTheDocument()
    expect(screen.getByText('刘*')).toBeInTheDocument()
    expect(screen.queryByLabelText(/的医保码$/)).not.toBeInTheDocument()
    expect(screen.queryByText(/有效期剩余/)).not.toBeInTheDocument()
    fireEvent.click(screen.getByText('查找参保登记'))
    expect(nav.last()).toEqual({ route: ROUTES.search, params: { q: '参保登记' } })
  })

  it('raises the brightness and keeps the screen on while shown, restores the saved brightness when hidden, and hides the code', async () => {
    const get = jest.spyOn(Taro, 'getScreenBrightness').mockImplementation((() => Promise.resolve({ value: 0.35, errMsg: 'ok' })) as never)
    const set = jest.spyOn(Taro, 'setScreenBrightness').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    const keep = jest.spyOn(Taro, 'setKeepScreenOn').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    const { rerender } = renderScreen(<EVoucherScreen active />)
    await screen.findByLabelText('张**的医保码')
    await act(() => screenSettled())
    expect(get).toHaveBeenCalledTimes(1)
    expect(set.mock.calls.map((c) => c[0])).toEqual([{ value: 1 }])
    expect(keep.mock.calls.map((c) => c[0])).toEqual([{ keepScreenOn: true }])

    // the page hides (another page, the app in the background)
    rerender(<EVoucherScreen active={false} />)
    await act(() => screenSettled())
    expect(set.mock.calls.map((c) => c[0])).toEqual([{ value: 1 }, { value: 0.35 }])
    expect(keep.mock.calls.map((c) => c[0])).toEqual([{ keepScreenOn: true }, { keepScreenOn: false }])
    expect(screen.queryByLabelText(/的医保码$/)).not.toBeInTheDocument()
    expect(screen.getByRole('img', { name: '医保码已隐藏' })).toBeInTheDocument()

    // shown again: bright again, and a fresh code at once
    rerender(<EVoucherScreen active />)
    await waitFor(() => expect(asked).toHaveLength(2))
    await waitFor(() => expect(qrImage()).toHaveAttribute('src', svgDataUrl(qrSvg(lastCode()))))
    await act(() => screenSettled())
    expect(set.mock.calls.map((c) => c[0])).toEqual([{ value: 1 }, { value: 0.35 }, { value: 1 }])
  })

  it('restores the brightness when the page closes, and carries on where the platform has no brightness API (H5)', async () => {
    const set = jest.spyOn(Taro, 'setScreenBrightness').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    jest.spyOn(Taro, 'getScreenBrightness').mockImplementation((() => Promise.resolve({ value: 0.6, errMsg: 'ok' })) as never)
    const { unmount } = renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    unmount()
    await act(() => screenSettled())
    expect(set.mock.calls.map((c) => c[0])).toEqual([{ value: 1 }, { value: 0.6 }])

    // Taro's H5 stubs reject: the code still shows
    jest.restoreAllMocks()
    nav = recordNavigation()
    renderScreen(<EVoucherScreen />)
    expect(await screen.findByLabelText('张**的医保码')).toBeInTheDocument()
    await act(() => screenSettled())
  })

  it('H5: hides the code while the tab is in the background and fetches a new one when it comes back', async () => {
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    const state = jest.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'))
    })
    expect(screen.queryByLabelText(/的医保码$/)).not.toBeInTheDocument()
    expect(screen.getByRole('img', { name: '医保码已隐藏' })).toBeInTheDocument()
    state.mockReturnValue('visible')
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await waitFor(() => expect(asked).toHaveLength(2))
    await waitFor(() => expect(qrImage()).toHaveAttribute('src', svgDataUrl(qrSvg(lastCode()))))
  })

  it('WeChat: hides the page in captures while shown, and opens the 国家医保服务平台 mini-program', async () => {
    const effect = jest.spyOn(Taro, 'setVisualEffectOnCapture').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    const open = jest.spyOn(Taro, 'navigateToMiniProgram').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    const { rerender } = renderScreen(<EVoucherScreen platform='weapp' />)
    await screen.findByLabelText('张**的医保码')
    await act(() => screenSettled())
    expect(effect.mock.calls.map((c) => c[0])).toEqual([{ visualEffect: 'hidden' }])
    fireEvent.click(screen.getByText('打开国家医保服务平台医保码'))
    expect(open).toHaveBeenCalledWith({ appId: NHSA_WEAPP_APP_ID })
    expect(NHSA_WEAPP_APP_ID).toBe('wx7ec43a6a6c80544d')
    rerender(<EVoucherScreen platform='weapp' active={false} />)
    await act(() => screenSettled())
    expect(effect.mock.calls.map((c) => c[0])).toEqual([{ visualEffect: 'hidden' }, { visualEffect: 'none' }])
  })

  it('Alipay: draws the code with Views and says where the official 医保码 is', async () => {
    renderScreen(<EVoucherScreen platform='alipay' />)
    const qr = await screen.findByLabelText('张**的医保码')
    // 21 modules + 2 × 4 quiet zone rows
    expect(qr.children).toHaveLength(29)
    expect(screen.getByText(ALIPAY_OFFICIAL_HINT)).toBeInTheDocument()
    expect(ALIPAY_OFFICIAL_HINT).toContain('在支付宝首页搜索“医保码”')
  })
})
