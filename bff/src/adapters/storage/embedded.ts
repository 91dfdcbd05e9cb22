import { createHash, randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileStorage } from './types'

const KEY = /^[0-9a-f]{64}$/

/**
 * Files on the local disk, content-addressed: the key is the SHA-256 of the bytes and the file lives at
 * `<dataDir>/files/ab/cd/<sha256>` (two levels of fan-out keep folders small). Identical content is stored once.
 *
 * Writes are atomic: the bytes go to a temporary file in the target folder, are flushed, then renamed into place,
 * so a crash never leaves a half-written file under a real key, and two concurrent puts of the same bytes both
 * succeed (rename replaces a file with identical content).
 */
export function createEmbeddedStorage(dataDir: string): FileStorage {
  const root = join(dataDir, 'files')
  const pathOf = (key: string): string => join(root, key.slice(0, 2), key.slice(2, 4), key)

  async function exists(path: string): Promise<boolean> {
    try {
      await access(path, constants.F_OK)
      return true
    } catch {
      return false
    }
  }

  return {
    async put(bytes: Buffer): Promise<{ key: string }> {
      const key = createHash('sha256').update(bytes).digest('hex')
      const target = pathOf(key)
      if (await exists(target)) return { key }
      const dir = join(root, key.slice(0, 2), key.slice(2, 4))
      await mkdir(dir, { recursive: true })
      const tmp = join(dir, `.tmp-${key.slice(0, 8)}-${randomBytes(6).toString('hex')}`)
      try {
        // flush: fsync before the rename, so the renamed file has its content after a power loss
        await writeFile(tmp, bytes, { flag: 'wx', flush: true })
        await rename(tmp, target)
      } catch (err) {
        await rm(tmp, { force: true })
        throw err
      }
      return { key }
    },

    async get(key: string): Promise<Buffer | null> {
      if (!KEY.test(key)) return null
      try {
        return await readFile(pathOf(key))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
    },

    async has(key: string): Promise<boolean> {
      return KEY.test(key) && exists(pathOf(key))
    }
  }
}
