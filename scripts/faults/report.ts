import { createServer } from 'node:net'

/** Violations found by the drills: each one is a fault the BFF must not have. */
export class Findings {
  readonly list: string[] = []
  constructor(private readonly log: (s: string) => void) {}
  violation(s: string): void {
    this.list.push(s)
    if (this.list.length <= 50) this.log(`  VIOLATION: ${s}`)
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address()
      const port = typeof a === 'object' && a ? a.port : 0
      srv.close(() => resolve(port))
    })
  })
}
