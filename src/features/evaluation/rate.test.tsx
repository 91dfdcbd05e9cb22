import Taro from '@tarojs/taro'
import { act, fireEvent, screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { IDEMPOTENCY_KEY_PATTERN } from '@contract'
import { server } from '../../../mock'
import { configureMockEvaluation, mockEvaluationStaffAction, resetMockEvaluation } from '../../../mock'
import { resetMockProgress } from '../../../mock'
import { recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { API_BASE } from '@/shared/api/client'
import { ROUTES } from '@/shared/nav'
import { setSession, useSessionStore } from '@/shared/session'
import { rateApplication } from './api'
import { RateScreen } from './RateScreen'
import { RATING_DRAFTS_STORAGE_KEY, useRatingDrafts } from './store'
import { mockCase } from './test-fixtures'

const P = `${API_BASE}/api/v1`

// signed in with a verified identity (sign-in itself is src/shared/session's, tested there)
beforeEach(() => {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
})

let nav: NavRecord
/** POSTs of ratings (…/evaluation) the app sent */
let ratePosts: string[]
const onRequest = ({ request }: { request: Request }) => {
  if (request.method === 'POST' && /\/applications\/[^/]+\/evaluation$/.test(new URL(request.url).pathname)) ratePosts.push(request.url)
}
beforeEach(() => {
  nav = recordNavigation()
  resetMockProgress()
  resetMockEvaluation()
  configureMockEvaluation({})
  Taro.clearStorageSync()
  useRatingDrafts.setState({ drafts: {} })
  ratePosts = []
  server.events.on('request:start', onRequest)
})
afterEach(() => {
  server.events.removeListener('request:start', onRequest)
  nav.restore()
})

const radio = (name: string) => screen.getByRole('radio', { name })
const chip = (name: string) => screen.getByRole('checkbox', { name })
const textbox = (label: string) => screen.getByLabelText(label, { selector: 'taro-textarea-core' })
const button = (name: string) => screen.getByRole('button', { name })

async function openRate(id: string): Promise<void> {
  renderScreen(<RateScreen id={id} />)
  await screen.findByRole('radiogroup', { name: '您对本次服务是否满意？' })
}

describe('评价本次服务 (000 §8.1; 002 一事一评)', () => {
  it('offers the five levels as large radio choices with their Chinese names, none chosen', async () => {
    mockCase('c1')
    await openRate('c1')
    const group = screen.getByRole('radiogroup', { name: '您对本次服务是否满意？' })
    const radios = within(group).getAllByRole('radio')
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
    radios.forEach((r) => expect(r).toHaveAttribute('aria-checked', 'false'))
    // the deadline of the window (7 calendar days) is said up front
    expect(screen.getByText(/前评价，逾期未评价的，系统将默认记为“基本满意”/)).toBeInTheDocument()
    // no reasons until a bad level is chosen
    expect(screen.queryByRole('checkbox', { name: '态度' })).not.toBeInTheDocument()
  })

  it('a bad level without a reason shows the message inline and sends nothing', async () => {
    mockCase('c2')
    await openRate('c2')
    fireEvent.click(radio('不满意'))
    expect(radio('不满意')).toHaveAttribute('aria-checked', 'true')
    // the six reasons of the contract appear as chips
    for (const r of ['态度', '时限', '材料反复', '流程繁琐', '结果不满意', '其他']) expect(chip(r)).toHaveAttribute('aria-checked', 'false')
    fireEvent.click(button('提交评价'))
    expect(await screen.findByText('请至少选择一项不满意的原因')).toHaveAttribute('role', 'alert')
    expect(ratePosts).toHaveLength(0)
    // choosing a reason clears the message; nothing has been rated at the BFF
    fireEvent.click(chip('时限'))
    expect(chip('时限')).toHaveAttribute('aria-checked', 'true')
    expect(screen.queryByText('请至少选择一项不满意的原因')).not.toBeInTheDocument()
    const status = await (await fetch(`${P}/applications/c2/evaluation`, { headers: { authorization: 'Bearer t' } })).json()
    expect(status).toMatchObject({ rateable: true, evaluation: null })
  })

  it('without a level it asks for one', async () => {
    mockCase('c3')
    await openRate('c3')
    fireEvent.click(button('提交评价'))
    expect(await screen.findByText('请选择评价等级')).toBeInTheDocument()
    expect(ratePosts).toHaveLength(0)
  })

  it('a good rating is sent once however often 提交 is tapped, and the screen then shows it with no way to rate again', async () => {
    mockCase('c4')
    await openRate('c4')
    fireEvent.click(radio('满意'))
    typeInto(textbox('评价内容'), '窗口工作人员很耐心')
    expect(screen.getByText('9/500')).toBeInTheDocument()
    const submit = button('提交评价')
    fireEvent.click(submit)
    fireEvent.click(submit)
    const mine = await screen.findByText('我的评价')
    const section = mine.closest('.yb-section') as HTMLElement
    expect(within(section).getAllByText('满意').length).toBeGreaterThanOrEqual(1)
    expect(within(section).getByText('窗口工作人员很耐心')).toBeInTheDocument()
    expect(ratePosts).toHaveLength(1)
    // rated: no levels, no 提交评价 — only 追评 remains
    expect(screen.queryByRole('radiogroup', { name: '您对本次服务是否满意？' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '提交评价' })).not.toBeInTheDocument()
    expect(button('提交追评')).toBeInTheDocument()
    // a good rating opens no loop
    expect(screen.queryByText('差评处理进度')).not.toBeInTheDocument()
    // the draft is gone from the device once the BFF has the rating
    expect(useRatingDrafts.getState().drafts.c4).toBeUndefined()
  })

  it('a case not yet decided cannot be rated: the reason is shown instead of the form', async () => {
    mockCase('c5', 'inReview')
    renderScreen(<RateScreen id='c5' />)
    expect(await screen.findByText('暂不能评价')).toBeInTheDocument()
    expect(screen.getByText('办件当前为“审核中”，办结后才能评价')).toBeInTheDocument()
    expect(screen.queryByRole('radiogroup')).not.toBeInTheDocument()
  })

  it('a case unrated past its 7 days shows 系统默认好评 (基本满意), visibly so', async () => {
    mockCase('c6', 'completed', { decidedHoursAgo: 9 * 24 })
    renderScreen(<RateScreen id='c6' />)
    const section = (await screen.findByText('我的评价')).closest('.yb-section') as HTMLElement
    expect(within(section).getAllByText('系统默认好评').length).toBeGreaterThanOrEqual(2)
    expect(within(section).getByText(/办结后 7 日内未评价，系统已默认记为“基本满意”/)).toBeInTheDocument()
    expect(screen.queryByRole('radiogroup', { name: '您对本次服务是否满意？' })).not.toBeInTheDocument()
    // a defaulted rating takes no photo
    expect(screen.queryByText('补充照片')).not.toBeInTheDocument()
  })

  it('sends a citizen who is not signed in to sign-in, to come back to this rating', async () => {
    useSessionStore.getState().clear()
    renderScreen(<RateScreen id='c7' />)
    expect(await screen.findByText('请先登录并完成实名认证')).toBeInTheDocument()
    expect(nav.last()).toEqual({ route: ROUTES.login, params: { redirect: `${ROUTES.evaluationRate}?id=c7` } })
  })
})

describe('the unsent rating is kept on the device', () => {
  it('survives a remount and an app restart (re-created from storage), and a failed submit', async () => {
    mockCase('d1')
    const first = renderScreen(<RateScreen id='d1' />)
    await screen.findByRole('radiogroup', { name: '您对本次服务是否满意？' })
    fireEvent.click(radio('非常不满意'))
    fireEvent.click(chip('材料反复'))
    typeInto(textbox('评价内容'), '同一份材料让我交了三次')
    // written to device storage at once
    expect(String(Taro.getStorageSync(RATING_DRAFTS_STORAGE_KEY))).toContain('同一份材料让我交了三次')
    first.unmount()

    // the app is killed: memory is gone, storage stays (emptying the store writes storage too: put it back)
    const stored = Taro.getStorageSync(RATING_DRAFTS_STORAGE_KEY) as string
    useRatingDrafts.setState({ drafts: {} })
    Taro.setStorageSync(RATING_DRAFTS_STORAGE_KEY, stored)
    await act(async () => {
      await useRatingDrafts.persist.rehydrate()
    })
    await openRate('d1')
    expect(radio('非常不满意')).toHaveAttribute('aria-checked', 'true')
    expect(chip('材料反复')).toHaveAttribute('aria-checked', 'true')
    expect(textbox('评价内容')).toHaveAttribute('value', '同一份材料让我交了三次')

    // the BFF is down: the message says so, nothing typed is lost
    const keys: string[] = []
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST' && request.url.endsWith('/applications/d1/evaluation')) keys.push(request.headers.get('Idempotency-Key') ?? '')
    })
    server.use(http.post(`${P}/applications/d1/evaluation`, () => HttpResponse.error(), { once: true }))
    fireEvent.click(button('提交评价'))
    expect(await screen.findByText('评价未提交')).toBeInTheDocument()
    expect(screen.getByText(/您填写的内容已保留/)).toBeInTheDocument()
    expect(textbox('评价内容')).toHaveAttribute('value', '同一份材料让我交了三次')
    expect(useRatingDrafts.getState().drafts.d1?.level).toBe('veryDissatisfied')

    // sent again: rated with what was kept, the loop starts
    fireEvent.click(button('提交评价'))
    const section = (await screen.findByText('我的评价')).closest('.yb-section') as HTMLElement
    expect(within(section).getByText('材料反复')).toBeInTheDocument()
    expect(screen.getByText('差评处理进度')).toBeInTheDocument()
    expect(screen.getAllByText('已收到您的评价，工作人员将与您联系').length).toBeGreaterThanOrEqual(1)
    expect(useRatingDrafts.getState().drafts.d1).toBeUndefined()
    // the retry was the same write: it carried the first try's Idempotency-Key (a lost answer cannot rate twice)
    server.events.removeAllListeners('request:start')
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(IDEMPOTENCY_KEY_PATTERN)
    expect(keys[1]).toBe(keys[0])
  })
})

describe('追评 (once)', () => {
  it('adds one follow-up comment; the box is then gone', async () => {
    mockCase('k1')
    await rateApplication('k1', { level: 'basic' })
    renderScreen(<RateScreen id='k1' />)
    await screen.findByText('我的评价')
    fireEvent.click(button('提交追评'))
    expect(await screen.findByText('请填写追评内容')).toBeInTheDocument()
    typeInto(textbox('追评内容'), '结果文书已收到，谢谢')
    fireEvent.click(button('提交追评'))
    expect(await screen.findByText('结果文书已收到，谢谢')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '提交追评' })).not.toBeInTheDocument()
    expect(screen.queryByLabelText('追评内容')).not.toBeInTheDocument()
    // the BFF refuses a second one too
    const again = await fetch(`${P}/applications/k1/evaluation/comment`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ text: '再追评一次' })
    })
    expect(again.status).toBe(409)
  })
})

describe('差评: the loop and the feedback (000 §8.2.1)', () => {
  const rectify = (id: string, note: string) => {
    mockEvaluationStaffAction(id, { action: 'followUp', staffName: '王敏', result: 'reached', note: '电话联系评价人，了解情况' })
    mockEvaluationStaffAction(id, { action: 'verify', staffName: '王敏', substantiated: true, finding: '窗口多次要求补交同一材料，属实' })
    return mockEvaluationStaffAction(id, { action: 'rectify', staffName: '王敏', note })
  }

  it('shows the progress as a timeline; when the feedback is ready: dispute once with a reason, then only accept', async () => {
    mockCase('f1')
    await rateApplication('f1', { level: 'dissatisfied', reasons: ['repeatedMaterials'] })
    rectify('f1', '已对窗口人员开展业务培训，材料一次性告知')
    const view = renderScreen(<RateScreen id='f1' />)
    const loop = (await screen.findByText('差评处理进度')).closest('.yb-section') as HTMLElement
    expect(within(loop).getAllByText('处理结果已反馈，请确认').length).toBeGreaterThanOrEqual(1)
    // the timeline: the rating, 回访, 核实, 整改 — oldest first, the latest marked in words
    const labels = Array.from(loop.querySelectorAll('.yb-timeline__label')).map((n) => n.textContent)
    expect(labels).toEqual(['您的评价：不满意', '已回访（已联系上评价人）', '已核实：反映的问题属实', '已整改并反馈'])
    expect(within(loop.querySelector('.yb-timeline__node--latest') as HTMLElement).getByText('最新')).toBeInTheDocument()
    // the feedback the citizen reads
    const fb = within(loop).getByLabelText('处理结果反馈')
    expect(within(fb).getByText('整改情况')).toBeInTheDocument()
    expect(within(fb).getByText('已对窗口人员开展业务培训，材料一次性告知')).toBeInTheDocument()

    // 有异议 needs a reason
    fireEvent.click(button('有异议'))
    fireEvent.click(button('提交异议'))
    expect(await screen.findByText('请说明对处理结果的异议')).toBeInTheDocument()
    typeInto(textbox('异议内容'), '培训不能解决问题，希望减少材料')
    fireEvent.click(button('提交异议'))
    expect((await screen.findAllByText('已收到您的异议，正在再次处理')).length).toBeGreaterThanOrEqual(1)
    expect(screen.getAllByText(/培训不能解决问题，希望减少材料/).length).toBeGreaterThanOrEqual(1)
    expect(screen.queryByRole('button', { name: '接受' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '有异议' })).not.toBeInTheDocument()

    // a second round; the citizen can now only accept
    view.unmount()
    mockEvaluationStaffAction('f1', { action: 'followUp', staffName: '李强', result: 'reached', note: '再次电话沟通' })
    mockEvaluationStaffAction('f1', { action: 'verify', staffName: '李强', substantiated: true, finding: '材料清单可精简' })
    mockEvaluationStaffAction('f1', { action: 'rectify', staffName: '李强', note: '已取消重复提交的两项材料' })
    renderScreen(<RateScreen id='f1' />)
    await screen.findByRole('button', { name: '接受' })
    expect(within(screen.getByLabelText('处理结果反馈')).getByText('已取消重复提交的两项材料')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '有异议' })).not.toBeInTheDocument()
    expect(screen.getByText(/您已提出过一次异议，本次处理结果请确认/)).toBeInTheDocument()
    fireEvent.click(button('接受'))
    expect((await screen.findAllByText('您已认可处理结果')).length).toBeGreaterThanOrEqual(1)
    expect(screen.queryByRole('button', { name: '接受' })).not.toBeInTheDocument()
    expect(screen.getByText('认可时间')).toBeInTheDocument()
  })

  it('accepts the feedback at once: the buttons go, the loop is closed', async () => {
    mockCase('f2')
    await rateApplication('f2', { level: 'veryDissatisfied', reasons: ['attitude', 'timeLimit'], text: '等了很久' })
    mockEvaluationStaffAction('f2', { action: 'followUp', staffName: '王敏', result: 'reached', note: '已联系' })
    mockEvaluationStaffAction('f2', { action: 'verify', staffName: '王敏', substantiated: false, finding: '按规定时限办理' })
    mockEvaluationStaffAction('f2', { action: 'explain', staffName: '王敏', note: '该事项需外省协查，已在承诺时限内办结' })
    renderScreen(<RateScreen id='f2' />)
    const fb = await screen.findByLabelText('处理结果反馈')
    expect(within(fb).getByText('解释说明')).toBeInTheDocument()
    const accept = button('接受')
    fireEvent.click(accept)
    fireEvent.click(accept)
    expect((await screen.findAllByText('您已认可处理结果')).length).toBeGreaterThanOrEqual(1)
    expect(screen.queryByRole('button', { name: '接受' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '有异议' })).not.toBeInTheDocument()
  })

  it('before the feedback: the state and the due date, nothing to answer', async () => {
    mockCase('f3')
    await rateApplication('f3', { level: 'dissatisfied', reasons: ['cumbersome'] })
    renderScreen(<RateScreen id='f3' />)
    const loop = (await screen.findByText('差评处理进度')).closest('.yb-section') as HTMLElement
    expect(within(loop).getByText(/^\d{4}-\d{2}-\d{2} 前反馈处理结果$/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '接受' })).not.toBeInTheDocument()
  })
})
