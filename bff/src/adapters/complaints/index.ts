import { EmbeddedComplaintSystem, type ComplaintDeps } from './embedded'
import type { ComplaintSystem } from './types'

export type { ComplaintSystem } from './types'
export { EmbeddedComplaintSystem, type ComplaintDeps } from './embedded'

/** Picks the complaint system named by COMPLAINT_SYSTEM; the embedded one is the default. */
export function createComplaintSystem(kind: 'embedded', deps: ComplaintDeps): ComplaintSystem {
  switch (kind) {
    case 'embedded':
      return new EmbeddedComplaintSystem(deps)
  }
}
