import type { Config } from '../../config'
import { EmbeddedCaseSystem, type EmbeddedCaseSystemDeps } from './embedded'
import { HttpCaseSystem } from './http'
import type { CaseSystem } from './types'

export type { CaseSystem } from './types'
export { EmbeddedCaseSystem, type EmbeddedCaseSystemDeps } from './embedded'
export { HttpCaseSystem, type HttpCaseSystemDeps } from './http'

/** Picks the case system named by CASE_SYSTEM: the embedded one (the default), or the agency's over HTTP. */
export function createCaseSystem(config: Config['caseSystem'], deps: EmbeddedCaseSystemDeps): CaseSystem {
  switch (config.adapter) {
    case 'embedded':
      return new EmbeddedCaseSystem(deps)
    case 'http':
      return new HttpCaseSystem({ url: config.url, key: config.key, db: deps.db, drafts: deps.drafts, access: deps.access, storage: deps.storage, now: deps.now })
  }
}
