import { EmbeddedDataSharing } from './embedded'
import type { DataSharingAdapter } from './types'

export type { ChildRecord, DataSharingAdapter, DocumentKind, Enrollment, PersonRecord } from './types'
export { DOCUMENT_KINDS, MATERIAL_DOCUMENT_KINDS, NOT_PERSONAL_MATERIALS, sharedVerifiedMaterialIds } from './types'
export { EmbeddedDataSharing } from './embedded'

/** Picks the data-sharing adapter; only the embedded one (sample persons) exists so far. */
export function createDataSharingAdapter(kind: 'embedded' = 'embedded'): DataSharingAdapter {
  switch (kind) {
    case 'embedded':
      return new EmbeddedDataSharing()
  }
}
