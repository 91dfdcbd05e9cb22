import { areaList } from '@vant/area-data'
import { isNationalPlace, nationalFullName, nationalLevel, type NationalPlace } from '../../../domain/national-regions'

/**
 * The national GB/T 2260 list from @vant/area-data (MIT; 34 provinces, 369 prefectures, 3 479 counties; the most
 * used of the npm copies and a flat code → name map per level, so a level is a prefix filter). Static for the
 * process: the BFF serves it a level at a time and checks national form answers against it.
 */
export const nationalRegions = {
  level: (parent?: string): NationalPlace[] | null => nationalLevel(areaList, parent),
  isPlace: (code: string): boolean => isNationalPlace(areaList, code),
  fullName: (code: string): string | null => nationalFullName(areaList, code)
}
