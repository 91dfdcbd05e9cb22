import type { DataSharingAdapter } from '../datasharing/types'
import { EmbeddedRecordAdapter } from './embedded'
import type { RecordAdapter, RegionLookup } from './types'

export type { RecordAccount, RecordAdapter, RecordEnrollment, RecordFamilySharing, RegionLookup } from './types'
export { EmbeddedRecordAdapter, Prng } from './embedded'

/** Picks the record adapter; only the embedded one (generated, deterministic data) exists so far. */
export function createRecordAdapter(kind: 'embedded', deps: { dataSharing: DataSharingAdapter; region: RegionLookup }): RecordAdapter {
  switch (kind) {
    case 'embedded':
      return new EmbeddedRecordAdapter(deps)
  }
}
