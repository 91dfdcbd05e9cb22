import { waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { ItemDetailSchema, type FormSchema, type ItemDetail } from '@contract'
import { configureMockApply } from '../../../mock'
import { resetMockApplyStore } from '../../../mock'
import { mockApi } from '../../../mock'
import { server } from '../../../mock'
import { useDraftStore } from './draftStore'
import { useUploadQueue } from './uploadQueue'

/**
 * Test fixtures of the apply screens. The items are the catalog's own (materials, mailing, time limits as the seeds
 * give them); only their form is set here, one field of every FormFieldKind, so the tests do not depend on which
 * form the catalog gives an item. Used by *.test.tsx only.
 */
export const REGION = '331102'
/** manual, paper originals to mail (001 §5.1.4), 5 working days; id-card shared-verified for the mock applicant */
export const MANUAL_ITEM = 'account-withdrawal'
/** smart (001 §5.2.2): decided at once */
export const SMART_ITEM = 'referral-filing'
/** manual, a paper result (就医凭证) delivered as chosen on its own form: 窗口自取 or 邮寄送达 with an address */
export const PAPER_RESULT_ITEM = 'medical-certificate'
/** manual, pays money; its catalog hints came with clause numbers (003 §7.4.1.x) that citizens must not see */
export const REIMBURSEMENT_ITEM = 'medical-reimbursement'
/** manual, decided at once for 其他临时外出就医人员 (a smart sub-path, 003 §7.6.3.5 b) */
export const OFFSITE_ITEM = 'offsite-care-filing'
/** items whose tests use the catalog's own form */
const CATALOG_FORMS = new Set<string>([PAPER_RESULT_ITEM, REIMBURSEMENT_ITEM, OFFSITE_ITEM])

export const ALL_KINDS_FORM: FormSchema = {
  fields: [
    { key: 'name', label: '申请人姓名', kind: 'text', required: true, rule: '与身份证上的姓名一致', prefill: 'applicantName', readonly: true },
    { key: 'idNumber', label: '申请人身份证号', kind: 'idNumber', required: true, rule: '已实名核验', prefill: 'applicantIdNumber', readonly: true },
    { key: 'phone', label: '联系电话', kind: 'phone', required: true, rule: '填写 11 位手机号，或带区号的固定电话', prefill: 'applicantPhone' },
    { key: 'insuredIdNumber', label: '参保人身份证号', kind: 'idNumber', required: true, rule: '18 位，最后一位可以是 X' },
    { key: 'reasonDate', label: '支取原因发生日期', kind: 'date', required: true, rule: '不能晚于今天', dateRange: 'past' },
    { key: 'insuredRegion', label: '参保地', kind: 'region', required: true, rule: '选择参保所在的市或县（市、区）' },
    { key: 'reason', label: '支取原因', kind: 'select', required: true, rule: '从列表中选择', options: ['出国（境）定居', '参保人死亡', '其他'] },
    { key: 'bankAccount', label: '收款银行账号', kind: 'bankAccount', required: true, rule: '申请人本人名下的银行卡号，12–30 位数字' },
    { key: 'address', label: '联系地址', kind: 'address', required: true, rule: '写到门牌号，材料退还时寄往此地址' },
    { key: 'bankName', label: '开户银行', kind: 'text', required: true, rule: '写到支行，如：中国工商银行丽水莲都支行', maxLength: 30 },
    { key: 'note', label: '情况说明', kind: 'longText', required: false, rule: '可补充说明，不超过 100 字', maxLength: 100 }
  ]
}

export const SMART_FORM: FormSchema = {
  fields: [
    { key: 'name', label: '申请人姓名', kind: 'text', required: true, rule: '与身份证上的姓名一致', prefill: 'applicantName', readonly: true },
    { key: 'hospital', label: '转往医院', kind: 'text', required: true, rule: '写医院全称', maxLength: 50 }
  ]
}

/** A catalog item with the test form. */
export async function fixtureItem(id: string, region: string): Promise<ItemDetail> {
  const base = (await mockApi()).item(id, region)
  if (CATALOG_FORMS.has(id)) return base
  const form = id === SMART_ITEM ? SMART_FORM : ALL_KINDS_FORM
  // the test form has none of the catalog form's answers: every material of the item applies to it
  const materials = base.guide.materials.map(({ when: _when, ...m }) => m)
  return ItemDetailSchema.parse({ ...base, guide: { ...base.guide, materials }, onlineApply: true, form })
}

/** Valid values for ALL_KINDS_FORM (the editable fields). */
export const VALID_VALUES: Record<string, string> = {
  phone: '13800000001',
  insuredIdNumber: '331102198803120025',
  reasonDate: '2025-06-01',
  insuredRegion: '331102',
  reason: '出国（境）定居',
  bankAccount: '6222021234567890123',
  address: '浙江省丽水市莲都区人民街 1 号',
  bankName: '中国工商银行丽水莲都支行'
}

/** Installs the fixtures for every test of a file and starts each test from nothing. */
export function installApplyFixtures(): void {
  beforeEach(() => {
    configureMockApply({ item: fixtureItem })
    server.use(
      http.get('*/api/v1/items/:id', async ({ params, request }) => {
        const region = new URL(request.url).searchParams.get('region') ?? REGION
        return HttpResponse.json(await fixtureItem(String(params.id), region))
      })
    )
    resetMockApplyStore()
    useDraftStore.getState().clear()
    useUploadQueue.setState({ tasks: {} })
    localStorage.clear()
  })
  afterEach(() => {
    configureMockApply({})
  })
}

/** Waits until the Taro input web components have rendered their native inputs (typing earlier only logs stencil noise). */
export async function waitForInputs(): Promise<void> {
  await waitFor(() => {
    for (const el of document.querySelectorAll('taro-input-core, taro-textarea-core')) {
      if (!el.querySelector('input, textarea')) throw new Error('inputs not rendered yet')
    }
  })
}
