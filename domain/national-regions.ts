/**
 * The national region list (GB/T 2260 codes: province → prefecture → county) for form fields that mean "anywhere in
 * China" (异地就医's 就医地, 转往地, 003 §7.6.1–7.6.3). The dataset is passed in (the BFF and the mocks load
 * @vant/area-data); nothing here imports it, so the app never carries the 3 479 counties in a mini-program package.
 */
export interface AreaDataset {
  province_list: Record<string, string>
  city_list: Record<string, string>
  county_list: Record<string, string>
}

export interface NationalPlace {
  code: string
  name: string
}

const sorted = (rec: Record<string, string>, prefix: string): NationalPlace[] =>
  Object.entries(rec)
    .filter(([code]) => code.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, name]) => ({ code, name }))

/**
 * One level of the list: the provinces (no parent), the prefectures of a province, the counties of a prefecture.
 * null when the parent is not a province or prefecture of the dataset.
 */
export function nationalLevel(data: AreaDataset, parent?: string): NationalPlace[] | null {
  if (!parent) return sorted(data.province_list, '')
  if (data.province_list[parent]) return sorted(data.city_list, parent.slice(0, 2))
  if (data.city_list[parent]) return sorted(data.county_list, parent.slice(0, 4))
  return null
}

/**
 * A prefecture or county of the dataset: the guides ask for 就医地 / 转入地 as 所在的市或县（区）, so either level is an
 * answer; a province alone, or a code the list does not hold, is not.
 */
export function isNationalPlace(data: AreaDataset, code: string): boolean {
  return /^\d{6}$/.test(code) && (data.county_list[code] !== undefined || data.city_list[code] !== undefined)
}

/**
 * 浙江省杭州市西湖区: a municipality's prefecture repeats the province (北京市 / 北京市) and the dataset names
 * Chongqing's county group 县; neither is written twice or shown.
 */
export function nationalFullName(data: AreaDataset, code: string): string | null {
  const county = data.county_list[code]
  const city = data.city_list[code] ?? data.city_list[`${code.slice(0, 4)}00`]
  const province = data.province_list[`${code.slice(0, 2)}0000`]
  if (!province) return null
  if (!county && !data.city_list[code] && !data.province_list[code]) return null
  const cityPart = data.province_list[code] || !city || city === province || city === '县' || city === '市辖区' ? '' : city
  return `${province}${cityPart}${county ?? ''}`
}

/** Form fields that take a place from the national list (the catalog marks them `regionScope: 'national'`). */
export function nationalFieldKeys(form: { fields: readonly { key: string; kind: string; regionScope?: string }[] } | null | undefined): string[] {
  return (form?.fields ?? []).filter((f) => f.kind === 'region' && f.regionScope === 'national').map((f) => f.key)
}
