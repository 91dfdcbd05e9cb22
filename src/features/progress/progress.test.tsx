import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { delay, http, HttpResponse } from 'msw'
import {
  APPLICATION_GROUPS,
  APPLICATION_STATUS_LABEL,
  ApplicationDetailSchema,
  ErrorCode,
  IDEMPOTENCY_KEY_PATTERN,
  type ApplicationDetail,
  type ApplicationStatus,
  type ApplicationSummary
} from '@contract'
import { server } from '../../../mock'
import { loadCatalogFiles } from '../../../catalog/index'
import { Catalog } from '../../../domain/catalog'
import { mockApplications } from '../../../mock'
import { resetMockProgress } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { setTokenProvider } from '@/shared/api/auth'
import { API_BASE } from '@/shared/api/client'
import { ROUTES } from '@/shared/nav'
import type { PickedFile } from '@/shared/media'
import { ApplicationScreen, applicationSpeech } from './ApplicationScreen'
import { ApplicationsScreen } from './ApplicationsScreen'
import { openResultDocument } from './download'
import { actorText } from './format'
import { setSession, useSessionStore } from '@/shared/session'

// signed in with a verified identity (sign-in itself is src/shared/session's, tested there)
beforeEach(() => {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
})

// picking and compressing need a camera and a canvas: the picker hands back a small JPEG, compression keeps it
const jpeg = (name: string): PickedFile => {
  const bytes = new Uint8Array(2048)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return { path: '', name, size: bytes.length, mime: 'image/jpeg', kind: 'image', blob: new Blob([bytes], { type: 'image/jpeg' }) }
}
const mockPick = jest.fn(async (): Promise<PickedFile[]> => [jpeg('重拍.jpg')])
jest.mock('@/shared/media', () => ({
  ...jest.requireActual('@/shared/media'),
  pickFiles: (...args: unknown[]) => mockPick(...(args as [])),
  prepareForUpload: async (f: unknown) => f
}))

const P = `${API_BASE}/api/v1`

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  resetMockProgress()
  Taro.clearStorageSync()
  mockPick.mockClear()
})
afterEach(() => {
  nav.restore()
  setTokenProvider(null)
  jest.restoreAllMocks()
})

/** A summary for list overrides: only what the test sets differs. */
function summary(id: string, status: ApplicationStatus, extra: Partial<ApplicationSummary> = {}): ApplicationSummary {
  return {
    id,
    caseNo: `YB33110220261101${id.padStart(5, '0')}`,
    itemId: 'medical-reimbursement',
    itemName: `事项${id}`,
    handlingMode: 'manual',
    status,
    statusLabel: APPLICATION_STATUS_LABEL[status],
    region: { code: '331102', name: '莲都区' },
    applicantName: '张*华',
    submittedAt: '2026-11-02T01:00:00.000Z',
    dueDate: null,
    overdue: false,
    nextStep: null,
    updatedAt: '2026-11-02T01:00:00.000Z',
    ...extra
  }
}

function detailOf(s: ApplicationSummary, extra: Partial<ApplicationDetail> = {}): ApplicationDetail {
  return ApplicationDetailSchema.parse({
    ...s,
    fields: [],
    uploads: [],
    sharedVerified: [],
    events: [],
    supplement: null,
    paper: null,
    result: null,
    delivery: null,
    materialsReturnedAt: null,
    timeLimitDays: 10,
    actorName: s.applicantName,
    ...extra
  })
}

const tab = (label: string) => screen.getByRole('tab', { name: new RegExp(`^${label} \\d+ 件$`) })

describe('我的办件 (001 §3.1.4, §5.2.3.8)', () => {
  it('sends a citizen who is not signed in to sign-in, to come back to 我的办件', async () => {
    useSessionStore.getState().clear()
    renderScreen(<ApplicationsScreen />)
    expect(await screen.findByText('请先登录并完成实名认证')).toBeInTheDocument()
    expect(nav.last()).toEqual({ route: ROUTES.login, params: { redirect: ROUTES.applications } })
  })

  it('groups the cases into 办理中 / 待补正 / 已办结 with counts, and marks the overdue one in red', async () => {
    const list = [
      summary('1', 'inReview', { dueDate: '2026-11-09', overdue: true }),
      summary('2', 'preAccepted', { nextStep: '请在 5 日内将纸质材料原件邮寄至：示例路 1 号' }),
      summary('3', 'supplementRequested', { nextStep: '请在 2026-11-20 前补正材料：发票' }),
      summary('4', 'completed', { dueDate: '2026-11-05' }),
      summary('5', 'rejected'),
      summary('6', 'submitted', { dueDate: '2026-12-30' })
    ]
    server.use(http.get(`${P}/applications`, () => HttpResponse.json({ applications: list })))
    renderScreen(<ApplicationsScreen />)
    // opens on 待补正: something waits for the citizen
    await waitFor(() => expect(tab('待补正')).toHaveAttribute('aria-selected', 'true'))
    const count = (k: keyof typeof APPLICATION_GROUPS) => list.filter((a) => (APPLICATION_GROUPS[k] as readonly string[]).includes(a.status)).length
    expect(tab('办理中')).toHaveAccessibleName(`办理中 ${count('inProgress')} 件`)
    expect(tab('待补正')).toHaveAccessibleName(`待补正 ${count('actionNeeded')} 件`)
    expect(tab('已办结')).toHaveAccessibleName(`已办结 ${count('done')} 件`)
    expect(count('inProgress')).toBe(3)

    const supplement = screen.getByRole('button', { name: (n) => n.startsWith('事项3') && n.includes('待补正') })
    expect(within(supplement).getByText('下一步：请在 2026-11-20 前补正材料：发票')).toBeInTheDocument()
    expect(screen.queryByText('事项1')).not.toBeInTheDocument()

    fireEvent.click(tab('办理中'))
    const cards = screen.getAllByRole('button', { name: /^事项\d/ })
    // each card is named by what it shows: the item, its status (in words), the dates
    expect(cards.map((c) => c.querySelector('.progress-case__title')?.textContent)).toEqual(['事项1', '事项2', '事项6'])
    expect(cards.map((c) => c.querySelector('.yb-tag')?.textContent)).toEqual(['审核中', '预受理（待收纸质材料）', '已提交'])
    const overdue = cards[0]
    expect(within(overdue).getByText('已超期')).toHaveClass('progress-overdue')
    expect(within(overdue).getByText('办结期限：2026-11-09')).toHaveClass('progress-case__line--overdue')
    expect(within(overdue).getByText(`办件编号：${list[0].caseNo}`)).toBeInTheDocument()
    expect(within(overdue).getByText('提交日期：2026-11-02')).toBeInTheDocument()
    // a case within its due date carries no overdue mark
    expect(within(cards[2]).queryByText('已超期')).not.toBeInTheDocument()
    expect(within(cards[2]).getByText('办结期限：2026-12-30')).not.toHaveClass('progress-case__line--overdue')

    fireEvent.click(tab('已办结'))
    expect(screen.getAllByRole('button', { name: /^事项\d/ })).toHaveLength(2)
    fireEvent.click(screen.getByText('事项4'))
    expect(nav.last()).toEqual({ route: ROUTES.application, params: { id: '4' } })
  })

  it('lists the seeded sample cases: the overdue one is marked, the one needing 补正 says so', async () => {
    renderScreen(<ApplicationsScreen />)
    const supplement = await screen.findByRole('button', { name: (n) => n.startsWith('个人医疗费用手工（零星）报销') && n.includes('待补正') })
    expect(within(supplement).getByText(/^下一步：请在 \d{4}-\d{2}-\d{2} 前补正：/)).toBeInTheDocument()
    fireEvent.click(tab('办理中'))
    expect(screen.getByRole('button', { name: (n) => n.startsWith('个人医疗保险退费') && n.includes('审核中') && n.includes('已超期') })).toBeInTheDocument()
  })

  it('says what to do when a tab is empty, and 搜索事项去办理 leads to search', async () => {
    server.use(http.get(`${P}/applications`, () => HttpResponse.json({ applications: [summary('9', 'completed')] })))
    renderScreen(<ApplicationsScreen />)
    expect(await screen.findByText('暂无办理中的办件', {}, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByText(/在线申请后，可在这里随时查看办理进度/)).toBeInTheDocument()
    fireEvent.click(screen.getByText('搜索事项去办理'))
    expect(nav.last()?.route).toBe(ROUTES.search)
    fireEvent.click(tab('待补正'))
    expect(screen.getByText('没有需要补正的办件')).toBeInTheDocument()
  })

  it('pull-down refresh loads again keeping the list on screen, then stops the spinner', async () => {
    let n = 1
    server.use(http.get(`${P}/applications`, () => HttpResponse.json({ applications: Array.from({ length: n }, (_, i) => summary(String(i + 1), 'inReview')) })))
    const done = jest.fn()
    const { rerender } = renderScreen(<ApplicationsScreen reloadSignal={0} onReloaded={done} />)
    expect(await screen.findByText('事项1')).toBeInTheDocument()
    n = 2
    rerender(<ApplicationsScreen reloadSignal={1} onReloaded={done} />)
    expect(screen.getByText('事项1')).toBeInTheDocument()
    expect(await screen.findByText('事项2')).toBeInTheDocument()
    await waitFor(() => expect(done).toHaveBeenCalledTimes(1))
    expect(tab('办理中')).toHaveAccessibleName('办理中 2 件')
  })

  it('shows the BFF’s Chinese message with 重试 when the list cannot be loaded', async () => {
    server.use(http.get(`${P}/applications`, () => HttpResponse.error(), { once: true }))
    renderScreen(<ApplicationsScreen />)
    expect(await screen.findByText('网络不给力，请检查网络后重试')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByRole('button', { name: /待补正/ })).toBeInTheDocument()
  })
})

describe('办件详情: progress of every node (000 §6.1.4)', () => {
  it('shows every event in order with its Shanghai time, who acted and the note', async () => {
    const s = summary('77', 'inReview', { dueDate: '2026-12-04', overdue: false })
    const events: ApplicationDetail['events'] = [
      { id: 'e1', at: '2026-11-22T06:05:00.000Z', actor: { kind: 'citizen', name: '张*华' }, action: 'submit', label: '已提交申请', from: null, to: 'submitted', note: null },
      { id: 'e2', at: '2026-11-22T06:05:01.000Z', actor: { kind: 'system', name: '系统' }, action: 'assign', label: '已分配窗口工作人员', from: 'submitted', to: 'assigned', note: '已分配给窗口工作人员王敏' },
      // 16:30 UTC is 00:30 the next day in Shanghai
      { id: 'e3', at: '2026-11-22T16:30:00.000Z', actor: { kind: 'staff', name: '王敏' }, action: 'accept', label: '已受理', from: 'assigned', to: 'accepted', note: '材料齐全' },
      { id: 'e4', at: '2026-11-24T02:00:00.000Z', actor: { kind: 'citizen', name: '李*' }, action: 'comment', label: '代办人补充说明', from: 'accepted', to: 'accepted', note: null },
      { id: 'e5', at: '2026-11-25T01:15:00.000Z', actor: { kind: 'staff', name: '李强' }, action: 'startReview', label: '审核中', from: 'accepted', to: 'inReview', note: null }
    ]
    server.use(http.get(`${P}/applications/77`, () => HttpResponse.json(detailOf(s, { events, timeLimitDays: 10 }))))
    renderScreen(<ApplicationScreen id='77' />)
    await screen.findByText('办理进度')
    const nodes = Array.from(document.querySelectorAll('.yb-timeline__node'))
    expect(nodes).toHaveLength(events.length)
    const expected = [
      ['已提交申请', '2026-11-22 14:05', '本人', null],
      ['已分配窗口工作人员', '2026-11-22 14:05', '系统', '已分配给窗口工作人员王敏'],
      ['已受理', '2026-11-23 00:30', '窗口工作人员 王敏', '材料齐全'],
      ['代办人补充说明', '2026-11-24 10:00', '代办人 李*', null],
      ['审核中', '2026-11-25 09:15', '窗口工作人员 李强', null]
    ] as const
    expected.forEach(([label, time, actor, note], i) => {
      const node = nodes[i] as HTMLElement
      expect(within(node).getByText(label)).toBeInTheDocument()
      expect(within(node).getByText(time)).toBeInTheDocument()
      expect(within(node).getByText(actor)).toBeInTheDocument()
      if (note) expect(within(node).getByText(note)).toBeInTheDocument()
      else expect(node.querySelector('.yb-timeline__note')).toBeNull()
    })
    expect(nodes[4]).toHaveClass('yb-timeline__node--latest')
    // time limit and due date; nothing for the citizen to do
    expect(screen.getByText('10 个工作日')).toBeInTheDocument()
    expect(screen.getByText('2026-12-04 前')).toBeInTheDocument()
    expect(screen.getByText('无需您操作')).toBeInTheDocument()
    expect(screen.queryByText('已超期')).not.toBeInTheDocument()
  })

  it('names the actor: the applicant as 本人 whether the name comes masked or whole, anyone else as 代办人', () => {
    expect(actorText({ kind: 'citizen', name: '张丽华' }, '张**')).toBe('本人')
    expect(actorText({ kind: 'citizen', name: '张**' }, '张**')).toBe('本人')
    expect(actorText({ kind: 'citizen', name: '李四' }, '张**')).toBe('代办人 李四')
    expect(actorText({ kind: 'staff', name: '王敏' }, '张**')).toBe('窗口工作人员 王敏')
    expect(actorText({ kind: 'system', name: '系统（智能办理）' }, '张**')).toBe('系统（智能办理）')
  })

  it('000 图4: a case the platform made from a department’s data shows who started it, the decision and 已归档 (§6.1.5)', async () => {
    // 确认办理 of the sample 视同同意 reminder (the mocks make the case as the BFF does)
    const made = (await (await fetch(`${P}/reminders/sample-reminder-deemed/confirm`, { method: 'POST' })).json()) as { applicationId: string }
    renderScreen(<ApplicationScreen id={made.applicationId} />)
    await screen.findByText('办理进度')
    const nodes = Array.from(document.querySelectorAll('.yb-timeline__node')) as HTMLElement[]
    expect(nodes).toHaveLength(3)
    expect(within(nodes[0]).getByText('已确认提醒办，自动发起办理')).toBeInTheDocument()
    expect(within(nodes[0]).getByText('医保经办平台（本人已确认提醒办）')).toBeInTheDocument()
    expect(within(nodes[1]).getByText('已办结（智能办理）')).toBeInTheDocument()
    expect(within(nodes[2]).getByText('已归档')).toBeInTheDocument()
  })

  it('flags an overdue case (sample) next to its due date', async () => {
    renderScreen(<ApplicationScreen id='sample-overdue' />)
    expect(await screen.findByText('该办件已超过承诺办结期限')).toBeInTheDocument()
    const due = mockApplications.get('sample-overdue')!.dueDate!
    expect(screen.getByText(`${due} 前`)).toHaveClass('progress-case__line--overdue')
    expect(screen.getAllByText('已超期').length).toBeGreaterThanOrEqual(2)
    expect(screen.getByText('5 个工作日')).toBeInTheDocument()
  })

  it('shows the paper originals to mail, with address, recipient, phone and deadline; 已收到 once received (001 §5.1.4)', async () => {
    renderScreen(<ApplicationScreen id='sample-paper' />)
    const section = (await screen.findByText('纸质材料寄送')).closest('.yb-section') as HTMLElement
    const a = mockApplications.get('sample-paper')!
    const p = a.paper!
    expect(within(section).getByText('待寄送')).toBeInTheDocument()
    p.materials.forEach((m, i) => expect(within(section).getByText(`${i + 1}. ${m.name}`)).toBeInTheDocument())
    expect(within(section).getAllByText(/· \d+ 份$/)[0]).toHaveTextContent(/原件|复印件/)
    expect(within(section).getByText(p.mailing.address)).toBeInTheDocument()
    expect(within(section).getByText(p.mailing.recipient)).toBeInTheDocument()
    expect(within(section).getByText(p.mailing.phone)).toBeInTheDocument()
    expect(within(section).getByText(new RegExp(`^提交申请后 ${p.mailing.deadlineDays} 日内寄出（\\d{4}-\\d{2}-\\d{2} 前）$`))).toBeInTheDocument()
    // what to do next: mail them
    expect(screen.getByText('需要您办理')).toBeInTheDocument()
  })
})

describe('补正 (001 §5.2.3.5): upload per material, then 重新提交 into the same case', () => {
  it('uploads each asked material, and resubmits with an Idempotency-Key that a retry reuses', async () => {
    const keys: string[] = []
    let resubmits = 0
    server.use(
      http.post(`${P}/applications/:id/resubmit`, ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key') ?? '')
        resubmits += 1
        // the first answer is lost on the way back; the retry falls through to the mock BFF
        if (resubmits === 1) return HttpResponse.error()
        return undefined
      })
    )
    renderScreen(<ApplicationScreen id='sample-supplement' />)
    const block = (await screen.findByText('补正材料')).closest('.yb-section') as HTMLElement
    const s = mockApplications.get('sample-supplement')!.supplement!
    expect(within(block).getByText(`请在 ${s.deadline} 前补正`)).toBeInTheDocument()
    expect(within(block).getByText(`工作人员说明：${s.note}`)).toBeInTheDocument()
    expect(s.materials).toHaveLength(2)
    const rows = s.materials.map((name) => within(block).getByLabelText(name))
    for (const row of rows) expect(within(row).getByText('待上传')).toBeInTheDocument()
    const submit = within(block).getByText('重新提交')
    expect(submit).toHaveAttribute('aria-disabled', 'true')
    expect(within(block).getByText(`请先上传：${s.materials.join('、')}`)).toBeInTheDocument()

    // the guide says what the material accepts: PDF as well as photos here
    await waitFor(() => expect(within(rows[0]).getByText('选择 PDF 文件')).toBeInTheDocument())
    fireEvent.click(within(rows[0]).getByText('拍照'))
    expect(mockPick).toHaveBeenCalledWith(expect.objectContaining({ source: 'camera', accept: ['image', 'pdf'] }))
    await waitFor(() => expect(within(rows[0]).getByText('已上传 1 个文件')).toBeInTheDocument())
    expect(within(rows[0]).getByText('✓ 重拍.jpg')).toBeInTheDocument()
    expect(within(block).getByText(`请先上传：${s.materials[1]}`)).toBeInTheDocument()

    // while the second one is on its way it shows its progress and can be cancelled
    server.use(
      http.post(`${P}/applications/:id/materials/:materialId`, async () => {
        await delay(150)
        return undefined
      }, { once: true })
    )
    fireEvent.click(within(rows[1]).getByText('从相册选择'))
    expect(await within(rows[1]).findByText(/^正在上传 \d+%$/)).toBeInTheDocument()
    expect(within(rows[1]).getByText('取消')).toBeInTheDocument()
    await waitFor(() => expect(within(rows[1]).getByText('已上传 1 个文件')).toBeInTheDocument())
    await waitFor(() => expect(submit).not.toHaveAttribute('aria-disabled'))

    fireEvent.click(submit)
    expect(await within(block).findByText('网络不给力，请检查网络后重试')).toBeInTheDocument()
    expect(within(block).getByText('重新提交（重试）')).toBeInTheDocument()
    expect(mockApplications.get('sample-supplement')!.status).toBe('supplementRequested')

    fireEvent.click(within(block).getByText('重新提交（重试）'))
    // back into the same case, at the step that asked (审核中)
    expect(await screen.findByText(APPLICATION_STATUS_LABEL.inReview, { selector: '.yb-tag' })).toBeInTheDocument()
    expect(screen.queryByText('补正材料')).not.toBeInTheDocument()
    expect(screen.getByText('已补正，重新提交')).toBeInTheDocument()
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(IDEMPOTENCY_KEY_PATTERN)
    expect(keys[1]).toBe(keys[0])
    // done: the kept key is gone, a later 补正 of this case gets a new one
    expect(Taro.getStorageSync('yb-resubmit-key:sample-supplement')).toBeFalsy()
    expect(mockApplications.get('sample-supplement')!.status).toBe('inReview')
  })

  it('keeps the key across a reload of the page until the resubmit succeeds', async () => {
    const keys: string[] = []
    server.use(
      http.post(`${P}/applications/:id/resubmit`, ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key') ?? '')
        return HttpResponse.json({ code: ErrorCode.INTERNAL, message: '系统繁忙，请稍后再试' }, { status: 500 })
      })
    )
    const first = renderScreen(<ApplicationScreen id='sample-supplement' />)
    const block = (await screen.findByText('补正材料')).closest('.yb-section') as HTMLElement
    const s = mockApplications.get('sample-supplement')!.supplement!
    for (const name of s.materials) {
      fireEvent.click(within(within(block).getByLabelText(name)).getByText('拍照'))
      await waitFor(() => expect(within(within(block).getByLabelText(name)).getByText('已上传 1 个文件')).toBeInTheDocument())
    }
    fireEvent.click(within(block).getByText('重新提交'))
    expect(await within(block).findByText('系统繁忙，请稍后再试')).toBeInTheDocument()
    // the app is closed and opened again: the same key goes out
    first.unmount()
    renderScreen(<ApplicationScreen id='sample-supplement' />)
    const again = (await screen.findByText('补正材料')).closest('.yb-section') as HTMLElement
    await waitFor(() => expect(within(again).getByText('重新提交')).not.toHaveAttribute('aria-disabled'))
    fireEvent.click(within(again).getByText('重新提交'))
    await within(again).findByText('系统繁忙，请稍后再试')
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
  })

  it('shows the BFF’s message when an upload is refused, with 重试', async () => {
    server.use(
      http.post(`${P}/applications/:id/materials/:materialId`, () =>
        HttpResponse.json({ code: ErrorCode.UPLOAD_TYPE_UNSUPPORTED, message: '不支持该文件类型，此项材料请上传JPG、PNG 照片或 PDF 文件' }, { status: 415 }),
      { once: true })
    )
    renderScreen(<ApplicationScreen id='sample-supplement' />)
    const block = (await screen.findByText('补正材料')).closest('.yb-section') as HTMLElement
    const row = within(block).getByLabelText(mockApplications.get('sample-supplement')!.supplement!.materials[0])
    fireEvent.click(within(row).getByText('拍照'))
    expect(await within(row).findByText('不支持该文件类型，此项材料请上传JPG、PNG 照片或 PDF 文件')).toBeInTheDocument()
    fireEvent.click(within(row).getByText('重试'))
    await waitFor(() => expect(within(row).getByText('已上传 1 个文件')).toBeInTheDocument())
  })
})

describe('特殊情况 (003 §7.4.1.7): an extended time limit', () => {
  it('shows the new limit and due date and says why', async () => {
    const s = summary('66', 'inReview', { dueDate: '2026-12-30' })
    const note = '因特殊情况，办理时限延长至 20 个工作日。原因：需向外省就诊医院调取病历核实'
    const events: ApplicationDetail['events'] = [
      { id: 'e1', at: '2026-11-30T02:00:00.000Z', actor: { kind: 'staff', name: '王敏' }, action: 'extendTimeLimit', label: '办理时限已延长（特殊情况）', from: 'inReview', to: 'inReview', note }
    ]
    server.use(http.get(`${P}/applications/66`, () => HttpResponse.json(detailOf(s, { timeLimitDays: 20, events }))))
    renderScreen(<ApplicationScreen id='66' />)
    expect(await screen.findByText('20 个工作日')).toBeInTheDocument()
    expect(screen.getByText('2026-12-30 前')).toBeInTheDocument()
    expect(screen.getAllByText(note).length).toBeGreaterThan(0)
    expect(screen.getByText('时限延长')).toBeInTheDocument()
  })
})

describe('the guide is a contract: 依据办事指南第 N 项 beside every 补正 and rejection (001 §4.1.2; 003 §5.1.1 一次性告知)', () => {
  it('each material asked for names its number in the guide the case was filed under', async () => {
    renderScreen(<ApplicationScreen id='sample-supplement' />)
    const block = (await screen.findByText('补正材料')).closest('.yb-section') as HTMLElement
    const basis = mockApplications.get('sample-supplement')!.supplement!.basis!
    expect(basis.length).toBe(2)
    for (const b of basis) {
      const row = within(block).getByLabelText(b.text)
      expect(within(row).getByText(`依据办事指南第 ${b.no} 项申请材料：${b.text}（已提交，需更清晰完整的版本）`)).toBeInTheDocument()
    }
  })

  it('a rejection names the conditions it rests on, and the filed guide opens with its version and numbered entries', async () => {
    const s = summary('77', 'rejected')
    const result = {
      decision: 'rejected' as const,
      text: '费用发生在境外（依据办事指南第 4 项禁止性要求：在境外就医的医疗费用，不纳入基本医疗保险基金支付范围）',
      issuedAt: '2026-12-01T02:00:00.000Z',
      verifyCode: 'REJTEST8K2M4Q7X3',
      documentName: '个人医疗费用手工（零星）报销不予办理通知书',
      payment: null,
      basis: [{ part: 'prohibitions' as const, no: 4, materialId: null, text: '在境外就医的医疗费用，不纳入基本医疗保险基金支付范围', betterCopy: false }]
    }
    const guideVersion = { version: 3, publishedAt: '2026-11-20T01:00:00.000Z' }
    const item = Catalog.of(loadCatalogFiles()).itemDetail('medical-reimbursement', '331102')
    server.use(
      http.get(`${P}/applications/77`, () => HttpResponse.json(detailOf(s, { result, guideVersion }))),
      http.get(`${P}/applications/77/guide`, () => HttpResponse.json({ guideVersion, item }))
    )
    renderScreen(<ApplicationScreen id='77' />)
    const section = (await screen.findByText('办理结果')).closest('.yb-section') as HTMLElement
    expect(within(section).getByText('依据办事指南第 4 项禁止性要求：在境外就医的医疗费用，不纳入基本医疗保险基金支付范围')).toBeInTheDocument()
    const filed = (screen.getByText('本件依据的办事指南').closest('.yb-section') as HTMLElement)
    expect(within(filed).getByText(/第 3 版，2026-11-20 发布/)).toBeInTheDocument()
    await act(async () => {
      fireEvent.click(within(filed).getByText('查看申请条件和材料目录'))
    })
    expect(await within(filed).findByText(`第 4 项：${item.guide.conditions.prohibitions[3]}`)).toBeInTheDocument()
    expect(within(filed).getByText(`第 1 项：${item.guide.materials[0].name}`)).toBeInTheDocument()
  })
})

describe('朗读 of a case says what the page says: what is asked, the guide entry it rests on, and by when (语音版, 002)', () => {
  it('a 补正: the deadline, the staff note, and each material with 依据办事指南第 N 项 as the page shows it', async () => {
    renderScreen(<ApplicationScreen id='sample-supplement' />)
    const block = (await screen.findByText('补正材料')).closest('.yb-section') as HTMLElement
    const app = mockApplications.get('sample-supplement')!
    const s = app.supplement!
    // the staff note alone names no guide entry: the citation is heard only if 朗读 reads the request itself
    expect(s.note).not.toMatch(/依据办事指南/)
    const spoken = applicationSpeech(app)
    for (const [i, b] of s.basis!.entries()) {
      const shown = `依据办事指南第 ${b.no} 项申请材料：${b.text}（已提交，需更清晰完整的版本）`
      expect(within(block).getByText(shown)).toBeInTheDocument()
      expect(spoken).toContain(`材料${i + 1}：${s.materials[i]}，${shown}`)
    }
    expect(within(block).getByText(`请在 ${s.deadline} 前补正`)).toBeInTheDocument()
    expect(spoken).toContain(`请在 ${s.deadline} 前补正`)
    expect(spoken).toContain(`工作人员说明：${s.note}`)
    expect(spoken).toContain('需要补正的材料共 2 项')
  })

  it('a rejection: the guide condition it rests on, once, whether or not the decision text already names it', () => {
    const basis = [{ part: 'requirements' as const, no: 3, materialId: null, text: '在本统筹区参加基本医疗保险', betterCopy: false }]
    const result = { decision: 'rejected' as const, text: '参保地不在本统筹区', issuedAt: '2026-12-01T02:00:00.000Z', verifyCode: 'REJTEST8K2M4Q7X3', documentName: '不予办理通知书', payment: null, basis }
    const cited = '依据办事指南第 3 项申请条件：在本统筹区参加基本医疗保险'
    const plain = applicationSpeech(detailOf(summary('78', 'rejected'), { result }))
    expect(plain).toContain(`办理结果：不予办理。参保地不在本统筹区。${cited}。`)
    const bracketed = applicationSpeech(detailOf(summary('78', 'rejected'), { result: { ...result, text: `参保地不在本统筹区（${cited}）` } }))
    expect(bracketed.split(cited).length - 1).toBe(1)
  })

  it('an extended time limit: the new due date and the reason, as 时限延长 on the page', () => {
    const note = '因特殊情况，办理时限延长至 20 个工作日。原因：需向外省就诊医院调取病历核实'
    const events: ApplicationDetail['events'] = [
      { id: 'e1', at: '2026-11-30T02:00:00.000Z', actor: { kind: 'staff', name: '王敏' }, action: 'extendTimeLimit', label: '办理时限已延长（特殊情况）', from: 'inReview', to: 'inReview', note }
    ]
    const spoken = applicationSpeech(detailOf(summary('66', 'inReview', { dueDate: '2026-12-30' }), { timeLimitDays: 20, events }))
    expect(spoken).toContain(`办结期限：2026-12-30 前。时限延长：${note}`)
  })
})

describe('查询服务 kept as a case (001 §5.2.1; 000 §6.1.4.2)', () => {
  const q = summary('77', 'completed', { itemId: 'personal-insurance-record', itemName: '参保人员查询打印社会保险信息', handlingMode: 'query' })
  const answer = { answeredAt: '2026-11-02T01:00:00.000Z', rows: [{ label: '参保状态', value: '正常参保' }], note: '示例数据' }

  it('the list says 查询 · 已办结 and the day it was asked, not 待受理', async () => {
    server.use(http.get(`${P}/applications`, () => HttpResponse.json({ applications: [q] })))
    renderScreen(<ApplicationsScreen />)
    await waitFor(() => expect(tab('已办结')).toBeInTheDocument())
    fireEvent.click(tab('已办结'))
    const card = (await screen.findByText(q.itemName)).closest('.progress-case') as HTMLElement
    expect(within(card).getByText('查询')).toBeInTheDocument()
    expect(within(card).getByText('已办结')).toBeInTheDocument()
    expect(within(card).getByText(/查询日期/)).toBeInTheDocument()
  })

  it('the case shows the answer again, asks again from there, and is rated like any case', async () => {
    server.use(http.get(`${P}/applications/77`, () => HttpResponse.json(detailOf(q, { timeLimitDays: null, queryAnswer: answer }))))
    renderScreen(<ApplicationScreen id='77' />)
    const section = (await screen.findByText('查询结果')).closest('#query-answer') as HTMLElement
    expect(within(section).getByText('正常参保')).toBeInTheDocument()
    expect(within(section).getByText('示例数据')).toBeInTheDocument()
    expect(screen.getByText('即时办结')).toBeInTheDocument()
    fireEvent.click(within(section).getByText('重新查询'))
    expect(nav.last()).toEqual({ route: ROUTES.applyQuery, params: { itemId: q.itemId, region: q.region.code } })
    fireEvent.click(screen.getByText('评价本次服务'))
    expect(nav.last()).toEqual({ route: ROUTES.evaluationRate, params: { id: '77' } })
  })
})

describe('办理结果 (001 §5.3)', () => {
  it('a result that pays money says how much, into which account, and by when', async () => {
    const s = summary('88', 'completed')
    const result = {
      decision: 'approved' as const,
      text: '经审核，符合报销条件',
      issuedAt: '2026-12-01T02:00:00.000Z',
      verifyCode: 'PAYTEST8K2M4Q7X3',
      documentName: '个人医疗费用手工（零星）报销办理结果通知书',
      payment: { amountFen: 123456, bank: '中国工商银行', account: '***************0123', accountName: '张**', expectedDate: '2026-12-08' }
    }
    server.use(http.get(`${P}/applications/88`, () => HttpResponse.json(detailOf(s, { result }))))
    renderScreen(<ApplicationScreen id='88' />)
    const section = (await screen.findByText('办理结果')).closest('.yb-section') as HTMLElement
    expect(within(section).getByText('1,234.56 元')).toBeInTheDocument()
    expect(within(section).getByText('中国工商银行 ***************0123 张**')).toBeInTheDocument()
    expect(within(section).getByText('2026-12-08 前')).toBeInTheDocument()
    // nothing about a paper result the form never offered
    expect(screen.queryByText(/纸质结果/)).toBeNull()
  })

  it('a paper result names the way chosen on the form: 邮寄送达 and the address', async () => {
    const s = summary('89', 'completed', { nextStep: '基本医疗保险就医凭证将邮寄至：浙江省丽水市莲都区人民街100号，寄出后会短信通知您' })
    server.use(
      http.get(`${P}/applications/89`, () =>
        HttpResponse.json(detailOf(s, { resultDelivery: { method: 'mail', address: '浙江省丽水市莲都区人民街100号', office: null } }))
      )
    )
    renderScreen(<ApplicationScreen id='89' />)
    const section = (await screen.findByText('结果送达')).closest('.yb-section') as HTMLElement
    expect(within(section).getByText('邮寄送达')).toBeInTheDocument()
    expect(within(section).getByText('浙江省丽水市莲都区人民街100号')).toBeInTheDocument()
  })

  it('shows the decision, the verification code, delivery and 材料已退还, and downloads the document with the token (H5)', async () => {
    setTokenProvider(() => 'token-abc')
    const auth: Array<string | null> = []
    server.use(
      http.get(`${P}/applications/:id/result.pdf`, ({ request }) => {
        auth.push(request.headers.get('Authorization'))
        return undefined
      })
    )
    const created: Blob[] = []
    const g = URL as unknown as { createObjectURL?: (b: Blob) => string; revokeObjectURL?: (u: string) => void }
    g.createObjectURL ??= () => ''
    g.revokeObjectURL ??= () => undefined
    jest.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      created.push(b as Blob)
      return 'blob:result'
    })
    const clicks: HTMLAnchorElement[] = []
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this)
    })

    renderScreen(<ApplicationScreen id='sample-completed' />)
    const section = (await screen.findByText('办理结果')).closest('.yb-section') as HTMLElement
    const a = mockApplications.get('sample-completed')!
    expect(within(section).getByText('准予办理')).toBeInTheDocument()
    expect(within(section).getByText(a.result!.text)).toBeInTheDocument()
    expect(within(section).getByText(a.result!.verifyCode)).toBeInTheDocument()
    expect(screen.getByText('邮寄送达')).toBeInTheDocument()
    expect(screen.getByText(a.delivery!.trackingNo!)).toBeInTheDocument()
    expect(screen.getByText('材料已退还')).toBeInTheDocument()

    fireEvent.click(within(section).getByText('查看/下载结果文书'))
    await waitFor(() => expect(clicks).toHaveLength(1))
    expect(auth).toEqual(['Bearer token-abc'])
    expect(clicks[0].download).toBe(`${a.result!.documentName}.pdf`)
    expect(clicks[0].getAttribute('href')).toBe('blob:result')
    const text = await created[0].text()
    expect(text.startsWith('%PDF-')).toBe(true)
    expect(text).toContain(a.caseNo)
  })

  it('says so in Chinese when the document is not there', async () => {
    server.use(
      http.get(`${P}/applications/:id/result.pdf`, () => HttpResponse.json({ code: ErrorCode.RESULT_UNKNOWN, message: '结果文书暂未生成' }, { status: 404 }))
    )
    renderScreen(<ApplicationScreen id='sample-smart' />)
    fireEvent.click(await screen.findByText('查看/下载结果文书'))
    expect(await screen.findByText('结果文书暂未生成')).toBeInTheDocument()
  })

  it('mini-programs: Taro.downloadFile with the Authorization header, then Taro.openDocument', async () => {
    setTokenProvider(() => 'token-mini')
    const download = jest.spyOn(Taro, 'downloadFile').mockImplementation((() => Promise.resolve({ statusCode: 200, tempFilePath: 'wxfile://tmp/result.pdf' })) as never)
    const openDoc = jest.spyOn(Taro, 'openDocument').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never)
    await act(() => openResultDocument({ applicationId: 'case/1', documentName: '结果' }, 'weapp'))
    expect(download).toHaveBeenCalledWith(expect.objectContaining({ url: `${API_BASE}/api/v1/applications/case%2F1/result.pdf`, header: { Authorization: 'Bearer token-mini' } }))
    expect(openDoc).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/result.pdf', fileType: 'pdf' }))

    download.mockImplementation((() => Promise.resolve({ statusCode: 404, tempFilePath: 'wxfile://tmp/x' })) as never)
    await expect(openResultDocument({ applicationId: 'x', documentName: '结果' }, 'alipay')).rejects.toMatchObject({ code: ErrorCode.RESULT_UNKNOWN, message: '结果文书暂未生成，请稍后再试' })
  })
})
