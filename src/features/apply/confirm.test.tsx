import { File as NodeFile } from 'node:buffer'
import Taro from '@tarojs/taro'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { ApplicationDetailSchema, MATERIAL_FORM_LABEL, type ApplicationDetail } from '@contract'
import { submitMockDraft } from '../../../mock'
import { mockApplications, mockIdempotencyKeys } from '../../../mock'
import { server } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '@/shared/nav'
import { draftApi, uploadMaterial } from './api'
import { ConfirmScreen } from './ConfirmScreen'
import { DoneScreen } from './DoneScreen'
import { useDraftStore } from './draftStore'
import * as subscribe from '@/shared/platform/subscribe'
import { fixtureItem, MANUAL_ITEM, OFFSITE_ITEM, REGION, SMART_ITEM, installApplyFixtures, VALID_VALUES } from './test-fixtures'

jest.mock('./session', () => ({ ensureApplicant: jest.fn(async () => true) }))

installApplyFixtures()
let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
})
afterEach(() => {
  nav.restore()
  jest.restoreAllMocks()
})

const jpeg = (name: string): Blob => {
  const b = new Uint8Array(1024)
  b.set([0xff, 0xd8, 0xff, 0xe0])
  return new NodeFile([b], name, { type: 'image/jpeg' }) as unknown as Blob
}
// Node's File: jsdom's is not a Blob to the test environment's FormData (undici)
const pdf = (name: string): Blob => new NodeFile(['%PDF-1.4\n%âãÏÓ\n'], name, { type: 'application/pdf' }) as unknown as Blob

/** A manual draft filled in and with its required materials uploaded, as the citizen leaves the materials step. */
async function readyManualDraft(): Promise<string> {
  const item = await fixtureItem(MANUAL_ITEM, REGION)
  const created = await draftApi.createDraft({ itemId: MANUAL_ITEM, region: REGION })
  const store = useDraftStore.getState()
  store.adopt(created, item)
  await draftApi.updateDraft(created.id, { values: { ...VALID_VALUES, note: '已在海外定居' }, step: 'confirm', baseVersion: created.version })
  await uploadMaterial(created.id, 'withdrawal-form', { path: '', name: '申请表.pdf', blob: pdf('申请表.pdf') })
  const last = await uploadMaterial(created.id, 'bank-account', { path: '', name: '银行卡.jpg', blob: jpeg('银行卡.jpg') })
  store.adopt(last)
  const bankUpload = last.uploads.find((u) => u.materialId === 'bank-account')!
  store.setPreview(created.id, bankUpload.id, 'data:image/jpeg;base64,BANKCARD')
  return created.id
}

describe('确认提交 (001 §5.1.3)', () => {
  it('shows everything: labelled values, uploads with thumbnails, shared-verified materials, mailing and the pledge', async () => {
    const id = await readyManualDraft()
    const item = await fixtureItem(MANUAL_ITEM, REGION)
    renderScreen(<ConfirmScreen draftId={id} />)
    const fields = (await screen.findByText('填写的信息')).closest('.yb-section') as HTMLElement
    const value = (label: string) => within(fields).getByText(label).nextElementSibling?.textContent
    expect(value('申请人姓名')).toBe('张**')
    expect(value('申请人身份证号')).toBe('331102********0025')
    expect(value('参保人身份证号')).toBe(VALID_VALUES.insuredIdNumber)
    expect(value('联系电话')).toBe(VALID_VALUES.phone)
    expect(value('支取原因发生日期')).toBe('2025-06-01')
    await waitFor(() => expect(value('参保地')).toBe('浙江省丽水市莲都区'))
    expect(value('支取原因')).toBe('出国（境）定居')
    expect(value('收款银行账号')).toBe('6222 0212 3456 7890 123')
    expect(value('联系地址')).toBe(VALID_VALUES.address)
    expect(value('开户银行')).toBe(VALID_VALUES.bankName)
    expect(value('情况说明')).toBe('已在海外定居')

    const uploads = screen.getByText('上传的材料').closest('.yb-section') as HTMLElement
    const bank = within(uploads).getByLabelText(item.guide.materials.find((m) => m.id === 'bank-account')!.name)
    expect(within(bank).getByText('银行卡.jpg')).toBeInTheDocument()
    expect(bank.querySelector('taro-image-core')).toHaveAttribute('src', 'data:image/jpeg;base64,BANKCARD')
    const form = within(uploads).getByLabelText(item.guide.materials.find((m) => m.id === 'withdrawal-form')!.name)
    expect(within(form).getByText('申请表.pdf')).toBeInTheDocument()
    expect(within(form).getByText('PDF')).toBeInTheDocument()

    const shared = screen.getByText('免提交·已核验').closest('.yb-section') as HTMLElement
    expect(within(shared).getByText(item.guide.materials.find((m) => m.id === 'id-card')!.name)).toBeInTheDocument()

    const mailing = screen.getByText('纸质材料寄送').closest('.yb-section') as HTMLElement
    const paper = item.guide.materials.filter((m) => m.paper)
    for (const m of paper) expect(within(mailing).getByText(`${m.name}（${MATERIAL_FORM_LABEL[m.form]}，${m.count} 份）`)).toBeInTheDocument()
    expect(within(mailing).getByText(item.mailing!.address)).toBeInTheDocument()
    expect(within(mailing).getByText(item.mailing!.recipient)).toBeInTheDocument()
    expect(within(mailing).getByText(item.mailing!.phone)).toBeInTheDocument()
    expect(within(mailing).getByText(`提交申请后 ${item.mailing!.deadlineDays} 日内寄出`)).toBeInTheDocument()
    expect(within(mailing).getByRole('checkbox', { name: '承诺寄送纸质材料原件' })).toHaveAttribute('aria-checked', 'false')
    expect(within(mailing).getByText(`我承诺在提交后 ${item.mailing!.deadlineDays} 日内将上述纸质材料原件寄至以上地址`)).toBeInTheDocument()

    const head = screen.getByText('申请事项').closest('.yb-section') as HTMLElement
    expect(within(head).getByText(item.name)).toBeInTheDocument()
    expect(within(head).getByText(/^\d{4}-\d{2}-\d{2} 前（今天提交，按工作日计算）$/)).toBeInTheDocument()

    // 修改 goes back to the step
    fireEvent.click(within(fields).getByText('修改'))
    expect(nav.last()).toEqual({ route: ROUTES.applyForm, params: { draftId: id } })
  })

  it('manual: the pledge first; 提交 makes one case; the done page shows the case number, due date and mailing', async () => {
    const id = await readyManualDraft()
    const item = await fixtureItem(MANUAL_ITEM, REGION)
    const confirm = renderScreen(<ConfirmScreen draftId={id} />)
    fireEvent.click(await screen.findByText('提交申请'))
    expect(screen.getByText('请先勾选承诺按要求寄送纸质材料原件')).toBeInTheDocument()
    expect(mockApplications.size).toBe(0)
    fireEvent.click(screen.getByRole('checkbox'))
    expect(screen.queryByText('请先勾选承诺按要求寄送纸质材料原件')).toBeNull()
    fireEvent.click(screen.getByText('提交申请'))
    await waitFor(() => expect(nav.urls[nav.urls.length - 1]).toMatch(new RegExp(`^${ROUTES.applyDone}\\?applicationId=`)))
    expect(mockApplications.size).toBe(1)
    const [app] = [...mockApplications.values()]
    expect(nav.urls[nav.urls.length - 1]).toBe(`${ROUTES.applyDone}?applicationId=${encodeURIComponent(app.id)}`)
    // the draft is done with; opening the item again starts a new one
    expect(useDraftStore.getState().drafts[id]).toBeUndefined()
    expect(useDraftStore.getState().byItem[`${MANUAL_ITEM}|${REGION}`]).toBeUndefined()
    // the confirm page (still open here: no page stack under jest) says it was submitted, without fetching it back
    expect(await screen.findByText('这份申请已提交')).toBeInTheDocument()
    confirm.unmount()

    renderScreen(<DoneScreen applicationId={app.id} />)
    expect(screen.getByText('申请已提交')).toBeInTheDocument()
    expect(screen.getByText(app.caseNo)).toBeInTheDocument()
    expect(app.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(screen.getByText(`${app.dueDate} 前`)).toBeInTheDocument()
    expect(screen.getByText('下一步：寄送纸质材料原件')).toBeInTheDocument()
    expect(screen.getByText(item.mailing!.address)).toBeInTheDocument()
    expect(screen.getByText(`请在 ${item.mailing!.deadlineDays} 日内寄出`)).toBeInTheDocument()
    fireEvent.click(screen.getByText('查看办件'))
    expect(nav.last()).toEqual({ route: ROUTES.application, params: { id: app.id } })
    fireEvent.click(screen.getByText('返回首页'))
    expect(nav.urls[nav.urls.length - 1]).toBe(ROUTES.home)
  })

  it('a retry after the answer was lost reuses the Idempotency-Key: no second case', async () => {
    const id = await readyManualDraft()
    useDraftStore.getState().setPaperPledge(id, true)
    const keys: string[] = []
    let lose = true
    server.use(
      http.post('*/api/v1/drafts/:id/submit', async ({ request, params }) => {
        keys.push(request.headers.get('Idempotency-Key') ?? '')
        if (!lose) return undefined // on to the mock BFF
        lose = false
        // the BFF makes the case, then the answer is lost on the way back
        await submitMockDraft(String(params.id), request.headers.get('Idempotency-Key'), { paperPledge: true })
        return HttpResponse.error()
      })
    )
    renderScreen(<ConfirmScreen draftId={id} />)
    fireEvent.click(await screen.findByText('提交申请'))
    expect(await screen.findByText('网络不给力，申请还没有提交。草稿已保存在本机，请联网后重试（重试不会重复提交）')).toBeInTheDocument()
    expect(mockApplications.size).toBe(1)
    expect(useDraftStore.getState().drafts[id].submitKey).toBe(keys[0])

    fireEvent.click(screen.getByText('提交申请'))
    await waitFor(() => expect(nav.urls.some((u) => u.startsWith(ROUTES.applyDone))).toBe(true))
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    expect(mockApplications.size).toBe(1)
    expect(mockIdempotencyKeys.size).toBe(1)
    const [app] = [...mockApplications.values()]
    expect(nav.urls[nav.urls.length - 1]).toBe(`${ROUTES.applyDone}?applicationId=${encodeURIComponent(app.id)}`)
  })

  it('what the BFF refuses is said with a way to fix it', async () => {
    const item = await fixtureItem(MANUAL_ITEM, REGION)
    const created = await draftApi.createDraft({ itemId: MANUAL_ITEM, region: REGION })
    useDraftStore.getState().adopt(created, item)
    await draftApi.updateDraft(created.id, { values: VALID_VALUES, baseVersion: created.version })
    useDraftStore.getState().adopt(await draftApi.getDraft(created.id))
    useDraftStore.getState().setPaperPledge(created.id, true)
    renderScreen(<ConfirmScreen draftId={created.id} />)
    fireEvent.click(await screen.findByText('提交申请'))
    const form = item.guide.materials.find((m) => m.id === 'withdrawal-form')!
    const bank = item.guide.materials.find((m) => m.id === 'bank-account')!
    expect(await screen.findByText(`请上传以下材料：${form.name}、${bank.name}`)).toBeInTheDocument()
    fireEvent.click(screen.getByText('去上传材料'))
    expect(nav.last()).toEqual({ route: ROUTES.applyMaterials, params: { draftId: created.id } })
    expect(mockApplications.size).toBe(0)
  })

  it('WeChat: the subscription consent is asked inside the 提交 tap, before any request', async () => {
    const id = await readyManualDraft()
    useDraftStore.getState().setPaperPledge(id, true)
    const order: string[] = []
    const onRequest = ({ request }: { request: Request }) => {
      order.push(`${request.method} ${new URL(request.url).pathname}`)
    }
    server.events.on('request:start', onRequest)
    jest.spyOn(subscribe, 'requestSubscribe').mockImplementation(() => {
      order.push('requestSubscribe')
      return Promise.resolve()
    })
    renderScreen(<ConfirmScreen draftId={id} />)
    fireEvent.click(await screen.findByText('提交申请'))
    // synchronously, in the tap
    expect(order).toEqual(['requestSubscribe'])
    await waitFor(() => expect(order).toContain(`POST /api/v1/drafts/${id}/submit`))
    server.events.removeListener('request:start', onRequest)
  })
})

describe('subscription messages (weapp only, template ids from the env)', () => {
  it('asks WeChat for the configured templates; nothing elsewhere or without ids', async () => {
    const spy = jest.spyOn(Taro, 'requestSubscribeMessage').mockResolvedValue({ errMsg: 'ok' } as never)
    expect(subscribe.subscribeTemplateIds(' tplA, tplB ,,tplC,tplD ')).toEqual(['tplA', 'tplB', 'tplC'])
    expect(subscribe.subscribeTemplateIds(undefined)).toEqual([])
    await subscribe.requestSubscribe('weapp', ['tplA'])
    expect(spy).toHaveBeenCalledWith({ tmplIds: ['tplA'] })
    await subscribe.requestSubscribe('weapp', [])
    await subscribe.requestSubscribe('h5', ['tplA'])
    await subscribe.requestSubscribe('alipay', ['tplA'])
    expect(spy).toHaveBeenCalledTimes(1)
    // a refusal never blocks the submit
    spy.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail cancel' })
    await expect(subscribe.requestSubscribe('weapp', ['tplA'])).resolves.toBeUndefined()
  })
})

describe('smart items (001 §5.2.2, §5.3.1): the result at once', () => {
  async function readySmartDraft(): Promise<string> {
    const item = await fixtureItem(SMART_ITEM, REGION)
    const created = await draftApi.createDraft({ itemId: SMART_ITEM, region: REGION })
    useDraftStore.getState().adopt(created, item)
    await draftApi.updateDraft(created.id, { values: { hospital: '浙江大学医学院附属第一医院' }, baseVersion: created.version })
    useDraftStore.getState().adopt(await uploadMaterial(created.id, 'referral-certificate', { path: '', name: '转诊证明.jpg', blob: jpeg('转诊证明.jpg') }))
    return created.id
  }

  it('completed: the decision, item, applicant and time without another request', async () => {
    const id = await readySmartDraft()
    const confirm = renderScreen(<ConfirmScreen draftId={id} />)
    expect(await screen.findByText('提交后即时出结果')).toBeInTheDocument()
    expect(screen.queryByText('纸质材料寄送')).toBeNull()
    fireEvent.click(screen.getByText('提交申请'))
    await waitFor(() => expect(nav.urls.some((u) => u.startsWith(ROUTES.applyDone))).toBe(true))
    const [app] = [...mockApplications.values()]
    expect(app.status).toBe('completed')
    // the done page reads the case kept by the submit: an unanswered GET would fail the test
    server.use(http.get('*/api/v1/applications/:id', () => HttpResponse.json({ code: 'X', message: 'should not be asked' }, { status: 500 })))
    confirm.unmount()
    renderScreen(<DoneScreen applicationId={app.id} />)
    expect(screen.getByText('已办结')).toBeInTheDocument()
    expect(screen.getByText(app.result!.text)).toBeInTheDocument()
    expect(screen.getByText(app.itemName)).toBeInTheDocument()
    expect(screen.getByText('张**')).toBeInTheDocument()
    expect(screen.getByText(app.result!.documentName)).toBeInTheDocument()
  })

  it('a manual item’s smart sub-path (003 §7.6.3.5 b): 其他临时外出就医人员 sees the result at once, 异地安置退休 a due date', async () => {
    const item = await fixtureItem(OFFSITE_ITEM, REGION)
    const created = await draftApi.createDraft({ itemId: OFFSITE_ITEM, region: REGION })
    const values = { phone: '13800000001', filingType: '异地安置退休人员', careRegion: '320902', startDate: '2099-01-01' }
    useDraftStore.getState().adopt(await draftApi.updateDraft(created.id, { values, baseVersion: created.version }), item)
    const retired = renderScreen(<ConfirmScreen draftId={created.id} />)
    expect(await screen.findByText('人工核办')).toBeInTheDocument()
    expect(screen.queryByText('提交后即时出结果')).toBeNull()
    // 即时办结 (003 §7.6.1.7): due the day it is taken up
    expect(screen.getByText('预计办结')).toBeInTheDocument()
    retired.unmount()
    const saved = await draftApi.updateDraft(created.id, { values: { ...values, filingType: '其他临时外出就医人员' }, baseVersion: created.version + 1 })
    useDraftStore.getState().adopt(saved, item)
    renderScreen(<ConfirmScreen draftId={created.id} />)
    expect(await screen.findByText('提交后即时出结果')).toBeInTheDocument()
    expect(screen.getByText('智能办理')).toBeInTheDocument()
    fireEvent.click(screen.getByText('提交申请'))
    await waitFor(() => expect(nav.urls.some((u) => u.startsWith(ROUTES.applyDone))).toBe(true))
    const [app] = [...mockApplications.values()]
    expect({ mode: app.handlingMode, status: app.status }).toEqual({ mode: 'smart', status: 'completed' })
    renderScreen(<DoneScreen applicationId={app.id} />)
    expect(screen.getByText('已办结')).toBeInTheDocument()
  })

  it('rejected: 不予办理 with the reason', async () => {
    const id = await readySmartDraft()
    server.use(
      http.post('*/api/v1/drafts/:id/submit', async ({ request, params }) => {
        const { body } = await submitMockDraft(String(params.id), request.headers.get('Idempotency-Key'))
        const rejected: ApplicationDetail = ApplicationDetailSchema.parse({
          ...body,
          status: 'rejected',
          statusLabel: '不予办理',
          result: { ...body.result!, decision: 'rejected', text: '经核验，您已在转往地办理异地就医备案，无需重复办理。' }
        })
        return HttpResponse.json(rejected, { status: 201 })
      })
    )
    const confirm = renderScreen(<ConfirmScreen draftId={id} />)
    fireEvent.click(await screen.findByText('提交申请'))
    await waitFor(() => expect(nav.urls.some((u) => u.startsWith(ROUTES.applyDone))).toBe(true))
    confirm.unmount()
    const appId = new URLSearchParams(nav.urls[nav.urls.length - 1].split('?')[1]).get('applicationId')!
    renderScreen(<DoneScreen applicationId={appId} />)
    expect(screen.getByText('不予办理')).toBeInTheDocument()
    expect(screen.getByText('经核验，您已在转往地办理异地就医备案，无需重复办理。')).toBeInTheDocument()
  })
})

it('the done page asks the BFF when the case is not on this device', async () => {
  const id = await readyManualDraft()
  const { body: app } = await submitMockDraft(id, 'key-from-another-device', { paperPledge: true })
  server.use(http.get('*/api/v1/applications/:id', ({ params }) => HttpResponse.json(mockApplications.get(String(params.id)) ?? {}, { status: 200 })))
  renderScreen(<DoneScreen applicationId={app.id} />)
  expect(await screen.findByText(app.caseNo)).toBeInTheDocument()
  expect(screen.getByText('申请已提交')).toBeInTheDocument()
})
