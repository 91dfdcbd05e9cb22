import { useEffect, useRef, useState } from 'react'
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { RegionLevel } from '@contract'
import { taroJSONStorage } from '../storage'

/**
 * The region the citizen is in (001 §5.1.1: 选择地区 → 办事部门 → 事项; every guide belongs to one region).
 * Remembered across restarts in Taro storage. Until the citizen picks one, the app uses DEFAULT_REGION and says so.
 */
export interface SelectedRegion {
  code: string
  name: string
  /** e.g. 浙江省丽水市莲都区 */
  fullName: string
  level: RegionLevel
}

/** 丽水市: the city of DB3311/T 124—2020 (001), the core specification of this product. */
export const DEFAULT_REGION: SelectedRegion = { code: '331100', name: '丽水市', fullName: '浙江省丽水市', level: 'city' }

interface RegionState {
  /** null until the citizen chooses */
  selected: SelectedRegion | null
  setRegion: (r: SelectedRegion) => void
}

export const REGION_STORAGE_KEY = 'yb.region'

export const useRegionStore = create<RegionState>()(
  persist(
    (set) => ({
      selected: null,
      setRegion: (selected) => set({ selected })
    }),
    { name: REGION_STORAGE_KEY, version: 1, storage: taroJSONStorage(), partialize: (s) => ({ selected: s.selected }) }
  )
)

/** The region in effect and whether it is the default (not chosen). */
export function useCurrentRegion(): { region: SelectedRegion; chosen: boolean } {
  const selected = useRegionStore((s) => s.selected)
  return { region: selected ?? DEFAULT_REGION, chosen: selected !== null }
}

/**
 * The region a region-dependent screen shows: the page's `region` param when it was opened with one (a shared
 * link), until the citizen switches region — from then on the chosen one.
 */
export function useRegionCode(param?: string): string {
  const { region } = useCurrentRegion()
  const [pinned, setPinned] = useState(param)
  const seen = useRef(region.code)
  useEffect(() => {
    if (region.code !== seen.current) {
      seen.current = region.code
      setPinned(undefined)
    }
  }, [region.code])
  return pinned ?? region.code
}
