import { EmbeddedEvaluationSystem, type EvaluationDeps } from './embedded'
import type { EvaluationSystem } from './types'

export type { EvaluationSystem, PlatformRecord, PlatformRecordKind } from './types'
export { PLATFORM_RECORD_KINDS } from './types'
export { EmbeddedEvaluationSystem, type EvaluationDeps, type EvaluationGrants } from './embedded'

/** Picks the 好差评 system named by EVALUATION_SYSTEM; the embedded one is the default. */
export function createEvaluationSystem(kind: 'embedded', deps: EvaluationDeps): EvaluationSystem {
  switch (kind) {
    case 'embedded':
      return new EmbeddedEvaluationSystem(deps)
  }
}
