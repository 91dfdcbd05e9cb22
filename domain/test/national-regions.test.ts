import { areaList } from '@vant/area-data'
import { exampleValues } from '../../catalog/examples'
import { loadCatalogFiles } from '../../catalog/index'
import { ErrorCode } from '../../contract/common'
import { regionProblems } from '../answers'
import { checkSubmission } from '../cases'
import { Catalog } from '../catalog'
import { isNationalPlace, nationalFieldKeys, nationalFullName, nationalLevel } from '../national-regions'

const catalog = Catalog.of(loadCatalogFiles())
const REGION = '331100'

describe('就医地 from every prefecture and county of China (GB/T 2260; 003 §7.6.1–7.6.3)', () => {
  it('serves the list a level at a time: provinces, the prefectures of one, the counties of one', () => {
    const provinces = nationalLevel(areaList)!
    expect(provinces).toHaveLength(34)
    expect(provinces.map((p) => p.name)).toEqual(expect.arrayContaining(['北京市', '浙江省', '上海市', '新疆维吾尔自治区']))
    expect(nationalLevel(areaList, '330000')!.map((c) => c.name)).toEqual(expect.arrayContaining(['杭州市', '丽水市']))
    expect(nationalLevel(areaList, '330100')!.find((c) => c.code === '330106')?.name).toBe('西湖区')
    // a county has no level below it; a code not in the list is not a parent
    expect(nationalLevel(areaList, '330106')).toBeNull()
    expect(nationalLevel(areaList, '999900')).toBeNull()
  })

  it('names a place in full, without a municipality twice or the 县 group of 重庆', () => {
    expect(nationalFullName(areaList, '330106')).toBe('浙江省杭州市西湖区')
    expect(nationalFullName(areaList, '310101')).toBe('上海市黄浦区')
    expect(nationalFullName(areaList, '500229')).toBe('重庆市城口县')
    expect(nationalFullName(areaList, '330100')).toBe('浙江省杭州市')
    expect(nationalFullName(areaList, '999999')).toBeNull()
  })

  it('takes a prefecture or county of the list as an answer, not a province or an unknown code', () => {
    expect(isNationalPlace(areaList, '330106')).toBe(true)
    expect(isNationalPlace(areaList, '330100')).toBe(true)
    expect(isNationalPlace(areaList, '330000')).toBe(false)
    expect(isNationalPlace(areaList, '339999')).toBe(false)
    expect(isNationalPlace(areaList, '33010')).toBe(false)
  })

  it('marks the fields that mean "anywhere in China" and keeps 参保地-like fields on the catalog regions', () => {
    const filing = catalog.itemDetail('offsite-care-filing', REGION)
    expect(nationalFieldKeys(filing.form)).toEqual(['careRegion'])
    // 户籍或居住地 stays a catalog region (the 36 sample places)
    for (const def of loadCatalogFiles().items) {
      for (const f of def.form?.fields ?? []) {
        if (f.kind !== 'region') continue
        expect([f.key, (f as { regionScope?: string }).regionScope ?? 'catalog']).toEqual([f.key, f.key === 'residenceRegion' ? 'catalog' : 'national'])
      }
    }
  })

  it('lets someone treated in 杭州 or 上海 submit a filing insured in 丽水, and refuses a code not in the list with REGION_NOT_IN_DATASET', () => {
    const filing = catalog.itemDetail('offsite-care-filing', REGION) as ReturnType<Catalog['itemDetail']> & { form: NonNullable<ReturnType<Catalog['itemDetail']>['form']> }
    const values = exampleValues(filing.form, { name: '张丽华', idNumber: '331102198803120025', phone: '13800000001' })
    const submit = (careRegion: string) =>
      checkSubmission(filing, {
        values: { ...values, filingType: '异地安置退休人员', careRegion },
        sharedVerified: ['id-card'],
        uploadedMaterialIds: [],
        paperPledge: true,
        now: new Date('2026-12-07T02:00:00Z'),
        nationalPlace: (code) => isNationalPlace(areaList, code)
      })
    expect(submit('330106').values.careRegion).toBe('330106')
    expect(submit('310101').values.careRegion).toBe('310101')
    let err: { code?: string; status?: number; fields?: Record<string, string> } = {}
    try {
      submit('339999')
    } catch (e) {
      err = e as typeof err
    }
    expect(err.code).toBe(ErrorCode.REGION_NOT_IN_DATASET)
    expect(err.status).toBe(400)
    expect(err.fields?.['values.careRegion']).toContain('就医地')
    // 就医地 ≠ 参保地 keeps working with national codes (青田县 is in 丽水市)
    expect(regionProblems(filing, { careRegion: '331121' }).careRegion).toContain('所在市以外')
  })
})
