import { createHash } from 'node:crypto'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createEmbeddedStorage } from '../../src/adapters/storage/embedded'
import { tempDir } from '../helpers'

/** every file under dir, relative paths */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]
  )
}

describe('embedded file storage (content-addressed)', () => {
  let dataDir: string
  beforeEach(() => {
    dataDir = tempDir('yb-storage-')
  })
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('stores under files/ab/cd/<sha256> and reads the bytes back', async () => {
    const storage = createEmbeddedStorage(dataDir)
    const bytes = Buffer.from('身份证正面照片的字节')
    const sha = createHash('sha256').update(bytes).digest('hex')
    const { key } = await storage.put(bytes)
    expect(key).toBe(sha)
    expect(existsSync(join(dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(true)
    expect((await storage.get(key))?.equals(bytes)).toBe(true)
    expect(await storage.has(key)).toBe(true)
  })

  it('keeps the same content once, also for concurrent puts, and leaves no temporary files', async () => {
    const storage = createEmbeddedStorage(dataDir)
    const bytes = Buffer.alloc(256 * 1024, 7)
    const keys = await Promise.all([1, 2, 3, 4, 5].map(() => storage.put(bytes)))
    expect(new Set(keys.map((k) => k.key)).size).toBe(1)
    await storage.put(Buffer.from(bytes))
    await storage.put(Buffer.from('other'))
    const files = walk(join(dataDir, 'files'))
    expect(files).toHaveLength(2)
    expect(files.some((f) => f.includes('.tmp-'))).toBe(false)
  })

  it('survives a new instance on the same folder (nothing kept in memory)', async () => {
    const { key } = await createEmbeddedStorage(dataDir).put(Buffer.from('result.pdf'))
    const again = createEmbeddedStorage(dataDir)
    expect((await again.get(key))?.toString()).toBe('result.pdf')
  })

  it('unknown keys give null/false; keys that are not hashes never touch the disk outside files/', async () => {
    const storage = createEmbeddedStorage(dataDir)
    const unknown = 'a'.repeat(64)
    expect(await storage.get(unknown)).toBeNull()
    expect(await storage.has(unknown)).toBe(false)
    for (const bad of ['../../etc/passwd', 'ab/cd/../../x', '', 'A'.repeat(64), `${unknown}/..`]) {
      expect(await storage.get(bad)).toBeNull()
      expect(await storage.has(bad)).toBe(false)
    }
  })
})
