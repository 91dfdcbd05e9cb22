import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import {
  mockDecode,
  mockEVoucher,
  MOCK_PHARMACY_TERMINAL_KEY,
  MOCK_TERMINAL_KEY,
  resetMockEVoucher,
  resetMockEvaluation,
  resetMockFamily,
  seedMockFamily,
  server
} from '../../../mock'
import { http, HttpResponse } from 'msw'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { useActingStore } from '@/shared/acting'
import { usePrefsStore } from '@/shared/theme/prefs'
import { EVoucherScreen } from './EVoucherScreen'
import { familyMember, signInSample } from './testing'
import { ELDER_USAGE_HINT, NOT_ME, USAGE_TITLE } from './UsageLog'

/**
 * 使用记录 and 「不是我」 on the 医保码 page, against the msw mocks (the same domain rules as the BFF): each decode with
 * its institution, kind, masked terminal id and the proxy who showed the code; 「不是我」 confirmed once freezes new
 * codes, files one 冒用 report and says what to do next.
 */
let nav: NavRecord
beforeEach(() => {
  signInSample()
  nav = recordNavigation()
  resetMockEVoucher()
  resetMockFamily()
  resetMockEvaluation()
  useActingStore.getState().reset()
})
afterEach(() => {
  nav.restore()
  act(() => usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: 1 }))
})

const father = familyMember({ scopes: ['evoucher'], requestedScopes: ['evoucher'] })

/** A counter scanned a code of the person (as if the page had shown it). */
function scanned(insuredId: string, key = MOCK_TERMINAL_KEY): void {
  mockDecode(mockEVoucher(insuredId).code, key)
}

const log = () => screen.findByRole('list', { name: /的医保码使用记录$/ })

describe('使用记录', () => {
  it('lists each use of one’s code: what for, where, when and the masked terminal', async () => {
    scanned('self', MOCK_PHARMACY_TERMINAL_KEY)
    scanned('self')
    renderScreen(<EVoucherScreen />)
    expect(await screen.findByText(USAGE_TITLE)).toBeInTheDocument()
    const items = within(await log()).getAllByRole('listitem')
    // newest first
    expect(items.map((i) => within(i).getByText(/医院|药房/).textContent)).toEqual(['丽水市人民医院', '青田县百姓大药房'])
    expect(within(items[0]!).getByText('挂号')).toBeInTheDocument()
    expect(within(items[1]!).getByText('购药')).toBeInTheDocument()
    expect(within(items[1]!).getByText(/终端 \*\*\*\*0388$/)).toBeInTheDocument()
    expect(within(items[0]!).queryByText(/代办/)).not.toBeInTheDocument()
    expect(within(items[0]!).getByRole('button', { name: NOT_ME })).toBeInTheDocument()
  })

  it('says so when the code was never scanned', async () => {
    renderScreen(<EVoucherScreen />)
    expect(await screen.findByText(/还没有使用记录/)).toBeInTheDocument()
  })

  it('shows the guardian a member’s log, and who showed the code', async () => {
    seedMockFamily({ members: [father] })
    scanned('member-father', MOCK_PHARMACY_TERMINAL_KEY)
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    fireEvent.click(await screen.findByRole('radio', { name: '父母 王**' }))
    const list = await screen.findByRole('list', { name: '王**的医保码使用记录' })
    expect(within(list).getByText('由 张** 在其手机上出示（亲情账户代办）')).toBeInTheDocument()
  })
})

describe('「不是我」', () => {
  it('asks once to confirm, then freezes the code, reports it and says what to do next; the report is not filed twice', async () => {
    scanned('self', MOCK_PHARMACY_TERMINAL_KEY)
    let reports = 0
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST' && request.url.endsWith('/not-me')) reports += 1
    })
    renderScreen(<EVoucherScreen />)
    await screen.findByLabelText('张**的医保码')
    const entry = within(await log()).getAllByRole('listitem')[0]!
    fireEvent.click(within(entry).getByRole('button', { name: NOT_ME }))
    // cancel leaves everything as it was
    fireEvent.click(within(entry).getByRole('button', { name: '取消' }))
    expect(reports).toBe(0)
    fireEvent.click(within(entry).getByRole('button', { name: NOT_ME }))
    expect(within(entry).getByText(/确认后医保码暂停使用 24 小时/)).toBeInTheDocument()
    fireEvent.click(within(entry).getByRole('button', { name: '确认不是我' }))

    expect(await screen.findByText('已暂停医保码，并报告医保部门')).toBeInTheDocument()
    expect(screen.getByText(/12393/, { selector: '.yb-bullets__text' })).toBeInTheDocument()
    expect(screen.getByText(/不要相信“医保卡停用”/)).toBeInTheDocument()
    expect(within(entry).getByText(/^已报告“不是我”，投诉编号 TS/)).toBeInTheDocument()
    // the code on screen goes; a new one is refused with when the freeze ends
    expect(await screen.findByText('医保码已暂停使用')).toBeInTheDocument()
    expect(screen.queryByLabelText('张**的医保码')).not.toBeInTheDocument()
    expect(screen.getByText(/医保码已暂停使用至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}。如需提前恢复，请拨打 12393/)).toBeInTheDocument()
    expect(screen.getAllByText(/^医保码已暂停使用至 /).length).toBeGreaterThan(0)
    expect(reports).toBe(1)
    // the entry offers no second report
    expect(within(entry).queryByRole('button', { name: NOT_ME })).not.toBeInTheDocument()
    server.events.removeAllListeners()
  })

  it('keeps the entry as it was and says why when the report fails', async () => {
    scanned('self')
    server.use(http.post('*/api/v1/evoucher/usage/:id/not-me', () => HttpResponse.json({ code: 'INTERNAL', message: '服务暂时不可用，请稍后再试' }, { status: 500 })))
    renderScreen(<EVoucherScreen />)
    const entry = within(await log()).getAllByRole('listitem')[0]!
    fireEvent.click(within(entry).getByRole('button', { name: NOT_ME }))
    fireEvent.click(within(entry).getByRole('button', { name: '确认不是我' }))
    expect(await screen.findByText(/^报告没有成功：/)).toBeInTheDocument()
    await waitFor(() => expect(within(entry).getByRole('button', { name: '确认不是我' })).not.toHaveClass('yb-btn--disabled'))
    expect(screen.getByLabelText('张**的医保码')).toBeInTheDocument()
  })
})

describe('长辈版', () => {
  it('explains the log in one plain sentence and gives 「不是我」 a full-width button', async () => {
    act(() => usePrefsStore.getState().setElderMode(true))
    scanned('self')
    renderScreen(<EVoucherScreen />)
    expect(await screen.findByText(ELDER_USAGE_HINT)).toBeInTheDocument()
    const button = within(await log()).getByRole('button', { name: NOT_ME })
    expect(button).toHaveClass('yb-btn--block')
    expect(button).not.toHaveClass('yb-btn--small')
  })
})
