import type { FormField, FormSchema } from './catalog'
import {
  checkField,
  checkForm,
  fieldSchema,
  FORM_ADDRESS_MAX,
  FORM_LONG_TEXT_MAX,
  FORM_TEXT_MAX,
  formSchema,
  normalizeBankAccount,
  normalizePhone,
  payoutFields,
  resultDeliveryChoice,
  RESULT_DELIVERY,
  shanghaiToday
} from './forms'
import { idNumberCheckChar } from './identity'

/**
 * Form validation built from the catalog's form schema (001 §5.1.2–5.1.3): one implementation for the app's field
 * messages and the BFF's save/submit checks. Every kind: valid, invalid, empty when required, empty when optional.
 */

/** 2026-03-15 12:00 in Asia/Shanghai */
const NOW = new Date('2026-03-15T04:00:00Z')
const id = (body17: string) => body17 + idNumberCheckChar(body17)
const VALID_ID = id('33110219880312002')
const X_ID = '11010519491231002X'

const field = (kind: FormField['kind'], extra: Partial<FormField> = {}): FormField => ({
  key: kind,
  label: {
    text: '医疗机构',
    idNumber: '身份证号',
    phone: '联系电话',
    date: '出院日期',
    region: '就医地',
    select: '就医类别',
    bankAccount: '银行账号',
    address: '邮寄地址',
    longText: '情况说明'
  }[kind],
  kind,
  required: true,
  rule: '按要求填写',
  ...extra
})
const SELECT_OPTIONS = ['门诊', '住院']

/** kind → [valid values, [invalid value, message]…] */
const CASES: Array<[FormField, string[], Array<[string, string]>]> = [
  [
    field('text'),
    ['丽水市中心医院', 'A', '字'.repeat(FORM_TEXT_MAX)],
    [['字'.repeat(FORM_TEXT_MAX + 1), `医疗机构不能超过 ${FORM_TEXT_MAX} 个字`]]
  ],
  [
    field('idNumber'),
    [VALID_ID, X_ID, X_ID.toLowerCase()],
    [
      [VALID_ID.slice(0, 17), '身份证号应为 18 位'],
      [VALID_ID.slice(0, 17) + (VALID_ID[17] === '1' ? '2' : '1'), '身份证号校验位不正确，请逐位核对'],
      [id('33110219990230002'), '身份证号中的出生日期不正确，请核对'],
      [id('99110219880312002'), '身份证号前两位不是有效的省份代码，请核对'],
      ['33110219880312002A', '身份证号只能包含数字，最后一位可以是 X']
    ]
  ],
  [
    field('phone'),
    ['13800000001', '0578-2123456', '05782123456', '010-12345678', '138 0000 0001', '+86 138-0000-0001', '(0578)2123456', '０５７８－２１２３４５６'],
    [
      ['1380000000', '请输入正确的联系电话（11 位手机号或带区号的固定电话）'],
      ['12800000001', '请输入正确的联系电话（11 位手机号或带区号的固定电话）'],
      ['578-2123456', '请输入正确的联系电话（11 位手机号或带区号的固定电话）']
    ]
  ],
  [
    field('date', { dateRange: 'any' }),
    ['2026-03-15', '2020-02-29', '2030-12-31'],
    [
      ['2026-02-29', '请选择正确的出院日期'],
      ['2026/03/15', '请选择正确的出院日期'],
      ['2026-3-15', '请选择正确的出院日期'],
      ['2026-13-01', '请选择正确的出院日期']
    ]
  ],
  [field('region'), ['331102', '110105'], [['33110', '请选择就医地'], ['3311021', '请选择就医地'], ['丽水市', '请选择就医地']]],
  [field('select', { options: SELECT_OPTIONS }), ['门诊', '住院'], [['急诊', '请从列表中选择就医类别'], ['门', '请从列表中选择就医类别']]],
  [
    field('bankAccount'),
    ['6222021234567890123', '622202123456', '1'.repeat(30), '6222 0212 3456 7890 123', '6222-0212-3456-7890', '６２２２０２１２３４５６７８９０'],
    [
      ['62220212345', '银行账号应为 12–30 位数字，请核对'],
      ['1'.repeat(31), '银行账号应为 12–30 位数字，请核对'],
      ['6222 0212 345', '银行账号应为 12–30 位数字，请核对'],
      ['6222O21234567890123', '银行账号应为 12–30 位数字，请核对']
    ]
  ],
  [
    field('address'),
    ['浙江省丽水市莲都区人民街100号', '字'.repeat(FORM_ADDRESS_MAX)],
    [
      ['丽水市', '请填写详细邮寄地址（省市县、街道、门牌号）'],
      ['字'.repeat(FORM_ADDRESS_MAX + 1), `邮寄地址不能超过 ${FORM_ADDRESS_MAX} 个字`]
    ]
  ],
  [field('longText'), ['急诊抢救，未能刷卡结算。', '字'.repeat(FORM_LONG_TEXT_MAX)], [['字'.repeat(FORM_LONG_TEXT_MAX + 1), `情况说明不能超过 ${FORM_LONG_TEXT_MAX} 个字`]]]
]

const one = (f: FormField): FormSchema => ({ fields: [f] })

describe.each(CASES.map(([f, ok, bad]) => [f.kind, f, ok, bad] as const))('field kind %s', (_kind, f, ok, bad) => {
  it.each(ok)('accepts %s', (v) => {
    const check = checkForm(one(f), { [f.key]: v }, NOW)
    expect(check.errors).toEqual({})
    expect(check.ok).toBe(true)
    expect(checkField(f, v, NOW)).toBeNull()
  })

  it.each(bad)('refuses %s: %s', (v, message) => {
    const check = checkForm(one(f), { [f.key]: v }, NOW)
    expect(check.ok).toBe(false)
    expect(check.values).toEqual({})
    expect(check.errors).toEqual({ [f.key]: message })
    expect(checkField(f, v, NOW)).toBe(message)
  })

  it('requires a value when required (absent, empty or blank)', () => {
    const message = `请${['select', 'date', 'region'].includes(f.kind) ? '选择' : '填写'}${f.label}`
    for (const values of [{}, { [f.key]: '' }, { [f.key]: '  \u3000 ' }]) {
      expect(checkForm(one(f), values, NOW).errors).toEqual({ [f.key]: message })
    }
    expect(checkField(f, undefined, NOW)).toBe(message)
  })

  it('lets an optional field be empty, and drops it from the values', () => {
    const optional = { ...f, required: false }
    for (const values of [{}, { [f.key]: '' }, { [f.key]: '   ' }]) {
      expect(checkForm(one(optional), values, NOW)).toEqual({ ok: true, values: {}, errors: {} })
    }
    expect(checkField(optional, '', NOW)).toBeNull()
    // an optional field still checks what is typed in it
    expect(checkForm(one(optional), { [f.key]: bad[0][0] }, NOW).errors).toEqual({ [f.key]: bad[0][1] })
  })

  it('refuses a value that is not a string', () => {
    for (const v of [12345, null, true, ['门诊']]) {
      expect(checkForm(one(f), { [f.key]: v }, NOW).errors).toEqual({ [f.key]: `${f.label}格式不正确` })
    }
  })
})

describe('date ranges, relative to an injected now in the Asia/Shanghai calendar', () => {
  const past = field('date', { dateRange: 'past' })
  const future = field('date', { key: 'trip', label: '预计出行日期', dateRange: 'future' })

  it('reads today in Shanghai, whatever the device zone', () => {
    expect(shanghaiToday(NOW)).toBe('2026-03-15')
    // 2026-03-15 17:00 UTC is 01:00 on the 16th in Shanghai
    expect(shanghaiToday(new Date('2026-03-15T17:00:00Z'))).toBe('2026-03-16')
  })

  it('past: today and earlier, not tomorrow', () => {
    expect(checkField(past, '2026-03-15', NOW)).toBeNull()
    expect(checkField(past, '2000-01-01', NOW)).toBeNull()
    expect(checkField(past, '2026-03-16', NOW)).toBe('出院日期不能晚于今天')
    // at 01:00 on the 16th in Shanghai the 16th is today
    expect(checkField(past, '2026-03-16', new Date('2026-03-15T17:00:00Z'))).toBeNull()
  })

  it('future: today and later, not yesterday', () => {
    expect(checkField(future, '2026-03-15', NOW)).toBeNull()
    expect(checkField(future, '2027-01-01', NOW)).toBeNull()
    expect(checkField(future, '2026-03-14', NOW)).toBe('预计出行日期不能早于今天')
  })

  it('any: both sides of today', () => {
    const any = field('date', { dateRange: 'any' })
    expect(checkField(any, '2000-01-01', NOW)).toBeNull()
    expect(checkField(any, '2099-12-31', NOW)).toBeNull()
  })

  it('checks a 身份证号 birth date against the same injected now', () => {
    const idField = field('idNumber')
    const bornIn2028 = id('33110220280101002')
    expect(checkField(idField, bornIn2028, NOW)).toBe('身份证号中的出生日期不正确，请核对')
    expect(checkField(idField, bornIn2028, new Date('2030-06-01T00:00:00Z'))).toBeNull()
  })
})

describe('a whole form', () => {
  const form: FormSchema = {
    fields: [
      field('text', { key: 'hospital' }),
      field('idNumber', { key: 'memberIdNumber', label: '家庭成员身份证号' }),
      field('bankAccount', { key: 'account' }),
      field('select', { key: 'careCategory', options: SELECT_OPTIONS }),
      field('longText', { key: 'statement', required: false })
    ]
  }
  const valid = { hospital: '丽水市中心医院', memberIdNumber: VALID_ID, account: '6222021234567890123', careCategory: '住院' }

  it('normalises: trims, upper-cases the X of a 身份证号, removes the spaces of a bank account, drops empty optionals', () => {
    const check = checkForm(
      form,
      { hospital: '  丽水市中心医院 ', memberIdNumber: ` ${X_ID.toLowerCase()} `, account: ' 6222 0212 3456 7890 123 ', careCategory: ' 住院 ', statement: '' },
      NOW
    )
    expect(check).toEqual({
      ok: true,
      values: { hospital: '丽水市中心医院', memberIdNumber: X_ID, account: '6222021234567890123', careCategory: '住院' },
      errors: {}
    })
  })

  it('refuses keys the form does not have, naming each', () => {
    const check = checkForm(form, { ...valid, salary: '5000', note: 'x' }, NOW)
    expect(check.ok).toBe(false)
    expect(check.errors).toEqual({ salary: '表单中没有这一项，请刷新后重试', note: '表单中没有这一项，请刷新后重试' })
  })

  it('reports every bad field at once, one message each', () => {
    const check = checkForm(form, { hospital: '', memberIdNumber: '123', account: 'abc', careCategory: '急诊' }, NOW)
    expect(check.errors).toEqual({
      hospital: '请填写医疗机构',
      memberIdNumber: '身份证号应为 18 位',
      account: '银行账号应为 12–30 位数字，请核对',
      careCategory: '请从列表中选择就医类别'
    })
  })

  it('builds a strict zod schema usable on its own, and a field schema that returns the normalised value', () => {
    expect(formSchema(form, NOW).safeParse(valid).success).toBe(true)
    expect(formSchema(form, NOW).safeParse({ ...valid, extra: '1' }).success).toBe(false)
    expect(fieldSchema(field('bankAccount'), NOW).parse('6222 0212 3456')).toBe('622202123456')
    expect(fieldSchema(field('idNumber'), NOW).parse(X_ID.toLowerCase())).toBe(X_ID)
    expect(fieldSchema({ ...field('text'), required: false }, NOW).parse('  ')).toBeUndefined()
  })

  it('honours a field’s own maxLength', () => {
    const short = field('text', { maxLength: 4 })
    expect(checkField(short, '丽水医院', NOW)).toBeNull()
    expect(checkField(short, '丽水市医院', NOW)).toBe('医疗机构不能超过 4 个字')
    const longAddress = field('address', { maxLength: 200 })
    expect(checkField(longAddress, '字'.repeat(150), NOW)).toBeNull()
  })

  it('refuses a select value when the field has no options at all', () => {
    expect(checkField(field('select'), '门诊', NOW)).toBe('请从列表中选择就医类别')
  })
})

describe('what people type, in the form the agency stores (normalizePhone, normalizeBankAccount)', () => {
  it.each([
    ['138 0000 0001', '13800000001'],
    ['138-0000-0001', '13800000001'],
    ['+86 138 0000 0001', '13800000001'],
    ['8613800000001', '13800000001'],
    ['0578-2123456', '0578-2123456'],
    ['0578 2123456', '0578-2123456'],
    ['(0578)2123456', '0578-2123456'],
    ['０５７８－２１２３４５６', '0578-2123456'],
    ['05782123456', '05782123456']
  ])('phone %s → %s', (typed, stored) => {
    expect(normalizePhone(typed)).toBe(stored)
    expect(checkForm(one(field('phone')), { phone: typed }, NOW).values.phone).toBe(stored)
  })

  it.each([
    ['6222 0212 3456 7890 123', '6222021234567890123'],
    ['6222-0212-3456-7890', '6222021234567890'],
    ['６２２２　０２１２　３４５６', '622202123456']
  ])('bank account %s → %s', (typed, stored) => {
    expect(normalizeBankAccount(typed)).toBe(stored)
  })
})

describe('a field required only with another answer (requiredWhen): 收件地址 when 邮寄送达', () => {
  const form: FormSchema = {
    fields: [
      { key: RESULT_DELIVERY.methodKey, label: '领取方式', kind: 'select', required: true, rule: '选择', options: [RESULT_DELIVERY.pickup, RESULT_DELIVERY.mail] },
      { key: RESULT_DELIVERY.addressKey, label: '收件地址', kind: 'address', required: false, rule: '邮寄时填写', requiredWhen: { key: RESULT_DELIVERY.methodKey, equals: RESULT_DELIVERY.mail } }
    ]
  }
  const address = form.fields[1]

  it('window pickup needs no address; mail does, on submit and when the field is left', () => {
    expect(checkForm(form, { deliveryMethod: '窗口自取' }, NOW).ok).toBe(true)
    expect(checkForm(form, { deliveryMethod: '邮寄送达' }, NOW).errors).toEqual({ mailingAddress: '请填写收件地址' })
    expect(checkForm(form, { deliveryMethod: '邮寄送达', mailingAddress: '  ' }, NOW).errors).toEqual({ mailingAddress: '请填写收件地址' })
    expect(checkField(address, '', NOW, { deliveryMethod: '邮寄送达' })).toBe('请填写收件地址')
    expect(checkField(address, '', NOW, { deliveryMethod: '窗口自取' })).toBeNull()
    expect(checkField(address, '丽水', NOW, { deliveryMethod: '窗口自取' })).toBe('请填写详细收件地址（省市县、街道、门牌号）')
  })

  it('tells how the citizen chose to receive the paper result', () => {
    expect(resultDeliveryChoice(form, { deliveryMethod: '邮寄送达', mailingAddress: '浙江省丽水市莲都区人民街100号' })).toEqual({
      method: 'mail',
      address: '浙江省丽水市莲都区人民街100号'
    })
    expect(resultDeliveryChoice(form, { deliveryMethod: '窗口自取' })).toEqual({ method: 'pickup', address: null })
    expect(resultDeliveryChoice({ fields: [] }, { deliveryMethod: '窗口自取' })).toBeNull()
  })
})

describe('payoutFields: an item pays money when its form asks for the account', () => {
  it('names the account fields, or null', () => {
    const form: FormSchema = {
      fields: [
        { key: 'bankName', label: '开户银行', kind: 'select', required: true, rule: '', options: ['中国银行'] },
        { key: 'bankAccount', label: '银行账号', kind: 'bankAccount', required: true, rule: '' },
        { key: 'accountName', label: '账户名', kind: 'text', required: true, rule: '' }
      ]
    }
    expect(payoutFields(form)).toEqual({ bankAccount: 'bankAccount', bankName: 'bankName', accountName: 'accountName' })
    expect(payoutFields({ fields: [field('text')] })).toBeNull()
    expect(payoutFields(null)).toBeNull()
  })
})
