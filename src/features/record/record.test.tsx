import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { ErrorCode, type FamilyMember, type Visit } from '@contract'
import { server } from '../../../mock'
import { resetMockEVoucher } from '../../../mock'
import { resetMockFamily, seedMockFamily } from '../../../mock'
import { mockAccount, mockContributions, mockEnrollment, mockFamilySharing, mockVisits } from '../../../mock'
import { fatherMember } from '../../../test/family'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { useActingStore } from '@/shared/acting'
import { API_BASE } from '@/shared/api/client'
import { ROUTES } from '@/shared/nav'
import { setSession, useSessionStore } from '@/shared/session'
import { CERTIFICATE_FILE_NAME, openCertificate } from './download'
import { linesTotal, money, newestFirst, periodLabel, signedMoney, yuan } from './format'
import { RecordHomeScreen } from './RecordHomeScreen'
import { AccountScreen, ContributionsScreen, EnrollmentScreen, FamilySharingScreen } from './RecordScreens'
import { VisitScreen, VisitsScreen } from './VisitScreens'

const P = `${API_BASE}/api/v1/record`

beforeEach(() => {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张**', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
})

let nav: NavRecord
/** record requests as path?insuredId */
let asked: string[]
beforeEach(() => {
  nav = recordNavigation()
  resetMockEVoucher()
  resetMockFamily()
  useActingStore.getState().reset()
  asked = []
  server.events.removeAllListeners()
  server.events.on('request:start', ({ request }) => {
    const u = new URL(request.url)
    if (u.pathname.startsWith('/api/v1/record/')) asked.push(`${u.pathname.slice('/api/v1/record/'.length)}?${u.searchParams.get('insuredId') ?? ''}`)
  })
})
afterEach(() => {
  nav.restore()
  server.events.removeAllListeners()
  jest.restoreAllMocks()
})

const member = (over: Partial<FamilyMember> = {}): FamilyMember => fatherMember({ scopes: ['record'], requestedScopes: ['record'], ...over })

// a row is named by what it shows: its title, then its summary
const cell = (title: string) => screen.getByRole('button', { name: (name) => name.startsWith(title) })

describe('amounts and periods (fen → 元)', () => {
  it('formats fen as 元 with 2 decimals and thousands separators, signs for money in and out', () => {
    expect(yuan(0)).toBe('0.00')
    expect(yuan(5)).toBe('0.05')
    expect(yuan(13000)).toBe('130.00')
    expect(yuan(268450)).toBe('2,684.50')
    expect(yuan(123456789)).toBe('1,234,567.89')
    expect(yuan(-4560)).toBe('-45.60')
    expect(money(58500)).toBe('585.00 元')
    expect(signedMoney(13000)).toBe('+130.00 元')
    expect(signedMoney(-4560)).toBe('-45.60 元')
    expect(periodLabel('2026-03')).toBe('2026年3月')
    expect(periodLabel('2025')).toBe('2025年度')
    expect(newestFirst([{ d: '2025-01-02' }, { d: '2026-01-01' }, { d: '2025-06-01' }], (x) => x.d).map((x) => x.d)).toEqual(['2026-01-01', '2025-06-01', '2025-01-02'])
  })
})

describe('医保云档案 overview (000 §3.3, §6.1.6 b)', () => {
  it('sends a citizen who is not signed in to sign-in, to come back to the record', async () => {
    useSessionStore.getState().clear()
    renderScreen(<RecordHomeScreen />)
    expect(await screen.findByText('请先登录并完成实名认证')).toBeInTheDocument()
    expect(nav.last()).toEqual({ route: ROUTES.login, params: { redirect: ROUTES.record } })
    expect(asked).toEqual([])
  })

  it('shows the five sections as cells with their one-line summaries, amounts in 元, and opens each', async () => {
    renderScreen(<RecordHomeScreen />)
    await screen.findByText('参保信息')
    const account = mockAccount('self')
    const contributions = newestFirst(mockContributions('self').contributions, (c) => c.period)
    const visits = mockVisits('self').visits
    expect(within(cell('参保信息')).getByText('正常参保 · 职工基本医疗保险')).toBeInTheDocument()
    expect(within(cell('缴费记录')).getByText(`最近一期 ${periodLabel(contributions[0].period)}，个人缴费 130.00 元`)).toBeInTheDocument()
    expect(within(cell('个人账户')).getByText(`余额 ${money(account.balance)}`)).toBeInTheDocument()
    expect(within(cell('个人账户')).getByText(/^余额 \d{1,3}(,\d{3})*\.\d{2} 元$/)).toBeInTheDocument()
    expect(within(cell('就诊明细')).getByText(`近两年 ${visits.length} 次，最近 ${visits[0].date} ${visits[0].institution}`)).toBeInTheDocument()
    expect(within(cell('家庭共济')).getByText(`共济 1 人，今年已支付 ${money(mockFamilySharing('self').usedThisYear)}`)).toBeInTheDocument()
    expect(screen.getByText('演示数据：由演示环境生成，不是真实的参保记录')).toBeInTheDocument()
    expect(screen.getByText('正在为：本人（张**）')).toBeInTheDocument()
    expect(asked.sort()).toEqual(['account?', 'contributions?', 'enrollment?', 'family-sharing?', 'visits?'])

    const routes: Array<[string, string]> = [
      ['参保信息', ROUTES.recordEnrollment],
      ['缴费记录', ROUTES.recordContributions],
      ['个人账户', ROUTES.recordAccount],
      ['就诊明细', ROUTES.recordVisits],
      ['家庭共济', ROUTES.recordFamilySharing]
    ]
    for (const [title, route] of routes) {
      fireEvent.click(cell(title))
      expect(nav.last()?.route).toBe(route)
    }
  })

  it('keeps the other sections when one cannot be loaded, and says which', async () => {
    server.use(http.get(`${P}/account`, () => HttpResponse.json({ code: 'UPSTREAM_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' }, { status: 503 })))
    renderScreen(<RecordHomeScreen />)
    expect(await screen.findByText('暂时无法加载：服务暂时不可用，请稍后再试')).toBeInTheDocument()
    expect(within(cell('参保信息')).getByText('正常参保 · 职工基本医疗保险')).toBeInTheDocument()
  })

  it('shows the error with 重试 when nothing can be loaded', async () => {
    server.use(http.get(`${P}/*`, () => HttpResponse.error(), { once: false }))
    renderScreen(<RecordHomeScreen />)
    expect(await screen.findByText('网络不给力，请检查网络后重试')).toBeInTheDocument()
    server.resetHandlers()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('正常参保 · 职工基本医疗保险')).toBeInTheDocument()
  })

  it('an expired sign-in offers 重新登录 (not 重试), back to this page afterwards', async () => {
    server.use(
      http.get(`${P}/*`, () => HttpResponse.json({ code: ErrorCode.TOKEN_EXPIRED, message: '登录已过期' }, { status: 401 })),
      http.post(`${API_BASE}/api/v1/auth/refresh`, () => HttpResponse.json({ code: ErrorCode.REFRESH_TOKEN_INVALID, message: '登录已失效，请重新登录' }, { status: 401 }))
    )
    const here = jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { path: '/packages/record/pages/index/index', params: { $taroTimestamp: '1' } } } as never)
    try {
      renderScreen(<RecordHomeScreen />)
      expect(await screen.findByText('登录已过期')).toBeInTheDocument()
      expect(screen.queryByText('重试')).toBeNull()
      fireEvent.click(screen.getByText('重新登录'))
      const [route, query] = nav.urls[nav.urls.length - 1].split('?')
      expect(route).toBe(ROUTES.login)
      expect(new URLSearchParams(query).get('redirect')).toBe(ROUTES.record)
      // the refresh was refused: the app no longer holds the session
      expect(useSessionStore.getState().refreshToken).toBeNull()
    } finally {
      here.mockRestore()
    }
  })

  it('switches to a family member through the 办理对象 bar and asks again with insuredId', async () => {
    seedMockFamily({ members: [member(), member({ id: 'member-other', name: '李**', scopes: ['evoucher'] })] })
    renderScreen(<RecordHomeScreen />)
    await screen.findByText('正常参保 · 职工基本医疗保险')
    const group = await screen.findByRole('radiogroup', { name: '切换办理对象' })
    // only members who granted 查看医保档案
    expect(within(group).getAllByRole('radio').map((r) => r.textContent)).toEqual(['本人', '父母 王**'])
    asked = []
    fireEvent.click(within(group).getByRole('radio', { name: '父母 王**' }))
    expect(await screen.findByText('正常参保 · 城乡居民基本医疗保险')).toBeInTheDocument()
    expect(screen.getByText('正在为：父母 王**')).toBeInTheDocument()
    expect(asked.sort()).toEqual(['account?member-father', 'contributions?member-father', 'enrollment?member-father', 'family-sharing?member-father', 'visits?member-father'])
    expect(within(cell('个人账户')).getByText('没有个人账户（城乡居民医保不设个人账户）')).toBeInTheDocument()
    expect(within(cell('家庭共济')).getByText('暂不能使用家庭共济')).toBeInTheDocument()
  })
})

describe('参保证明 (a signed PDF, verifiable by its QR)', () => {
  function captureDownload(): { created: Blob[]; clicks: HTMLAnchorElement[] } {
    const created: Blob[] = []
    const clicks: HTMLAnchorElement[] = []
    const g = URL as unknown as { createObjectURL?: (b: Blob) => string; revokeObjectURL?: (u: string) => void }
    g.createObjectURL ??= () => ''
    g.revokeObjectURL ??= () => undefined
    jest.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      created.push(b as Blob)
      return 'blob:certificate'
    })
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this)
    })
    return { created, clicks }
  }

  it('downloads the PDF with the token for the person acted for (H5)', async () => {
    seedMockFamily({ members: [member()] })
    const auth: Array<string | null> = []
    server.use(
      http.get(`${P}/certificate.pdf`, ({ request }) => {
        auth.push(request.headers.get('Authorization'))
        return undefined
      })
    )
    const { created, clicks } = captureDownload()
    renderScreen(<RecordHomeScreen />)
    fireEvent.click(await screen.findByText('下载参保证明'))
    await waitFor(() => expect(clicks).toHaveLength(1))
    expect(auth).toEqual(['Bearer access-test'])
    expect(asked).toContain('certificate.pdf?')
    expect(clicks[0].download).toBe(CERTIFICATE_FILE_NAME)
    expect(CERTIFICATE_FILE_NAME).toBe('参保证明.pdf')
    expect(clicks[0].getAttribute('href')).toBe('blob:certificate')
    expect((await created[0].text()).startsWith('%PDF-')).toBe(true)

    // for the father, his certificate
    fireEvent.click(await screen.findByRole('radio', { name: '父母 王**' }))
    await screen.findByText('正常参保 · 城乡居民基本医疗保险')
    fireEvent.click(screen.getByText('下载参保证明'))
    await waitFor(() => expect(clicks).toHaveLength(2))
    expect(asked).toContain('certificate.pdf?member-father')
  })

  it('says why when there is nothing to certify, and shows the BFF’s refusal as it is', async () => {
    seedMockFamily({ members: [member({ id: 'member-uninsured', name: '刘*' })] })
    useActingStore.getState().choose('member-uninsured')
    renderScreen(<RecordHomeScreen />)
    expect(await screen.findByText('未查询到参保信息，暂不能开具参保证明。')).toBeInTheDocument()
    expect(screen.queryByText('下载参保证明')).not.toBeInTheDocument()
    await expect(openCertificate('member-uninsured', 'h5')).rejects.toMatchObject({ code: ErrorCode.NOT_INSURED, status: 409, message: expect.stringContaining('未查询到参保信息') })
  })

  it('shows a failed download in Chinese and lets the citizen try again', async () => {
    server.use(http.get(`${P}/certificate.pdf`, () => HttpResponse.json({ code: 'UPSTREAM_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' }, { status: 503 }), { once: true }))
    const { clicks } = captureDownload()
    renderScreen(<RecordHomeScreen />)
    fireEvent.click(await screen.findByText('下载参保证明'))
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument()
    fireEvent.click(screen.getByText('下载参保证明'))
    await waitFor(() => expect(clicks).toHaveLength(1))
  })

  it('mini-programs: Taro.downloadFile with the Authorization header and insuredId, then Taro.openDocument; a refusal read from the temp file', async () => {
    const download = jest.spyOn(Taro, 'downloadFile').mockImplementation((() => Promise.resolve({ statusCode: 200, tempFilePath: 'wxfile://tmp/cert.pdf' })) as never)
    const openDoc = jest.spyOn(Taro, 'openDocument').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    await act(() => openCertificate('member-father', 'weapp'))
    expect(download).toHaveBeenCalledWith(
      expect.objectContaining({ url: `${API_BASE}/api/v1/record/certificate.pdf?insuredId=member-father`, header: { Authorization: 'Bearer access-test' } })
    )
    expect(openDoc).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/cert.pdf', fileType: 'pdf' }))

    download.mockImplementation((() => Promise.resolve({ statusCode: 403, tempFilePath: 'wxfile://tmp/err' })) as never)
    jest.spyOn(Taro, 'getFileSystemManager').mockImplementation(
      (() => ({ readFileSync: () => JSON.stringify({ code: ErrorCode.GRANT_REQUIRED, message: '您没有获得对方“查看医保档案”的授权' }) })) as never
    )
    await expect(openCertificate('member-father', 'alipay')).rejects.toMatchObject({ code: ErrorCode.GRANT_REQUIRED, message: '您没有获得对方“查看医保档案”的授权' })

    // no readable body: the status says it
    jest.spyOn(Taro, 'getFileSystemManager').mockImplementation((() => ({ readFileSync: () => { throw new Error('no file') } })) as never)
    download.mockImplementation((() => Promise.resolve({ statusCode: 409 })) as never)
    await expect(openCertificate('self', 'weapp')).rejects.toMatchObject({ code: ErrorCode.NOT_INSURED })
  })
})

describe('the record pages', () => {
  it('参保信息: status, 险种, 参保地, months paid and the periods newest first', async () => {
    renderScreen(<EnrollmentScreen />)
    expect(await screen.findByText('参保经历')).toBeInTheDocument()
    const e = mockEnrollment('self')
    expect(screen.getByText(`${e.paidMonths} 个月`)).toBeInTheDocument()
    expect(screen.getAllByText('浙江省丽水市莲都区').length).toBeGreaterThan(0)
    const spans = screen.getAllByText(/ 至 /).map((el) => el.textContent)
    expect(spans).toEqual(['2016-03-01 至 今', '2011-07-01 至 2016-02-29'])
    expect(screen.getByText('参保单位：丽水华鼎科技有限公司')).toBeInTheDocument()
  })

  it('参保信息 of a person who is not insured: says so and leads to 参保登记', async () => {
    seedMockFamily({ members: [member({ id: 'member-uninsured', name: '刘*' })] })
    useActingStore.getState().choose('member-uninsured')
    renderScreen(<EnrollmentScreen />)
    expect(await screen.findByText('没有查询到基本医疗保险的参保信息。可办理参保登记，参保后可在这里查看参保和缴费记录。')).toBeInTheDocument()
    fireEvent.click(screen.getByText('查找参保登记'))
    expect(nav.last()).toEqual({ route: ROUTES.search, params: { q: '参保登记' } })
  })

  it('缴费记录: newest first whatever order they come in, amounts in 元', async () => {
    const list = mockContributions('self').contributions
    const shuffled = [list[5], list[0], list[23], list[1]]
    server.use(http.get(`${P}/contributions`, () => HttpResponse.json({ demo: true, contributions: shuffled })))
    renderScreen(<ContributionsScreen />)
    expect(await screen.findByText('共 4 期，最新的在最前')).toBeInTheDocument()
    const order = screen.getAllByLabelText(/缴费$/).map((el) => el.getAttribute('aria-label'))
    expect(order).toEqual([list[0], list[1], list[5], list[23]].map((c) => `${periodLabel(c.period)}缴费`))
    expect(screen.getAllByText('130.00 元')).toHaveLength(4)
    expect(screen.getAllByText('585.00 元')).toHaveLength(4)
    expect(screen.getAllByText('6,500.00 元')).toHaveLength(4)
  })

  it('缴费记录: says so when there are none', async () => {
    server.use(http.get(`${P}/contributions`, () => HttpResponse.json({ demo: true, contributions: [] })))
    renderScreen(<ContributionsScreen />)
    expect(await screen.findByText('暂无缴费记录')).toBeInTheDocument()
  })

  it('个人账户: the balance, this year’s in and out, and the movements newest first with signs', async () => {
    server.use(
      http.get(`${P}/account`, () =>
        HttpResponse.json({
          demo: false,
          hasAccount: true,
          balance: 276_940,
          yearIn: 13_000,
          yearOut: 4_510,
          movements: [
            { date: '2026-10-15', kind: '划入', amount: 13_000, balanceAfter: 276_940, note: '2026年10月个人缴费划入' },
            { date: '2026-09-01', kind: '上期结余', amount: 268_450, balanceAfter: 268_450, note: '' },
            { date: '2026-10-02', kind: '药店购药', amount: -4_510, balanceAfter: 263_940, note: '老百姓大药房（莲都区店）' }
          ]
        })
      )
    )
    renderScreen(<AccountScreen />)
    expect(await screen.findByText('2,769.40 元')).toBeInTheDocument()
    expect(screen.getByText('今年划入 130.00 元')).toBeInTheDocument()
    expect(screen.getByText('今年支出 45.10 元')).toBeInTheDocument()
    const kinds = ['划入', '药店购药', '上期结余'].map((k) => screen.getByText(k))
    expect(kinds[0].compareDocumentPosition(kinds[1]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(kinds[1].compareDocumentPosition(kinds[2]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(screen.getByText('+130.00 元')).toBeInTheDocument()
    expect(screen.getByText('-45.10 元')).toBeInTheDocument()
    expect(screen.getByText('2,684.50 元')).toBeInTheDocument()
    expect(screen.getByText('余额 2,639.40 元')).toBeInTheDocument()
    expect(screen.queryByText(/演示数据/)).not.toBeInTheDocument()
  })

  it('个人账户 of a 城乡居民 insured: there is none, said plainly', async () => {
    seedMockFamily({ members: [member()] })
    useActingStore.getState().choose('member-father')
    renderScreen(<AccountScreen />)
    expect(await screen.findByText('没有个人账户')).toBeInTheDocument()
    expect(asked).toContain('account?member-father')
  })

  it('就诊明细: newest first, each opens its 结算清单', async () => {
    renderScreen(<VisitsScreen />)
    const visits = mockVisits('self').visits
    expect(await screen.findByText(`近两年 ${visits.length} 次，最新的在最前，点击查看结算清单`)).toBeInTheDocument()
    const cards = screen.getAllByRole('button', { name: /总费用/ })
    expect(cards.map((c) => c.querySelector('.record-item__title')?.textContent)).toEqual(visits.map((v) => v.institution))
    cards.forEach((c, i) => {
      expect(c).toHaveTextContent(visits[i].date)
      expect(c).toHaveTextContent(money(visits[i].total))
    })
    fireEvent.click(cards[0])
    expect(nav.last()).toEqual({ route: ROUTES.recordVisit, params: { no: visits[0].settlementNo } })
  })

  it('就诊明细: says so when there are none', async () => {
    server.use(http.get(`${P}/visits`, () => HttpResponse.json({ demo: true, visits: [] })))
    renderScreen(<VisitsScreen />)
    expect(await screen.findByText('暂无就诊记录')).toBeInTheDocument()
  })

  it('结算清单: every line, their sum, and who paid what', async () => {
    const visit: Visit = {
      settlementNo: 'JS33110220261002001',
      date: '2026-10-02',
      institution: '莲都区人民医院',
      kind: '门诊',
      total: 7_002,
      fundPaid: 4_201,
      accountPaid: 2_801,
      cashPaid: 0,
      lines: [
        { name: '普通门诊诊察费', category: '诊察费', amount: 1_234 },
        { name: '血常规', category: '化验费', amount: 5_678 },
        { name: '板蓝根颗粒', category: '中成药费', amount: 90 }
      ]
    }
    server.use(http.get(`${P}/visits`, () => HttpResponse.json({ demo: true, visits: [visit] })))
    renderScreen(<VisitScreen settlementNo={visit.settlementNo} />)
    expect(await screen.findByText('结算清单')).toBeInTheDocument()
    for (const [name, amount] of [
      ['普通门诊诊察费', '12.34 元'],
      ['血常规', '56.78 元'],
      ['板蓝根颗粒', '0.90 元']
    ]) {
      const line = screen.getByText(name).closest('.record-line') as HTMLElement
      expect(within(line).getByText(amount)).toBeInTheDocument()
    }
    expect(linesTotal(visit)).toBe(7_002)
    expect(screen.getByLabelText('合计 70.02 元')).toBeInTheDocument()
    expect(screen.getAllByText('70.02 元')).toHaveLength(2) // 合计 and 总费用
    expect(screen.getByText('42.01 元')).toBeInTheDocument()
    expect(screen.getByText('28.01 元')).toBeInTheDocument()
    expect(screen.getByText('0.00 元')).toBeInTheDocument()
    expect(screen.queryByText(/不一致/)).not.toBeInTheDocument()
  })

  it('结算清单 from the mock: the lines add up to the total, and total = 统筹 + 个账 + 现金', async () => {
    const v = mockVisits('self').visits[0]
    expect(v.fundPaid + v.accountPaid + v.cashPaid).toBe(v.total)
    renderScreen(<VisitScreen settlementNo={v.settlementNo} />)
    expect(await screen.findByLabelText(`合计 ${money(linesTotal(v))}`)).toBeInTheDocument()
    expect(linesTotal(v)).toBe(v.total)
  })

  it('结算清单 that is not the person’s: says so, with a way back', async () => {
    renderScreen(<VisitScreen settlementNo='JS-unknown' />)
    expect(await screen.findByText('未找到这次就诊记录')).toBeInTheDocument()
    fireEvent.click(screen.getByText('返回就诊明细'))
    expect(nav.urls).toContain('<back>')
  })

  it('家庭共济: who the account pays for and what it paid this year; not available for 城乡居民', async () => {
    const f = mockFamilySharing('self')
    const { unmount } = renderScreen(<FamilySharingScreen />)
    expect(await screen.findByText('共济人员')).toBeInTheDocument()
    expect(screen.getByText('王*宝')).toBeInTheDocument()
    expect(screen.getByText('子女')).toBeInTheDocument()
    expect(screen.getByText(money(f.usedThisYear))).toBeInTheDocument()
    unmount()

    seedMockFamily({ members: [member()] })
    useActingStore.getState().choose('member-father')
    renderScreen(<FamilySharingScreen />)
    expect(await screen.findByText('暂不能使用家庭共济')).toBeInTheDocument()
    expect(screen.getByText('城乡居民医保没有个人账户，不能使用家庭共济')).toBeInTheDocument()
  })
})
