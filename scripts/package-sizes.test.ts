import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** scripts/package-sizes.mjs: WeChat's 2 MB limit per package (main = everything outside subpackage roots). */
const SCRIPT = join(__dirname, 'package-sizes.mjs')
let dir: string

function file(rel: string, bytes: number): void {
  const p = join(dir, rel)
  mkdirSync(dirname(p), { recursive: true })
  writeFileSync(p, Buffer.alloc(bytes, 97))
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, dir, '--json', ...args], { encoding: 'utf8' })
  return { status: r.status, out: r.stdout ? (JSON.parse(r.stdout) as { packages: Array<{ package: string; bytes: number; over: boolean }> }) : null, err: r.stderr }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yb-sizes-'))
  writeFileSync(
    join(dir, 'app.json'),
    JSON.stringify({ pages: ['pages/home/index'], subPackages: [{ root: 'packages/catalog', pages: ['pages/guide/index'] }, { root: 'packages/region/', pages: ['pages/picker/index'] }] })
  )
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('package-sizes', () => {
  it('sums the main package and each subpackage, leaving out source maps and project files', () => {
    file('app.js', 1000)
    file('pages/home/index.js', 500)
    file('app.js.map', 99999)
    file('project.config.json', 300)
    file('packages/catalog/pages/guide/index.js', 2000)
    file('packages/catalog/sub-vendors.js', 48)
    file('packages/region/pages/picker/index.js', 700)
    file('packages/regionx/other.js', 10) // not under "packages/region/": main
    const { status, out } = run()
    expect(status).toBe(0)
    const size = Object.fromEntries(out!.packages.map((p) => [p.package, p.bytes]))
    const appJson = JSON.stringify({ pages: ['pages/home/index'], subPackages: [{ root: 'packages/catalog', pages: ['pages/guide/index'] }, { root: 'packages/region/', pages: ['pages/picker/index'] }] })
    expect(size).toEqual({ main: 1000 + 500 + 10 + Buffer.byteLength(appJson), 'packages/catalog': 2048, 'packages/region': 700 })
  })

  it('exits 1 and names the package when one is over the limit', () => {
    file('app.js', 10)
    file('packages/catalog/big.js', 3 * 1024)
    const { status, out, err } = run('--limit-kb', '2')
    expect(status).toBe(1)
    expect(out!.packages.find((p) => p.package === 'packages/catalog')!.over).toBe(true)
    expect(out!.packages.find((p) => p.package === 'main')!.over).toBe(false)
    expect(err).toContain('packages/catalog')
  })

  it('holds the main package to its own, tighter limit (--main-limit-kb)', () => {
    file('app.js', 3 * 1024)
    const { status, out, err } = run('--main-limit-kb', '2')
    expect(status).toBe(1)
    expect(out!.packages.find((p) => p.package === 'main')!.over).toBe(true)
    expect(out!.packages.find((p) => p.package === 'packages/catalog')!.over).toBe(false)
    expect(err).toContain('main')
  })

  it('exits 2 when there is no build', () => {
    rmSync(join(dir, 'app.json'))
    expect(run().status).toBe(2)
  })
})
