import { rmSync } from 'node:fs'

export { freePort } from '../free-port'

/** Violations found by the drills: each one is a fault the BFF must not have. */
export class Findings {
  readonly list: string[] = []
  constructor(private readonly log: (s: string) => void) {}
  violation(s: string): void {
    this.list.push(s)
    if (this.list.length <= 50) this.log(`  VIOLATION: ${s}`)
  }
}


/** The end of a drill: stop the BFF; remove its data folder unless the drill found something (then say where it is). */
export async function endDrill(bff: { stop(): Promise<void> }, dataDir: string, f: Findings, violationsBefore: number, log: (s: string) => void): Promise<void> {
  await bff.stop()
  if (f.list.length === violationsBefore) rmSync(dataDir, { recursive: true, force: true })
  else log(`  data folder kept: ${dataDir}`)
}
