import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { server } from '../../../mock'
import { mockFamily, mockRequest, resetMockFamily, seedMockFamily } from '../../../mock'
import { getInput, recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { API_BASE } from '@/shared/api/client'
import { useActingStore } from '@/shared/acting'
import { ActingForBar } from '@/shared/acting/ActingForBar'
import { ROUTES } from '@/shared/nav'
import { setSession } from '@/shared/session'
import { AddMemberScreen } from './AddMemberScreen'
import { FamilyScreen } from './FamilyScreen'
import { ProxyLogScreen } from './ProxyLogScreen'

const P = `${API_BASE}/api/v1`
let nav: NavRecord

beforeEach(() => {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
  resetMockFamily()
  useActingStore.getState().reset()
  nav = recordNavigation()
  jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
})
afterEach(() => {
  nav.restore()
  jest.restoreAllMocks()
})

describe('添加家庭成员', () => {
  it('checks every field before sending, keeps what was typed when the BFF refuses, and says what happens next', async () => {
    renderScreen(<AddMemberScreen />)
    fireEvent.click(await screen.findByText('添加'))
    expect(await screen.findByText('请选择与您的关系')).toBeInTheDocument()
    expect(mockFamily().members).toHaveLength(0)

    fireEvent.click(screen.getByText('父母'))
    typeInto(getInput('与身份证上的姓名一致'), '王建国')
    typeInto(getInput('18 位，最后一位可能是 X'), '331121195106080018')
    // the check digit is wrong: said as soon as the number is complete
    expect(await screen.findByText(/校验/)).toBeInTheDocument()
    typeInto(getInput('18 位，最后一位可能是 X'), '331121195106080019')

    // the BFF refuses (name and number do not match): the message shows next to the name, nothing typed is lost
    server.use(
      http.post(`${P}/family/members`, () =>
        HttpResponse.json({ code: 'FAMILY_IDENTITY_MISMATCH', message: '姓名与身份证号不一致，请核对后重新填写', fields: { name: '姓名与身份证号不一致，请核对' } }, { status: 400 })
      )
    )
    fireEvent.click(screen.getByText('添加'))
    expect(await screen.findByText('姓名与身份证号不一致，请核对')).toBeInTheDocument()
    expect(getInput('与身份证上的姓名一致')).toHaveAttribute('value', '王建国')
    server.resetHandlers()

    // a 16+ member: the request is sent and waits for their own confirmation
    fireEvent.click(screen.getByText('添加'))
    await waitFor(() => expect(mockFamily().members).toHaveLength(1))
    expect(mockFamily().members[0]).toMatchObject({ status: 'pending', name: '王**', relationship: 'parent' })
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '已发送授权申请' })))
    expect(nav.urls).toContain('<back>')
  })

  it('takes the family member’s mobile as people write it and sends its 11 digits, so the request reaches them by SMS', async () => {
    const sent: unknown[] = []
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && request.url.endsWith('/family/members')) sent.push(await request.clone().json())
    })
    renderScreen(<AddMemberScreen />)
    fireEvent.click(await screen.findByText('父母'))
    typeInto(getInput('与身份证上的姓名一致'), '王建国')
    typeInto(getInput('18 位，最后一位可能是 X'), '331121195106080019')
    const phone = getInput('11 位手机号码')
    typeInto(phone, '1390000')
    fireEvent(phone, new CustomEvent('blur', { bubbles: true }))
    expect(await screen.findByText('请输入正确的 11 位手机号码')).toBeInTheDocument()
    // as read off a contact card: country code, spaces and dashes
    typeInto(phone, '+86 139-0000 0961')
    await waitFor(() => expect(screen.queryByText('请输入正确的 11 位手机号码')).toBeNull())
    fireEvent(phone, new CustomEvent('blur', { bubbles: true }))
    await waitFor(() => expect(phone).toHaveValue('13900000961'))
    fireEvent.click(screen.getByText('添加'))
    await waitFor(() => expect(sent).toHaveLength(1))
    expect(sent[0]).toMatchObject({ relationship: 'parent', phone: '13900000961' })
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('短信') })))
    server.events.removeAllListeners()
  })

  it('asks for at least one scope', async () => {
    renderScreen(<AddMemberScreen />)
    for (const label of ['出示医保码', '代为申办', '查看办件进度', '代为评价', '查看医保档案']) fireEvent.click(await screen.findByText(`✓ ${label}`))
    fireEvent.click(screen.getByText('添加'))
    expect(await screen.findByText('请至少选择一项授权')).toBeInTheDocument()
  })
})

describe('亲情账户', () => {
  it('lists members with their state, answers a request with the scopes chosen, and revokes a grant', async () => {
    seedMockFamily({
      members: [
        {
          id: 'm1',
          relationship: 'child',
          relationshipLabel: '子女',
          name: '王**',
          idNumber: '331102********0040',
          age: 0,
          minor: true,
          status: 'active',
          statusLabel: '已授权',
          scopes: ['evoucher', 'apply', 'cases', 'rate', 'record'],
          requestedScopes: ['evoucher', 'apply', 'cases', 'rate', 'record'],
          addedAt: '2026-11-20T02:00:00.000Z'
        }
      ],
      requests: [mockRequest({ id: 'r1' })],
      grants: [{ id: 'g1', proxyName: '李**', proxyPhone: '138****0003', relationship: 'sibling', relationshipLabel: '兄弟姐妹', scopes: ['evoucher'], grantedAt: '2026-11-01T02:00:00.000Z' }]
    })
    renderScreen(<FamilyScreen />)
    expect(await screen.findByText(/^子女\s+王\*\*$/)).toBeInTheDocument()
    expect(screen.getByText('我可以代办的家人（1/5）')).toBeInTheDocument()
    expect(screen.getByText(/未成年人，由您监护代办/)).toBeInTheDocument()

    // the request: untick 查看办件进度, accept
    expect(screen.getByText('王**（138****0009）申请添加您为家庭成员')).toBeInTheDocument()
    const boxes = screen.getAllByRole('checkbox', { name: /查看办件进度/ })
    fireEvent.click(boxes[0])
    fireEvent.click(screen.getByText('同意并授权'))
    await waitFor(() => expect(mockFamily().grants.find((g) => g.id === 'r1')?.scopes).toEqual(['evoucher', 'apply']))
    await waitFor(() => expect(screen.queryByText('同意并授权')).not.toBeInTheDocument())

    // revoke 李**'s grant after confirming
    fireEvent.click((await screen.findAllByText('取消授权'))[0])
    await waitFor(() => expect(mockFamily().grants.some((g) => g.id === 'g1')).toBe(false))
  })

  it('opens the add page', async () => {
    renderScreen(<FamilyScreen />)
    fireEvent.click(await screen.findByText('添加家庭成员'))
    expect(nav.last()?.route).toBe(ROUTES.familyAdd)
  })
})

describe('他人为我办理', () => {
  it('lists what family members did, a case opens its page', async () => {
    seedMockFamily({ log: [{ id: 'l1', at: '2026-11-23T02:00:00.000Z', actorName: '张**', action: 'application.submit', label: '代为申办“特殊药品备案”', applicationId: 'app-9' }] })
    renderScreen(<ProxyLogScreen />)
    fireEvent.click(await screen.findByText('张** 代为申办“特殊药品备案”'))
    expect(nav.last()).toEqual({ route: ROUTES.application, params: { id: 'app-9' } })
  })
})

describe('the person acted for (ActingForBar)', () => {
  it('always says who; offers only members holding the scope; switching changes the store', async () => {
    seedMockFamily({
      members: [
        { id: 'm1', relationship: 'parent', relationshipLabel: '父母', name: '王**', idNumber: 'x', age: 75, minor: false, status: 'active', statusLabel: '已授权', scopes: ['evoucher'], requestedScopes: [], addedAt: '' },
        { id: 'm2', relationship: 'child', relationshipLabel: '子女', name: '王**', idNumber: 'y', age: 0, minor: true, status: 'active', statusLabel: '已授权', scopes: ['cases'], requestedScopes: [], addedAt: '' },
        { id: 'm3', relationship: 'spouse', relationshipLabel: '配偶', name: '王**', idNumber: 'z', age: 40, minor: false, status: 'pending', statusLabel: '待对方确认', scopes: [], requestedScopes: [], addedAt: '' }
      ]
    })
    renderScreen(<ActingForBar scope='evoucher' />)
    expect(await screen.findByText('正在为：本人')).toBeInTheDocument()
    const choices = await screen.findAllByRole('radio')
    expect(choices.map((c) => c.textContent)).toEqual(['本人', '父母 王**'])
    act(() => {
      fireEvent.click(choices[1])
    })
    expect(useActingStore.getState().insuredId).toBe('m1')
    expect(await screen.findByText('正在为：父母 王**')).toBeInTheDocument()
  })
})
