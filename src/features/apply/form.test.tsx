import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { ID_NUMBER_MESSAGES } from '@contract'
import { recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { mockDrafts } from '../../../mock'
import { ROUTES } from '@/shared/nav'
import { draftApi } from './api'
import { useDraftStore } from './draftStore'
import { fieldDomId } from './fields'
import { FormScreen } from './FormScreen'
import { ALL_KINDS_FORM, fixtureItem, MANUAL_ITEM, PAPER_RESULT_ITEM, REGION, REIMBURSEMENT_ITEM, installApplyFixtures, VALID_VALUES, waitForInputs } from './test-fixtures'

jest.mock('./session', () => ({ ensureApplicant: jest.fn(async () => true) }))

installApplyFixtures()
let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
})
afterEach(() => nav.restore())

async function openForm(itemId = MANUAL_ITEM, ready = '参保人身份证号'): Promise<string> {
  const draft = await draftApi.createDraft({ itemId, region: REGION })
  useDraftStore.getState().adopt(draft, await fixtureItem(itemId, REGION))
  renderScreen(<FormScreen draftId={draft.id} />)
  await screen.findByText(ready)
  await waitForInputs()
  return draft.id
}

const row = (label: string): HTMLElement => screen.getByText(label, { selector: '.apply-field__label' }).closest('.apply-field') as HTMLElement
const input = (label: string): HTMLElement => row(label).querySelector('taro-input-core, taro-textarea-core') as HTMLElement
// the message's line is always there (FieldError): empty means no message
const errorOf = (label: string): string | null => row(label).querySelector('.apply-field__error')?.textContent || null
/** a field that opens a choice: a button named by its label and what it shows */
const pickerField = (label: string): HTMLElement => screen.getByRole('button', { name: new RegExp(`^${label}：`) })

function leave(el: HTMLElement, value: string): void {
  typeInto(el, value)
  fireEvent(el, new CustomEvent('blur', { detail: { value }, bubbles: true }))
}

/** Opens a picker field, taps each option in turn (one per column), and confirms with 确定. */
async function pick(label: string, ...options: string[]): Promise<void> {
  fireEvent.click(pickerField(label))
  const dialog = await screen.findByRole('dialog', { name: `选择${label}` })
  // by text (role queries over a wheel of 120 years are slow in jsdom); each is an option of its column
  for (const o of options) {
    const option = within(dialog).getByText(o).closest('[role="option"]') as HTMLElement
    fireEvent.click(option)
  }
  fireEvent.click(within(dialog).getByText('确定'))
  await waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull())
}

describe('信息录入 (001 §5.1.2)', () => {
  it('shows every field with its filling rule; the verified identity as text; the phone prefilled', async () => {
    await openForm()
    for (const f of ALL_KINDS_FORM.fields) {
      const r = row(f.label)
      expect(within(r).getByText(f.rule)).toBeInTheDocument()
      expect(within(r).getByText(f.readonly ? '已核验' : f.required ? '必填' : '选填')).toBeInTheDocument()
    }
    // read-only: text, masked, no input
    expect(within(row('申请人身份证号')).getByText('331102********0025')).toBeInTheDocument()
    expect(row('申请人身份证号').querySelector('taro-input-core')).toBeNull()
    expect(within(row('申请人姓名')).getByText('张**')).toBeInTheDocument()
    // prefilled from the account, still editable
    expect(input('联系电话')).toHaveAttribute('value', '13800000001')
    expect(within(row('联系电话')).getByText('已按您的实名信息自动填入，可修改')).toBeInTheDocument()
    // choices are slide pickers (001 §5.1.2 菜单式选择): date, select, region — fields that open a dialog
    for (const label of ['支取原因发生日期', '支取原因', '参保地']) {
      expect(pickerField(label)).toHaveAttribute('aria-haspopup', 'dialog')
      expect(pickerField(label)).toHaveAccessibleName(`${label}：请选择${label}`)
    }
  })

  it.each([
    ['参保人身份证号', '33110219880312002', ID_NUMBER_MESSAGES.length],
    ['参保人身份证号', '331102198803120026', ID_NUMBER_MESSAGES.checkDigit],
    ['联系电话', '1380000', '请输入正确的联系电话（11 位手机号或带区号的固定电话）'],
    ['收款银行账号', '62220212', '收款银行账号应为 12–30 位数字，请核对'],
    ['联系地址', '丽水', '请填写详细联系地址（省市县、街道、门牌号）'],
    ['开户银行', '中'.repeat(31), '开户银行不能超过 30 个字'],
    ['情况说明', '说'.repeat(101), '情况说明不能超过 100 个字'],
    ['开户银行', '', '请填写开户银行']
  ])('%s “%s” → “%s” when the citizen leaves the field', async (label, value, message) => {
    await openForm()
    leave(input(label), value)
    await waitFor(() => expect(errorOf(label)).toBe(message))
    expect(row(label)).toHaveClass('apply-field--invalid')
    // fixing it clears the message
    leave(input(label), VALID_VALUES[label === '参保人身份证号' ? 'insuredIdNumber' : label === '联系电话' ? 'phone' : label === '收款银行账号' ? 'bankAccount' : label === '联系地址' ? 'address' : 'bankName'] ?? '')
    if (label !== '情况说明') await waitFor(() => expect(errorOf(label)).toBeNull())
  })

  it('pickers: a past-only date offers no later day; date, select and region take what was tapped', async () => {
    const id = await openForm()
    fireEvent.click(pickerField('支取原因发生日期'))
    const dialog = await screen.findByRole('dialog', { name: '选择支取原因发生日期' })
    // a past-only date: the years end with this one (a later day cannot be chosen)
    const years = [...within(dialog).getByLabelText('年').querySelectorAll('[role="option"]')]
    expect(years[years.length - 1]).toHaveTextContent(`${new Date().getFullYear()}年`)
    fireEvent.click(within(dialog).getByText('取消'))
    await waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull())
    expect(useDraftStore.getState().drafts[id].values.reasonDate).toBeUndefined()

    await pick('支取原因发生日期', '2025年', '06月', '01日')
    expect(within(row('支取原因发生日期')).getByText('2025-06-01')).toBeInTheDocument()
    expect(useDraftStore.getState().drafts[id].values.reasonDate).toBe('2025-06-01')
    expect(errorOf('支取原因发生日期')).toBeNull()

    await pick('支取原因', '参保人死亡')
    expect(within(row('支取原因')).getByText('参保人死亡')).toBeInTheDocument()
    expect(useDraftStore.getState().drafts[id].values.reason).toBe('参保人死亡')

    // the region picker lists the served regions (GET /regions) by full name and stores the code
    fireEvent.click(pickerField('参保地'))
    expect((await screen.findByText('浙江省丽水市莲都区', { selector: '[role="option"]' })).closest('[role="listbox"]')).toHaveAccessibleName('参保地')
    fireEvent.click(screen.getByText('取消'))
    await waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull())
    await pick('参保地', '浙江省丽水市莲都区')
    expect(useDraftStore.getState().drafts[id].values.insuredRegion).toBe('331102')
    expect(within(row('参保地')).getByText('浙江省丽水市莲都区')).toBeInTheDocument()
  })

  it('takes a landline with its hyphen and a mobile with spaces; keeps what is typed and stores the normal form', async () => {
    const id = await openForm()
    // the phone field is not a number field: a hyphen can be typed (H5 phone keypad)
    expect(input('联系电话')).toHaveAttribute('type', 'tel')
    leave(input('联系电话'), '0578-2123456')
    await waitFor(() => expect(useDraftStore.getState().drafts[id].values.phone).toBe('0578-2123456'))
    expect(errorOf('联系电话')).toBeNull()
    leave(input('联系电话'), '138 0000 0001')
    await waitFor(() => expect(useDraftStore.getState().drafts[id].values.phone).toBe('13800000001'))
    expect(errorOf('联系电话')).toBeNull()
  })

  it('a message goes away as soon as the value is right, while typing — before the next tap', async () => {
    await openForm()
    leave(input('联系电话'), '1380000')
    await waitFor(() => expect(errorOf('联系电话')).toMatch(/请输入正确的联系电话/))
    typeInto(input('联系电话'), '13800000001')
    await waitFor(() => expect(errorOf('联系电话')).toBeNull())
    // its line stays (nothing below moves)
    expect(row('联系电话').querySelector('.yb-field-error')).not.toBeNull()
  })

  it('hints are plain words: no clause numbers under the fields of a real item form', async () => {
    await openForm(REIMBURSEMENT_ITEM, '未能直接结算的原因')
    expect(within(row('未能直接结算的原因')).getByText(/^选择费用由个人垫付的原因；/)).toBeInTheDocument()
    expect(document.body.textContent).not.toMatch(/§|\d{3} §/)
  })

  it('a paper result: 领取方式 窗口自取 or 邮寄送达; the address is required only for 邮寄送达', async () => {
    await openForm(PAPER_RESULT_ITEM, '领取方式')
    const badge = () => row('收件地址').querySelector('.apply-field__required, .apply-field__optional')?.textContent
    expect(badge()).toBe('选填')
    fireEvent.click(pickerField('领取方式'))
    const dialog = await screen.findByRole('dialog', { name: '选择领取方式' })
    expect(within(dialog).getAllByRole('option').map((o) => o.textContent)).toEqual(['窗口自取', '邮寄送达'])
    fireEvent.click(within(dialog).getByText('取消'))
    await pick('领取方式', '邮寄送达')
    expect(badge()).toBe('必填')
    fireEvent.click(screen.getByText('下一步：上传材料'))
    await waitFor(() => expect(errorOf('收件地址')).toBe('请填写收件地址'))
    await pick('领取方式', '窗口自取')
    expect(badge()).toBe('选填')
    await waitFor(() => expect(errorOf('收件地址')).toBeNull())
  })

  it('bank account: spaces and dashes as typed, checked in groups of four, stored as digits; long text counts characters', async () => {
    const id = await openForm()
    typeInto(input('收款银行账号'), '6222 0212-3456 7890 123')
    expect(useDraftStore.getState().drafts[id].values.bankAccount).toBe('6222 0212-3456 7890 123')
    expect(within(row('收款银行账号')).getByText('6222 0212 3456 7890 123')).toBeInTheDocument()
    leave(input('收款银行账号'), '6222 0212-3456 7890 123')
    await waitFor(() => expect(useDraftStore.getState().drafts[id].values.bankAccount).toBe('6222021234567890123'))
    expect(errorOf('收款银行账号')).toBeNull()
    typeInto(input('情况说明'), '已定居海外')
    expect(within(row('情况说明')).getByText('5/100')).toBeInTheDocument()
  })

  it('下一步 checks the whole form: every message next to its field, focus and scroll to the first', async () => {
    const scroll = jest.spyOn(Taro, 'pageScrollTo').mockImplementation(() => Promise.resolve() as never)
    await openForm()
    leave(input('联系电话'), '') // the prefilled phone cleared
    fireEvent.click(screen.getByText('下一步：上传材料'))
    const required = ALL_KINDS_FORM.fields.filter((f) => f.required && !f.readonly)
    expect(await screen.findByText(`有 ${required.length} 项需要修改`)).toBeInTheDocument()
    expect(errorOf('联系电话')).toBe('请填写联系电话')
    expect(errorOf('参保人身份证号')).toBe('请填写参保人身份证号')
    expect(errorOf('支取原因发生日期')).toBe('请选择支取原因发生日期')
    expect(errorOf('参保地')).toBe('请选择参保地')
    expect(errorOf('支取原因')).toBe('请选择支取原因')
    expect(errorOf('收款银行账号')).toBe('请填写收款银行账号')
    // the optional field has none; read-only fields are not the citizen's to fix
    expect(within(row('情况说明')).queryByRole('alert')).toBeNull()
    expect(within(row('申请人身份证号')).queryByRole('alert')).toBeNull()
    // the first field to fix, in form order, gets the focus and the page scrolls to it
    expect(scroll).toHaveBeenCalledWith(expect.objectContaining({ selector: `#${fieldDomId('phone')}` }))
    expect(input('联系电话')).toHaveAttribute('focus', 'true')
    expect(nav.urls).toEqual([])
  })

  it('valid values: normalised, kept, step saved and on to the materials', async () => {
    const id = await openForm()
    act(() => useDraftStore.getState().setValues(id, VALID_VALUES))
    // typed in lower case with spaces around: the X is upper-cased and the text trimmed (contract checkForm)
    act(() => useDraftStore.getState().setValue(id, 'insuredIdNumber', '33110219900101011x'))
    act(() => useDraftStore.getState().setValue(id, 'bankName', '  中国工商银行丽水莲都支行  '))
    fireEvent.click(screen.getByText('下一步：上传材料'))
    expect(nav.last()).toEqual({ route: ROUTES.applyMaterials, params: { draftId: id } })
    const d = useDraftStore.getState().drafts[id]
    expect(d.step).toBe('materials')
    expect(d.values.bankName).toBe('中国工商银行丽水莲都支行')
    expect(d.values.insuredIdNumber).toBe('33110219900101011X')
    // saved to the BFF (debounced)
    await waitFor(() => expect(mockDrafts.get(id)?.step).toBe('materials'), { timeout: 3000 })
    expect(mockDrafts.get(id)?.values.bankName).toBe('中国工商银行丽水莲都支行')
    // read-only identity values are never sent: the BFF keeps its own
    expect(mockDrafts.get(id)?.values).not.toHaveProperty('idNumber')
  })
})

describe('就医地 from anywhere in China, 省 → 市 → 县（区） (GB/T 2260; 003 §7.6.1–7.6.3)', () => {
  const OFFSITE = 'offsite-care-filing'

  /** 省, then 市 once its list has loaded, then 县（区） */
  async function chooseCareRegion(province: string, city: string, county: string): Promise<void> {
    await waitFor(() => expect(pickerField('就医地（省）')).toBeInTheDocument())
    await pick('就医地（省）', province)
    await waitFor(() => expect(pickerField('就医地（市）')).not.toHaveAccessibleName('就医地（市）：请先选择上一级'))
    await pick('就医地（市）', city)
    await waitFor(() => expect(pickerField('就医地（县（区））')).toHaveAccessibleName('就医地（县（区））：请选择县（区）'))
    await pick('就医地（县（区））', county)
  }

  it('picks 浙江省 → 杭州市 → 西湖区 a level at a time and keeps the county code', async () => {
    const id = await openForm(OFFSITE, '就医地')
    await chooseCareRegion('浙江省', '杭州市', '西湖区')
    expect(useDraftStore.getState().drafts[id].values.careRegion).toBe('330106')
    expect(errorOf('就医地')).toBeNull()
  })

  it('says at once, while filling, that a 就医地 in the insured city needs no filing', async () => {
    await openForm(OFFSITE, '就医地')
    await chooseCareRegion('浙江省', '丽水市', '青田县')
    expect(errorOf('就医地')).toContain('所在市以外')
  })
})
