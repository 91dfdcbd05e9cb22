import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { MATERIAL_FORM_LABEL } from '@contract'
import { mockDrafts } from '../../../mock'
import { server } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { buildUrl, ROUTES } from '@/shared/nav'
import { draftApi } from './api'
import { useDraftStore } from './draftStore'
import { NoticeScreen } from './NoticeScreen'
import { ensureApplicant } from './session'
import { fixtureItem, MANUAL_ITEM, REGION, SMART_ITEM, installApplyFixtures } from './test-fixtures'

jest.mock('./session', () => ({ ensureApplicant: jest.fn(async () => true) }))
const signIn = ensureApplicant as jest.MockedFunction<typeof ensureApplicant>

installApplyFixtures()
let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  signIn.mockReset()
  signIn.mockResolvedValue(true)
})
afterEach(() => nav.restore())

const section = (title: string): HTMLElement => screen.getByText(title, { selector: '.yb-section__title' }).closest('.yb-section') as HTMLElement
const materialLine = (name: string): HTMLElement => screen.getByText(name, { selector: '.apply-material-line__name' }).closest('.apply-material-line') as HTMLElement

describe('办事须知 (001 §4.2.2, §5.1.2)', () => {
  it('shows the notice, tips, materials (免提交·已核验), paper mailing (001 §5.1.4) and the time limit', async () => {
    const item = await fixtureItem(MANUAL_ITEM, REGION)
    renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    expect(await screen.findByText(item.popularName)).toBeInTheDocument()
    for (const n of item.notice) expect(within(section('办事须知')).getByText(n)).toBeInTheDocument()
    for (const t of item.tips) expect(within(section('温馨提示')).getByText(t)).toBeInTheDocument()
    const materials = section(`所需材料（共 ${item.guide.materials.length} 项）`)
    for (const m of item.guide.materials) {
      const line = materialLine(m.name)
      expect(within(line).getByText(MATERIAL_FORM_LABEL[m.form])).toBeInTheDocument()
      expect(within(line).getByText(m.required ? '必须提供' : '按情况提供')).toBeInTheDocument()
      // before a draft: what the data-sharing platform may hold
      if (m.sharedVerifiable) expect(within(line).getByText('免提交·已核验')).toBeInTheDocument()
      else expect(within(line).queryByText('免提交·已核验')).toBeNull()
    }
    expect(within(materials).getByText(/政务数据共享平台已有存档/)).toBeInTheDocument()
    const paper = screen.getByText('本事项需要寄送纸质材料原件').closest('.yb-notice') as HTMLElement
    for (const m of item.guide.materials.filter((x) => x.paper)) {
      expect(within(paper).getByText(`${m.name}（${MATERIAL_FORM_LABEL[m.form]}，${m.count} 份）`)).toBeInTheDocument()
    }
    expect(within(paper).getByText(item.mailing!.address)).toBeInTheDocument()
    expect(within(paper).getByText(item.mailing!.recipient)).toBeInTheDocument()
    expect(within(paper).getByText(item.mailing!.phone)).toBeInTheDocument()
    expect(within(paper).getByText(`提交申请后 ${item.mailing!.deadlineDays} 日内寄出`)).toBeInTheDocument()
    expect(within(section('办结时限')).getByText('5 个工作日')).toBeInTheDocument()
    expect(screen.getByText('开始办理')).toBeInTheDocument()
  })

  it('开始办理: signs in (real name), creates the draft and opens the form; then shows the projected due date', async () => {
    const view = renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    fireEvent.click(await screen.findByText('开始办理'))
    await waitFor(() => expect(nav.last()?.route).toBe(ROUTES.applyForm))
    expect(signIn).toHaveBeenCalledWith(buildUrl(ROUTES.applyNotice, { itemId: MANUAL_ITEM, region: REGION }))
    const draftId = nav.last()!.params.draftId
    expect(mockDrafts.get(draftId)?.itemId).toBe(MANUAL_ITEM)
    const local = useDraftStore.getState().drafts[draftId]
    expect(local.item?.form?.fields.length).toBeGreaterThan(0)
    view.unmount()

    // back on the notice: the draft is known — the due date if submitted today, the applicant's shared materials
    renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    expect(await screen.findByText(`今天提交，预计 ${local.server.projectedDueDate} 前办结（按工作日计算）`)).toBeInTheDocument()
    expect(local.server.projectedDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(within(materialLine(local.item!.guide.materials.find((m) => m.id === 'id-card')!.name)).getByText('免提交·已核验')).toBeInTheDocument()
    // the heir's id card may be shared, but the platform holds none for this applicant
    expect(within(materialLine(local.item!.guide.materials.find((m) => m.id === 'heir-id-card')!.name)).queryByText('免提交·已核验')).toBeNull()
    expect(screen.getByText('继续办理')).toBeInTheDocument()
  })

  it('an existing draft resumes at its step', async () => {
    const draft = await draftApi.createDraft({ itemId: MANUAL_ITEM, region: REGION })
    await draftApi.updateDraft(draft.id, { step: 'confirm', baseVersion: draft.version })
    renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    fireEvent.click(await screen.findByText('开始办理'))
    await waitFor(() => expect(nav.last()).toEqual({ route: ROUTES.applyConfirm, params: { draftId: draft.id } }))
    expect(mockDrafts.size).toBe(1)
  })

  it('not signed in: the session module takes over and nothing is created', async () => {
    signIn.mockResolvedValue(false)
    renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    fireEvent.click(await screen.findByText('开始办理'))
    await waitFor(() => expect(signIn).toHaveBeenCalled())
    expect(mockDrafts.size).toBe(0)
    expect(nav.urls).toEqual([])
  })

  it('says why when the BFF refuses', async () => {
    server.use(http.post('*/api/v1/drafts', () => HttpResponse.json({ code: 'REALNAME_REQUIRED', message: '请先完成实名认证' }, { status: 403 })))
    renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    fireEvent.click(await screen.findByText('开始办理'))
    expect(await screen.findByText('请先完成实名认证')).toBeInTheDocument()
    expect(nav.urls).toEqual([])
  })

  it('smart items say the result comes at once; items without online application cannot start', async () => {
    renderScreen(<NoticeScreen itemId={SMART_ITEM} regionCode={REGION} />)
    expect(await screen.findByText('智能办理：提交后系统即时核验，马上出结果。')).toBeInTheDocument()
    server.use(
      http.get('*/api/v1/items/:id', async ({ params }) =>
        HttpResponse.json({ ...(await fixtureItem(String(params.id), REGION)), onlineApply: false, form: null })
      )
    )
    renderScreen(<NoticeScreen itemId='medical-certificate' regionCode={REGION} />)
    const button = await screen.findByText('本事项暂不支持在线办理')
    expect(button).toHaveAttribute('disabled')
  })
})
