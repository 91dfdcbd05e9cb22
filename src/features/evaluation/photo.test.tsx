import Taro from '@tarojs/taro'
import { fireEvent, screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { server } from '../../../mock'
import { resetMockEvaluation } from '../../../mock'
import { resetMockProgress } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { API_BASE } from '@/shared/api/client'
import type { PickedFile } from '@/shared/media'
import { setSession } from '@/shared/session'
import { RateScreen } from './RateScreen'
import { useRatingDrafts } from './store'
import { mockCase } from './test-fixtures'

const P = `${API_BASE}/api/v1`

// picking and compressing need a camera and a canvas: the picker hands back a small JPEG, compression keeps it
const jpeg = (name: string): PickedFile => {
  const bytes = new Uint8Array(2048)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return { path: '', name, size: bytes.length, mime: 'image/jpeg', kind: 'image', blob: new Blob([bytes], { type: 'image/jpeg' }) }
}
const mockPick = jest.fn(async (): Promise<PickedFile[]> => [jpeg('窗口现场.jpg')])
const mockPrepare = jest.fn(async (f: PickedFile) => f)
jest.mock('@/shared/media', () => ({
  ...jest.requireActual('@/shared/media'),
  pickFiles: (...args: unknown[]) => mockPick(...(args as [])),
  prepareForUpload: (f: PickedFile) => mockPrepare(f),
  makeThumbnail: async () => null
}))

let nav: NavRecord
beforeEach(() => {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
  nav = recordNavigation()
  resetMockProgress()
  resetMockEvaluation()
  Taro.clearStorageSync()
  useRatingDrafts.setState({ drafts: {} })
  mockPick.mockClear()
  mockPrepare.mockClear()
})
afterEach(() => nav.restore())

describe('one optional photo with the rating', () => {
  it('is picked (one image, compressed on the device) and uploaded after the rating', async () => {
    mockCase('p1')
    renderScreen(<RateScreen id='p1' />)
    await screen.findByRole('radiogroup', { name: '您对本次服务是否满意？' })
    fireEvent.click(screen.getByRole('radio', { name: '不满意' }))
    fireEvent.click(screen.getByRole('checkbox', { name: '流程繁琐' }))
    fireEvent.click(screen.getByRole('button', { name: '从相册选择' }))
    expect(await screen.findByLabelText('已选照片 窗口现场.jpg')).toBeInTheDocument()
    expect(mockPick).toHaveBeenCalledWith({ source: 'album', accept: ['image'], count: 1 })
    expect(mockPrepare).toHaveBeenCalledTimes(1)
    // one photo only: the pick buttons are gone while one is chosen
    expect(screen.queryByRole('button', { name: '从相册选择' })).not.toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }))
    const section = (await screen.findByText('我的评价')).closest('.yb-section') as HTMLElement
    expect(await within(section).findByText('已上传 1 张照片')).toBeInTheDocument()
    expect(screen.queryByText('补充照片')).not.toBeInTheDocument()
  })

  it('a failed photo upload keeps the rating and offers the photo again', async () => {
    mockCase('p2')
    server.use(http.post(`${P}/applications/p2/evaluation/photo`, () => HttpResponse.error(), { once: true }))
    renderScreen(<RateScreen id='p2' />)
    await screen.findByRole('radiogroup', { name: '您对本次服务是否满意？' })
    fireEvent.click(screen.getByRole('radio', { name: '非常满意' }))
    fireEvent.click(screen.getByRole('button', { name: '拍照' }))
    await screen.findByLabelText('已选照片 窗口现场.jpg')
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }))
    expect(await screen.findByText(/评价已提交，但照片未上传/)).toBeInTheDocument()
    expect(screen.getByText('我的评价')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '重新上传照片' }))
    expect(await screen.findByText('已上传 1 张照片')).toBeInTheDocument()
    expect(screen.queryByText('补充照片')).not.toBeInTheDocument()
  })
})
