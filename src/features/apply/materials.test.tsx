import { File as NodeFile } from 'node:buffer'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { ErrorCode, IDEMPOTENCY_KEY_PATTERN, MATERIAL_FORM_LABEL, PRACTICE_MATERIAL_NOTE, type Material } from '@contract'
import { mockDrafts } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { appError, ClientErrorCode } from '@/shared/api/errors'
import { canceledError, h5UploadTransport, type UploadRequest, type UploadTransport } from '@/shared/api/upload'
import { ROUTES } from '@/shared/nav'
import { draftApi, uploadMaterial } from './api'
import { useDraftStore } from './draftStore'
import { MaterialsScreen } from './MaterialsScreen'
import { fixtureItem, MANUAL_ITEM, REGION, installApplyFixtures } from './test-fixtures'
import { configureUploadQueue } from './uploadQueue'

jest.mock('./session', () => ({ ensureApplicant: jest.fn(async () => true) }))

installApplyFixtures()

/** An upload transport the test drives: progress, then the real (msw) upload, a failure, or a cancel. */
interface Call {
  req: UploadRequest
  progress: (f: number) => void
  release: () => void
  fail: (e: Error) => void
}
function gatedTransport(): { transport: UploadTransport; calls: Call[] } {
  const calls: Call[] = []
  const transport: UploadTransport = (req) =>
    new Promise((resolve, reject) => {
      req.signal?.addEventListener('abort', () => reject(canceledError()))
      calls.push({
        req,
        progress: (f) => req.onProgress?.(f),
        release: () => void h5UploadTransport({ ...req, onProgress: undefined }).then(resolve, reject),
        fail: reject
      })
    })
  return { transport, calls }
}

let nav: NavRecord
let gate: ReturnType<typeof gatedTransport>
beforeEach(() => {
  nav = recordNavigation()
  gate = gatedTransport()
  configureUploadQueue({ transport: gate.transport, thumbnail: async (f) => `data:image/jpeg;base64,${encodeURIComponent(f.name)}` })
})
afterEach(() => {
  nav.restore()
  configureUploadQueue({})
})

// Node's File: jsdom's is not a Blob to the test environment's FormData (undici); a browser has one File
const file = (parts: Array<string | Uint8Array>, name: string, type: string): File => new NodeFile(parts, name, { type }) as unknown as File
const jpeg = (name: string, size = 2048): File => {
  const bytes = new Uint8Array(size)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return file([bytes], name, 'image/jpeg')
}

async function openMaterials() {
  const item = await fixtureItem(MANUAL_ITEM, REGION)
  const draft = await draftApi.createDraft({ itemId: MANUAL_ITEM, region: REGION })
  useDraftStore.getState().adopt(draft, item)
  renderScreen(<MaterialsScreen draftId={draft.id} />)
  await screen.findByText(`1. ${item.guide.materials[0].name}`)
  return { draft, item }
}

const card = (m: Material): HTMLElement => screen.getByText((_, el) => el?.classList.contains('apply-material__name') === true && (el.textContent ?? '').endsWith(m.name)).closest('.apply-material') as HTMLElement

/** Taps a source button of a material and chooses files in the H5 file input it opens. */
async function choose(m: Material, label: string, files: File[]): Promise<HTMLInputElement> {
  fireEvent.click(within(card(m)).getByText(label))
  const input = document.body.querySelector('input[type=file]') as HTMLInputElement
  expect(input).not.toBeNull()
  Object.defineProperty(input, 'files', { value: files })
  await act(async () => {
    input.dispatchEvent(new Event('change'))
  })
  return input
}

describe('上传材料 (001 §5.1.2)', () => {
  it('every material with its form, count, need, upload rule, sample and common errors', async () => {
    const { item } = await openMaterials()
    for (const m of item.guide.materials) {
      const c = card(m)
      expect(within(c).getByText(MATERIAL_FORM_LABEL[m.form])).toBeInTheDocument()
      expect(within(c).getByText(`${m.count} 份`)).toBeInTheDocument()
      expect(within(c).getByText(m.required ? '必须提供' : m.condition ? '按情况提供' : '选择提供')).toBeInTheDocument()
      if (m.condition) expect(within(c).getByText(`提供情形：${m.condition}`)).toBeInTheDocument()
    }
    const form = item.guide.materials.find((m) => m.id === 'withdrawal-form')!
    const c = card(form)
    expect(within(c).getByText(`上传要求：${form.uploadRule}`)).toBeInTheDocument()
    expect(within(c).getByText('可上传JPG、PNG 照片或 PDF 文件，最多 3 个')).toBeInTheDocument()
    fireEvent.click(within(c).getByText('查看示范'))
    expect(within(c).getByText(form.sample!)).toBeInTheDocument()
    fireEvent.click(within(c).getByText('常见错误'))
    expect(within(c).getByText(form.commonErrors[0])).toBeInTheDocument()
    // paper originals: marked, and uploading a photo first is allowed (预受理)
    const paper = item.guide.materials.find((m) => m.paper)!
    expect(within(card(paper)).getByText('原件需寄送')).toBeInTheDocument()
    // H5 offers a PDF file only where the material takes PDF
    expect(within(c).getByText('选择 PDF 文件')).toBeInTheDocument()
    expect(within(card(item.guide.materials.find((m) => m.id === 'bank-account')!)).queryByText('选择 PDF 文件')).toBeNull()
  })

  it('a material no seed asks for is optional and says 以当地经办机构公布为准 (出国(境)带药备案: 000 §6.8.1.2 uses hospital data)', async () => {
    const item = await fixtureItem('overseas-medicine-filing', REGION)
    const draft = await draftApi.createDraft({ itemId: item.id, region: REGION })
    useDraftStore.getState().adopt(draft, item)
    renderScreen(<MaterialsScreen draftId={draft.id} />)
    await screen.findByText(`1. ${item.guide.materials[0].name}`)
    const travel = card(item.guide.materials.find((m) => m.id === 'travel-document')!)
    expect(within(travel).getByText(PRACTICE_MATERIAL_NOTE)).toBeInTheDocument()
    expect(within(travel).queryByText('必须提供')).toBeNull()
    expect(within(card(item.guide.materials[0])).queryByText(PRACTICE_MATERIAL_NOTE)).toBeNull()
  })

  it('免提交·已核验 materials (001 §3.2.2) show so and cannot be uploaded — on screen or through the API', async () => {
    const { draft, item } = await openMaterials()
    expect(draft.sharedVerified).toContain('id-card')
    const idCard = item.guide.materials.find((m) => m.id === 'id-card')!
    const c = card(idCard)
    expect(within(c).getByText('免提交·已核验')).toBeInTheDocument()
    expect(within(c).getByText('政务数据共享平台已有存档，已核验通过，无需上传。')).toBeInTheDocument()
    expect(within(c).queryByText('拍照')).toBeNull()
    expect(within(c).queryByText('从相册选择')).toBeNull()
    expect(within(c).queryByText(/上传要求/)).toBeNull()
    // the heir's id card is shared-verifiable but not held for this applicant: it can be uploaded
    expect(within(card(item.guide.materials.find((m) => m.id === 'heir-id-card')!)).getByText('拍照')).toBeInTheDocument()
    await expect(uploadMaterial(draft.id, 'id-card', { path: '', name: 'a.jpg', blob: jpeg('a.jpg') })).rejects.toMatchObject({
      code: ErrorCode.MATERIAL_SHARED_VERIFIED
    })
  })

  it('uploads several files with a progress bar, up to maxFiles, with thumbnails', async () => {
    const { draft, item } = await openMaterials()
    const form = item.guide.materials.find((m) => m.id === 'withdrawal-form')!
    const input = await choose(form, '从相册选择', [jpeg('申请表第1页.jpg'), jpeg('申请表第2页.jpg')])
    expect(input.accept).toMatch(/application\/pdf/)
    await waitFor(() => expect(gate.calls).toHaveLength(2))
    expect(gate.calls[0].req.path).toBe(`/api/v1/drafts/${draft.id}/materials/withdrawal-form`)
    act(() => gate.calls[0].progress(0.4))
    const c = card(form)
    expect(within(c).getByText('正在上传 40%')).toBeInTheDocument()
    expect(within(c).getByLabelText('上传进度 40%')).toHaveAttribute('percent', '40')
    await act(async () => {
      gate.calls[0].release()
      gate.calls[1].release()
    })
    await waitFor(() => expect(within(c).getByText('已上传 2/3')).toBeInTheDocument())
    expect(within(c).getByText('申请表第1页.jpg')).toBeInTheDocument()
    expect(c.querySelector('.apply-file[aria-label="申请表第2页.jpg"] taro-image-core')).toHaveAttribute(
      'src',
      `data:image/jpeg;base64,${encodeURIComponent('申请表第2页.jpg')}`
    )
    expect(mockDrafts.get(draft.id)?.uploads.map((u) => u.fileName)).toEqual(['申请表第1页.jpg', '申请表第2页.jpg'])
    // one more fits; then the buttons go
    await choose(form, '拍照', [jpeg('申请表第3页.jpg')])
    await waitFor(() => expect(gate.calls).toHaveLength(3))
    expect(gate.calls[2].req.idempotencyKey).not.toBe(gate.calls[0].req.idempotencyKey)
    await act(async () => gate.calls[2].release())
    await waitFor(() => expect(within(c).getByText('已上传 3/3')).toBeInTheDocument())
    expect(within(c).queryByText('拍照')).toBeNull()
  })

  it('cancel in flight: the upload stops and nothing is kept', async () => {
    const { draft, item } = await openMaterials()
    const bank = item.guide.materials.find((m) => m.id === 'bank-account')!
    await choose(bank, '拍照', [jpeg('银行卡.jpg')])
    await waitFor(() => expect(gate.calls).toHaveLength(1))
    act(() => gate.calls[0].progress(0.7))
    fireEvent.click(within(card(bank)).getByText('取消'))
    expect(gate.calls[0].req.signal?.aborted).toBe(true)
    await waitFor(() => expect(within(card(bank)).queryByText('银行卡.jpg')).toBeNull())
    expect(within(card(bank)).getByText('已上传 0/1')).toBeInTheDocument()
    expect(mockDrafts.get(draft.id)?.uploads).toEqual([])
  })

  it('a failed upload says why and 重试 sends it again; the BFF’s UPLOAD_* message is shown as it is', async () => {
    const { draft, item } = await openMaterials()
    const bank = item.guide.materials.find((m) => m.id === 'bank-account')!
    await choose(bank, '拍照', [jpeg('银行卡.jpg')])
    await waitFor(() => expect(gate.calls).toHaveLength(1))
    act(() => gate.calls[0].fail(appError(ClientErrorCode.NETWORK, '网络不给力，请检查网络后重试')))
    expect(await within(card(bank)).findByText('网络不给力，请检查网络后重试')).toBeInTheDocument()
    fireEvent.click(within(card(bank)).getByText('重试'))
    await waitFor(() => expect(gate.calls).toHaveLength(2))
    // the retry is the same write: the same Idempotency-Key, so a first try that did reach the BFF is not stored twice
    expect(gate.calls[0].req.idempotencyKey).toMatch(IDEMPOTENCY_KEY_PATTERN)
    expect(gate.calls[1].req.idempotencyKey).toBe(gate.calls[0].req.idempotencyKey)
    await act(async () => gate.calls[1].release())
    await waitFor(() => expect(within(card(bank)).getByText('已上传 1/1')).toBeInTheDocument())
    expect(mockDrafts.get(draft.id)?.uploads).toHaveLength(1)

    // bytes that are not a photo, whatever the name says: the mock BFF refuses with its own message
    const waiver = item.guide.materials.find((m) => m.id === 'waiver-statement')!
    await choose(waiver, '从相册选择', [file(['not an image'], '说明.jpg', 'image/jpeg')])
    await waitFor(() => expect(gate.calls).toHaveLength(3))
    expect(gate.calls[2].req.idempotencyKey).not.toBe(gate.calls[0].req.idempotencyKey)
    await act(async () => gate.calls[2].release())
    expect(await within(card(waiver)).findByText('不支持该文件类型，此项材料请上传照片（JPG、PNG、HEIC 格式）或 PDF 文件')).toBeInTheDocument()
  })

  it('a file of another type is refused before it is uploaded', async () => {
    const { item } = await openMaterials()
    const bank = item.guide.materials.find((m) => m.id === 'bank-account')!
    await choose(bank, '从相册选择', [file(['%PDF-1.4'], '银行卡.pdf', 'application/pdf')])
    expect(await within(card(bank)).findByText('只能上传JPG、PNG 照片，请重新选择')).toBeInTheDocument()
    expect(gate.calls).toHaveLength(0)
  })

  it('删除 removes an upload', async () => {
    const { draft, item } = await openMaterials()
    const bank = item.guide.materials.find((m) => m.id === 'bank-account')!
    await choose(bank, '拍照', [jpeg('银行卡.jpg')])
    await waitFor(() => expect(gate.calls).toHaveLength(1))
    await act(async () => gate.calls[0].release())
    await within(card(bank)).findByText('已上传 1/1')
    fireEvent.click(within(card(bank)).getByText('删除'))
    await waitFor(() => expect(within(card(bank)).getByText('已上传 0/1')).toBeInTheDocument())
    expect(mockDrafts.get(draft.id)?.uploads).toEqual([])
    expect(within(card(bank)).getByText('拍照')).toBeInTheDocument()
  })

  it('下一步 names the required materials still missing, then goes on once they are there', async () => {
    const { draft, item } = await openMaterials()
    fireEvent.click(screen.getByText('下一步：确认提交'))
    const form = item.guide.materials.find((m) => m.id === 'withdrawal-form')!
    const bank = item.guide.materials.find((m) => m.id === 'bank-account')!
    // shared-verified (id card) and paper-only materials are not asked for
    expect(screen.getByText(`请上传：${form.name}、${bank.name}`)).toBeInTheDocument()
    expect(nav.urls).toEqual([])
    await choose(form, '拍照', [jpeg('表.jpg')])
    await choose(bank, '拍照', [jpeg('卡.jpg')])
    await waitFor(() => expect(gate.calls).toHaveLength(2))
    fireEvent.click(screen.getByText('下一步：确认提交'))
    expect(screen.getByText('还有文件正在上传，请等上传完成后再继续')).toBeInTheDocument()
    await act(async () => gate.calls.forEach((c) => c.release()))
    await waitFor(() => expect(useDraftStore.getState().drafts[draft.id].server.uploads).toHaveLength(2))
    fireEvent.click(screen.getByText('下一步：确认提交'))
    expect(nav.last()).toEqual({ route: ROUTES.applyConfirm, params: { draftId: draft.id } })
    expect(useDraftStore.getState().drafts[draft.id].step).toBe('confirm')
  })

  it('the photo pre-check: says what is wrong beside the 示范 and 常见错误; 仍然上传 sends it, 重新拍 drops it — nothing else is lost', async () => {
    const checked: string[] = []
    configureUploadQueue({
      transport: gate.transport,
      thumbnail: async () => null,
      check: async (f, others) => {
        checked.push(`${f.name}:${others.length}`)
        return f.name.startsWith('暗') ? [{ issue: 'dark' }, { issue: 'blurred' }] : []
      }
    })
    const { draft, item } = await openMaterials()
    const form = item.guide.materials.find((m) => m.id === 'withdrawal-form')!
    await choose(form, '拍照', [jpeg('暗.jpg')])
    const c = card(form)
    expect(await within(c).findByText('照片太暗，看不清字')).toBeInTheDocument()
    expect(within(c).getByText('照片模糊，字看不清')).toBeInTheDocument()
    expect(within(c).getByText(`示范：${form.sample}`)).toBeInTheDocument()
    expect(within(c).getByText(form.commonErrors[0])).toBeInTheDocument()
    // held on the phone: nothing sent, and 下一步 says why it waits
    expect(gate.calls).toHaveLength(0)
    fireEvent.click(screen.getByText('下一步：确认提交'))
    expect(screen.getByText('有照片还没确认：请重新拍，或选择「仍然上传」')).toBeInTheDocument()

    fireEvent.click(within(c).getByText('仍然上传'))
    await waitFor(() => expect(gate.calls).toHaveLength(1))
    expect(within(c).queryByText('照片太暗，看不清字')).toBeNull()
    await act(async () => gate.calls[0].release())
    await within(c).findByText('已上传 1/3')

    // 重新拍: the warned photo is dropped and the camera opens again; the upload already made stays
    await choose(form, '拍照', [jpeg('暗2.jpg')])
    await within(c).findByText('照片太暗，看不清字')
    fireEvent.click(within(c).getByText('重新拍'))
    const input = document.body.querySelector('input[type=file]') as HTMLInputElement
    Object.defineProperty(input, 'files', { value: [jpeg('好.jpg')] })
    await act(async () => {
      input.dispatchEvent(new Event('change'))
    })
    await waitFor(() => expect(gate.calls).toHaveLength(2))
    expect(within(c).queryByText('暗2.jpg')).toBeNull()
    expect(within(c).getByText('已上传 1/3')).toBeInTheDocument()
    expect(mockDrafts.get(draft.id)?.uploads).toHaveLength(1)
    expect(checked).toEqual(['暗.jpg:0', '暗2.jpg:0', '好.jpg:0'])
  })
})
