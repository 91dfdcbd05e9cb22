import type { FormField, FormSchema } from '../contract/catalog'
import { shanghaiToday, FORM_ADDRESS_MAX, FORM_LONG_TEXT_MAX, FORM_TEXT_MAX, type FormValues } from '../contract/forms'
import { idNumberCheckChar } from '../contract/identity'

/**
 * Valid example values for any item form (001 §5.1.2–5.1.3): what a careful citizen would type. Used by the catalog
 * tests (every item's form accepts them), the E2E flows and the bench, so all three fill forms the same way.
 */
export interface ExampleApplicant {
  name: string
  idNumber: string
  phone: string
}

/** A region that exists in the shipped region tree (丽水市莲都区). */
export const EXAMPLE_REGION = '331102'
/** a region outside every sample city of the tests (浙江), for fields that must lie elsewhere */
export const EXAMPLE_CARE_REGION_ELSEWHERE = '320902'

/** A valid 身份证号 for another person (a family member), from 17 body digits and the GB 11643 check character. */
export function exampleIdNumber(body17 = '33110219600315002'): string {
  return body17 + idNumberCheckChar(body17)
}

function shiftDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function fit(value: string, max: number): string {
  return [...value].slice(0, max).join('')
}

/** A plausible text for a text field, by what its label asks for. */
function exampleText(field: FormField, applicant: ExampleApplicant): string {
  if (field.prefill === 'applicantName') return applicant.name
  const l = field.label
  if (/医疗机构|医院|购药/.test(l)) return '丽水市中心医院'
  if (/经办机构/.test(l)) return '上海市医疗保险事业管理中心'
  if (/单位/.test(l)) return '丽水市示例科技有限公司'
  if (/药品/.test(l)) return '奥希替尼片'
  if (/病种|诊断|疾病/.test(l)) return '2型糖尿病'
  if (/国家|地区/.test(l)) return '新加坡'
  if (/姓名|户名|账户名/.test(l)) return '李秀英'
  if (/变更后/.test(l)) return '浙江省丽水市莲都区人民街100号'
  return '示例内容'
}

/** One valid value for a field (non-empty even when the field is optional, so every kind gets exercised). */
export function exampleValue(field: FormField, applicant: ExampleApplicant, now: Date = new Date()): string {
  switch (field.kind) {
    case 'idNumber':
      return field.prefill === 'applicantIdNumber' ? applicant.idNumber : exampleIdNumber()
    case 'phone':
      return field.prefill === 'applicantPhone' ? applicant.phone : '13900000000'
    case 'date': {
      const today = shanghaiToday(now)
      if (field.dateRange === 'past') return shiftDays(today, -30)
      if (field.dateRange === 'future') return shiftDays(today, 30)
      return today
    }
    case 'region':
      // 异地就医: a 就医地 outside the example's city (盐城市亭湖区, 003's own city)
      return field.outsideItemCity ? EXAMPLE_CARE_REGION_ELSEWHERE : EXAMPLE_REGION
    case 'select':
      return (field.options ?? [])[0] ?? ''
    case 'bankAccount':
      return '6222021234567890123'
    case 'address':
      return fit('浙江省丽水市莲都区人民街100号3幢201室', field.maxLength ?? FORM_ADDRESS_MAX)
    case 'longText':
      return fit('因工作调动需要办理，以上情况属实，特此说明。', field.maxLength ?? FORM_LONG_TEXT_MAX)
    case 'text':
    default:
      return fit(exampleText(field, applicant), field.maxLength ?? FORM_TEXT_MAX)
  }
}

/** Valid values for every field of a form, prefilled fields from the applicant's identity. */
export function exampleValues(form: FormSchema, applicant: ExampleApplicant, now: Date = new Date()): FormValues {
  const values: FormValues = {}
  for (const field of form.fields) values[field.key] = exampleValue(field, applicant, now)
  return values
}
