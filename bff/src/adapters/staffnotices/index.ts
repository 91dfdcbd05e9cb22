import type { Db } from '../../db'
import { EmbeddedStaffNotifier } from './embedded'
import type { StaffNotifier } from './types'

export type { StaffNotice, StaffNoticeKind, StaffNotifier } from './types'
export { EmbeddedStaffNotifier } from './embedded'

/** The staff notification channel: the embedded outbox (the only one shipped; an agency adds its own). */
export function createStaffNotifier(kind: 'embedded', deps: { db: Db }): StaffNotifier {
  switch (kind) {
    case 'embedded':
      return new EmbeddedStaffNotifier(deps.db)
  }
}
