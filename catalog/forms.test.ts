import { loadCatalogFiles } from './index'
import { exampleIdNumber, exampleValues, type ExampleApplicant } from './examples'
import { FormFieldKindSchema, type FormField } from '../contract/catalog'
import type { ItemDefinition } from '../contract/catalog-data'
import { checkForm, FORM_LONG_TEXT_MAX, FORM_TEXT_MAX, shanghaiToday } from '../contract/forms'
import { idNumberCheckChar } from '../contract/identity'
import { UPLOAD_MAX_BYTES } from '../contract/apply'

/**
 * 001 §5.1.2–5.1.3: every item a person applies for carries its form and its material list from the seeds;
 * every field shows its filling rule, every material its rule (format, count, original or copy, sample, common
 * errors). The forms are checked by contract/forms.ts exactly as the app and the BFF check them.
 */
const catalog = loadCatalogFiles()
const personItems = catalog.items.filter((i) => i.serviceObject === 'person')
const unitItems = catalog.items.filter((i) => i.serviceObject !== 'person')
const formOf = (item: ItemDefinition) => item.form!

/** a fixed clock: 2026-03-15 12:00 in Asia/Shanghai */
const NOW = new Date('2026-03-15T04:00:00Z')
const TODAY = shanghaiToday(NOW)
const body = '33110219880312002'
const APPLICANT: ExampleApplicant = { name: '张丽华', idNumber: body + idNumberCheckChar(body), phone: '13800000001' }

const CJK = /[\u4e00-\u9fa5]/
/** a label is Chinese: CJK characters with Chinese punctuation (and digits, e.g. “7 个月”) only */
const CHINESE_LABEL = /^[\u4e00-\u9fa5（）《》、·0-9 ]+$/

function shift(days: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** A value of the field's kind that contract/forms.ts must refuse. */
function badValue(field: FormField, valid: string): string {
  switch (field.kind) {
    case 'text':
      return '字'.repeat((field.maxLength ?? FORM_TEXT_MAX) + 1)
    case 'longText':
      return '字'.repeat((field.maxLength ?? FORM_LONG_TEXT_MAX) + 1)
    case 'address':
      return '丽水' // too short to be a detailed address
    case 'idNumber': {
      // same body, a different check character
      const wrong = '0123456789X'.split('').find((c) => c !== valid[17])!
      return valid.slice(0, 17) + wrong
    }
    case 'phone':
      return '1380000000' // 10 digits
    case 'date':
      if (field.dateRange === 'past') return shift(1)
      if (field.dateRange === 'future') return shift(-1)
      return '2026-02-29' // not a real date
    case 'region':
      return '33110' // 5 digits
    case 'select':
      return '不在选项中的值'
    case 'bankAccount':
      return '6222 0212 345' // 11 digits, as typed with spaces
  }
}

describe('item forms (001 §5.1.2–5.1.3)', () => {
  it('gives every person item a form — smart, manual and query — and no employer or institution item one', () => {
    expect(personItems.length).toBeGreaterThanOrEqual(34)
    for (const mode of ['smart', 'manual', 'query'] as const) {
      expect(personItems.some((i) => i.handlingMode === mode)).toBe(true)
    }
    for (const item of personItems) {
      expect(item.form).not.toBeNull()
      expect(formOf(item).fields.length).toBeGreaterThanOrEqual(2)
    }
    // a 法人 (unit) sign-in does not exist yet (catalog/README.md)
    expect(unitItems.length).toBeGreaterThan(0)
    for (const item of unitItems) expect(item.form).toBeNull()
  })

  it.each(personItems.map((i) => [i.id, i] as const))('%s: fields with unique keys, Chinese labels and a filling rule', (_id, item) => {
    const fields = formOf(item).fields
    const keys = fields.map((f) => f.key)
    expect(new Set(keys).size).toBe(keys.length)
    for (const f of fields) {
      expect(f.key).toMatch(/^[a-z][A-Za-z0-9]*$/)
      expect(f.label).toMatch(CHINESE_LABEL)
      expect(f.label).toMatch(CJK)
      // 001 §5.1.2: 应明示用户填报信息的具体要求 — a concrete rule in Chinese
      expect(f.rule.trim().length).toBeGreaterThanOrEqual(10)
      expect(f.rule).toMatch(CJK)
      if (f.kind === 'select') {
        // 001 §5.1.2: 菜单式选择项目，设置滑动菜单
        expect(f.options!.length).toBeGreaterThanOrEqual(2)
        expect(new Set(f.options).size).toBe(f.options!.length)
        for (const o of f.options!) expect(o.trim()).toBe(o)
      } else {
        expect(f.options).toBeUndefined()
      }
      if (f.kind === 'date') expect(['past', 'future', 'any']).toContain(f.dateRange)
      else expect(f.dateRange).toBeUndefined()
      if (f.maxLength !== undefined) expect(['text', 'longText', 'address']).toContain(f.kind)
      if (f.readonly) expect(f.prefill).toBeDefined()
      if (f.prefill === 'applicantIdNumber') expect(f).toMatchObject({ kind: 'idNumber', readonly: true })
      if (f.prefill === 'applicantPhone') expect(f.kind).toBe('phone')
      if (f.prefill === 'applicantName') expect(f.kind).toBe('text')
    }
  })

  it('starts every form with the applicant’s verified identity, read-only, and asks for a phone where a case follows', () => {
    for (const item of personItems) {
      const [name, id] = formOf(item).fields
      expect(name).toMatchObject({ kind: 'text', prefill: 'applicantName', readonly: true, required: true })
      expect(id).toMatchObject({ kind: 'idNumber', prefill: 'applicantIdNumber', readonly: true, required: true })
      if (item.handlingMode !== 'query') {
        const phone = formOf(item).fields.find((f) => f.kind === 'phone')
        expect(phone).toMatchObject({ prefill: 'applicantPhone', required: true })
        expect(phone?.readonly).toBeFalsy()
      }
    }
  })

  it('uses every field kind somewhere', () => {
    const used = new Set(personItems.flatMap((i) => formOf(i).fields.map((f) => f.kind)))
    expect([...used].sort()).toEqual([...FormFieldKindSchema.options].sort())
    const ranges = new Set(personItems.flatMap((i) => formOf(i).fields.map((f) => f.dateRange).filter(Boolean)))
    expect([...ranges].sort()).toEqual(['any', 'future', 'past'])
  })

  it('asks for a bank account where the agency pays the citizen, and for the employer where it pays the employer', () => {
    // money paid to the person: 003 §7.1.11.4 (银行账户信息), §7.1.12.4, §7.2.7.4 (社会保障卡), §7.4.1, §7.5.1, 000 §6.10.2, §6.10.4, §6.11
    const paysCitizen = [
      'account-withdrawal',
      'employee-refund',
      'resident-refund',
      'medical-reimbursement',
      'maternity-reimbursement',
      'family-planning-medical',
      'unemployed-spouse-maternity',
      'medical-aid-payment'
    ]
    for (const id of paysCitizen) {
      const fields = formOf(catalog.items.find((i) => i.id === id)!).fields
      expect(fields.find((f) => f.kind === 'bankAccount')?.required).toBe(true)
      expect(fields.find((f) => f.key === 'bankName')?.kind).toBe('select')
    }
    // 003 §7.5.2.1 / §7.5.3.1: 一次性营养补助 and 生育津贴 are paid to the employer
    for (const id of ['maternity-nutrition-subsidy', 'maternity-allowance']) {
      const fields = formOf(catalog.items.find((i) => i.id === id)!).fields
      expect(fields.some((f) => f.kind === 'bankAccount')).toBe(false)
      expect(fields.some((f) => f.key === 'employerName')).toBe(true)
    }
    // no other item asks for a bank account
    const withBank = personItems.filter((i) => formOf(i).fields.some((f) => f.kind === 'bankAccount')).map((i) => i.id)
    expect(withBank.sort()).toEqual([...paysCitizen].sort())
  })

  it.each(personItems.map((i) => [i.id, i] as const))('%s: accepts the example values, normalised', (_id, item) => {
    const values = exampleValues(formOf(item), APPLICANT, NOW)
    const check = checkForm(formOf(item), values, NOW)
    expect(check.errors).toEqual({})
    expect(check.ok).toBe(true)
    expect(check.values).toEqual(values)
    // the identity comes from the applicant
    expect(check.values.name).toBe(APPLICANT.name)
    expect(check.values.idNumber).toBe(APPLICANT.idNumber)
  })

  it('produces valid example values against the real clock too (as the E2E and the bench use them)', () => {
    for (const item of personItems) {
      expect(checkForm(formOf(item), exampleValues(formOf(item), APPLICANT), new Date()).ok).toBe(true)
    }
  })

  it.each(personItems.map((i) => [i.id, i] as const))('%s: refuses a bad value of each field, with a Chinese message on that field', (_id, item) => {
    const form = formOf(item)
    const valid = exampleValues(form, APPLICANT, NOW)
    for (const field of form.fields) {
      const check = checkForm(form, { ...valid, [field.key]: badValue(field, valid[field.key]) }, NOW)
      expect(check.ok).toBe(false)
      expect(Object.keys(check.errors)).toEqual([field.key])
      expect(check.errors[field.key]).toMatch(CJK)
    }
  })

  it.each(personItems.map((i) => [i.id, i] as const))('%s: requires required fields, lets optional ones be empty', (_id, item) => {
    const form = formOf(item)
    const valid = exampleValues(form, APPLICANT, NOW)
    for (const field of form.fields) {
      const { [field.key]: _dropped, ...without } = valid
      for (const values of [without, { ...valid, [field.key]: '   ' }]) {
        const check = checkForm(form, values, NOW)
        if (field.required) {
          expect(check.errors[field.key]).toBe(
            `请${['select', 'date', 'region'].includes(field.kind) ? '选择' : '填写'}${field.label}`
          )
        } else {
          expect(check.ok).toBe(true)
          expect(check.values[field.key]).toBeUndefined()
        }
      }
    }
  })

  it('refuses keys the form does not have', () => {
    for (const item of personItems) {
      const check = checkForm(formOf(item), { ...exampleValues(formOf(item), APPLICANT, NOW), salary: '5000' }, NOW)
      expect(check.ok).toBe(false)
      expect(Object.keys(check.errors)).toEqual(['salary'])
    }
  })

  it('makes example 身份证号 for other people that pass the GB 11643 check', () => {
    const family = formOf(catalog.items.find((i) => i.id === 'family-sharing-filing')!)
    const values = exampleValues(family, APPLICANT, NOW)
    expect(values.memberIdNumber).toBe(exampleIdNumber())
    expect(values.memberIdNumber).not.toBe(APPLICANT.idNumber)
    expect(checkForm(family, values, NOW).ok).toBe(true)
    // and a lower-case x is upper-cased
    const withX = '11010519491231002'
    expect(idNumberCheckChar(withX)).toBe('X')
    const check = checkForm(family, { ...values, memberIdNumber: `${withX}x` }, NOW)
    expect(check.values.memberIdNumber).toBe(`${withX}X`)
  })
})

describe('item materials (001 §4.1.2 申请材料目录, §5.1.2 上传要求)', () => {
  const all = catalog.items.flatMap((item) => item.guide.materials.map((m) => [`${item.id}/${m.id}`, m] as const))
  const MB = `${UPLOAD_MAX_BYTES / 1024 / 1024}MB`

  it.each(all)('%s: shows its rule — upload rule, original or copy, count, sample, common errors', (_key, m) => {
    expect(m.uploadRule).toMatch(CJK)
    expect(m.uploadRule.length).toBeGreaterThan(10)
    expect(m.count).toBeGreaterThan(0)
    expect(['original', 'copy', 'originalAndCopy', 'electronic']).toContain(m.form)
    expect(m.sample?.length).toBeGreaterThan(5)
    expect(m.commonErrors.length).toBeGreaterThan(0)
    expect(m.accept?.length).toBeGreaterThan(0)
    expect(m.maxFiles).toBeGreaterThan(0)
    // 001 §5.1.4: paper to be mailed is an original
    if (m.paper) expect(['original', 'originalAndCopy']).toContain(m.form)
  })

  it.each(all)('%s: states the same format, size and number of files the upload accepts', (_key, m) => {
    const rule = m.uploadRule
    if (/PDF/.test(rule)) expect(m.accept).toContain('pdf')
    const sizes = rule.match(/\d+ ?MB/g) ?? []
    for (const s of sizes) expect(s.replace(' ', '')).toBe(MB)
    if (/JPG/.test(rule)) {
      expect(sizes.length).toBeGreaterThan(0)
      if (m.maxFiles! > 1) expect(rule).toContain(`最多 ${m.maxFiles} 个文件`)
      else expect(rule).not.toMatch(/最多 \d+ 个文件/)
    }
  })

  it('takes photos of cards as images, both sides of a 身份证, and several pages of bills', () => {
    for (const item of catalog.items) {
      for (const m of item.guide.materials) {
        if (m.id === 'id-card') expect(m).toMatchObject({ accept: ['image'], maxFiles: 2 })
        if (['receipts', 'outpatient-list', 'inpatient-list'].includes(m.id)) {
          expect(m.accept).toEqual(['image', 'pdf'])
          expect(m.maxFiles).toBeGreaterThanOrEqual(5)
        }
        if (['discharge-summary', 'diagnosis', 'medical-records', 'discharge-and-list'].includes(m.id)) {
          expect(m.accept).toContain('pdf')
        }
      }
    }
  })
})
