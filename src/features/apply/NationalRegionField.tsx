import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { FormField, NationalPlace } from '@contract'
import { fetchNationalRegions } from '@/shared/region/api'
import { ChoicePicker } from '@/shared/ui/Picker'
import { nationalFullName } from '../../../domain/national-regions'

/**
 * A place anywhere in China (就医地, 转往地: 003 §7.6.1–7.6.3) picked 省 → 市 → 县（区） from the national GB/T 2260
 * list, one slide menu per level (001 §5.1.2 滑动菜单). Each level is loaded from the BFF when its parent is chosen
 * (a few KB; never the whole list in the package or in one setData). The value is the 6-digit code of the county, or
 * of the prefecture when it has no counties under it; a new province or prefecture clears what was below it.
 */
export function NationalRegionField(props: {
  field: FormField
  value: string
  invalid: boolean
  onChange: (value: string) => void
  onBlur: (value: string) => void
  row: (text: string, placeholder: string) => JSX.Element
}) {
  const { field, value, invalid, onChange, onBlur, row } = props
  const [province, setProvince] = useState(value ? `${value.slice(0, 2)}0000` : '')
  const [city, setCity] = useState(value ? `${value.slice(0, 4)}00` : '')
  const provinces = useLevel(undefined)
  const cities = useLevel(province || null)
  const counties = useLevel(city || null)
  const failed = provinces.failed || cities.failed || counties.failed

  const pick = (v: string) => {
    onChange(v)
    onBlur(v)
  }
  const column = (level: string, list: NationalPlace[], chosen: string, choose: (code: string) => void, enabled: boolean) => {
    const index = list.findIndex((p) => p.code === chosen)
    const shown = index >= 0 ? list[index].name : ''
    const placeholder = enabled ? `请选择${level}` : `请先选择上一级`
    return (
      <ChoicePicker
        mode='selector'
        label={`${field.label}（${level}）`}
        display={shown || placeholder}
        invalid={invalid && !shown}
        options={list.map((p) => p.name)}
        index={index}
        onPick={(i) => list[i] && choose(list[i].code)}
      >
        {row(shown, placeholder)}
      </ChoicePicker>
    )
  }

  return (
    <View className='apply-national-region'>
      {column('省', provinces.list, province, (code) => {
        if (code === province) return
        setProvince(code)
        setCity('')
        pick('')
      }, true)}
      {column('市', cities.list, city, (code) => {
        if (code === city) return
        setCity(code)
        pick('')
      }, Boolean(province))}
      {city && !counties.loading && counties.list.length === 0 && !counties.failed
        ? null
        : column('县（区）', counties.list, value, (code) => pick(code), Boolean(city))}
      {failed ? <View className='apply-field__hint'>地区列表加载失败，请检查网络后重新选择</View> : null}
      <CityAsAnswer city={city} counties={counties} value={value} pick={pick} />
    </View>
  )
}

/** A prefecture without counties (the list has none under it) is the answer itself. */
function CityAsAnswer(props: { city: string; counties: Level; value: string; pick: (v: string) => void }) {
  const { city, counties, value, pick } = props
  const noCounties = Boolean(city) && !counties.loading && !counties.failed && counties.list.length === 0
  useEffect(() => {
    if (noCounties && value !== city) pick(city)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [noCounties, city])
  return null
}

interface Level {
  list: NationalPlace[]
  loading: boolean
  failed: boolean
}

function useLevel(parent: string | null | undefined): Level {
  const [state, setState] = useState<Level>({ list: [], loading: parent !== null, failed: false })
  useEffect(() => {
    if (parent === null) {
      setState({ list: [], loading: false, failed: false })
      return
    }
    let alive = true
    setState((s) => ({ ...s, loading: true, failed: false }))
    fetchNationalRegions(parent)
      .then((list) => alive && setState({ list, loading: false, failed: false }))
      .catch(() => alive && setState({ list: [], loading: false, failed: true }))
    return () => {
      alive = false
    }
  }, [parent])
  return state
}

/**
 * 浙江省杭州市西湖区 for a national code (confirm screen, read-only rows): the three levels it lies under, loaded as
 * the picker loads them, named by the same rule as the BFF's (domain/national-regions.ts).
 */
export function useNationalPlaceName(code: string, enabled: boolean): string | null {
  const [name, setName] = useState<string | null>(null)
  useEffect(() => {
    if (!enabled || !/^\d{6}$/.test(code)) {
      setName(null)
      return
    }
    let alive = true
    const province = `${code.slice(0, 2)}0000`
    const city = `${code.slice(0, 4)}00`
    Promise.all([fetchNationalRegions(), fetchNationalRegions(province), code === city ? Promise.resolve([]) : fetchNationalRegions(city)])
      .then(([ps, cs, ks]) => {
        const byCode = (list: NationalPlace[]) => Object.fromEntries(list.map((x) => [x.code, x.name]))
        if (alive) setName(nationalFullName({ province_list: byCode(ps), city_list: byCode(cs), county_list: byCode(ks) }, code))
      })
      .catch(() => alive && setName(null))
    return () => {
      alive = false
    }
  }, [code, enabled])
  return name
}

/** A national place's full name as text (the code itself until the levels have loaded, or when they cannot). */
export function NationalPlaceName({ code }: { code: string }) {
  return <>{useNationalPlaceName(code, true) ?? code}</>
}
