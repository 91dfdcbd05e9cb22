import { createHash, randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import * as nodeFs from 'node:fs/promises'
import { join } from 'node:path'
import { errors } from '../../errors'
import type { FileStorage, StorageLog } from './types'

const KEY = /^[0-9a-f]{64}$/

/** The file operations the disk adapter uses (node:fs/promises; tests pass one that fails like a full disk). */
export type StorageFs = Pick<typeof nodeFs, 'access' | 'mkdir' | 'readFile' | 'rename' | 'rm' | 'writeFile'>

/**
 * Errors that mean the disk cannot take (or give back) files right now — full, over quota, mounted read-only,
 * failing hardware — rather than a bug: the citizen is told to try again later (503 STORAGE_UNAVAILABLE).
 */
const UNAVAILABLE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO'])

function isUnavailable(err: unknown): boolean {
  return UNAVAILABLE_CODES.has((err as NodeJS.ErrnoException | null)?.code ?? '')
}

/** `errors.storageUnavailable()` carrying the disk error as `cause` (for the logs, never sent to the client). */
function unavailable(err: unknown, log: StorageLog | undefined, what: string): Error {
  log?.error({ err }, `file storage unavailable (${what})`)
  return Object.assign(errors.storageUnavailable(), { cause: err })
}

/**
 * Files on the local disk, content-addressed: the key is the SHA-256 of the bytes and the file lives at
 * `<dataDir>/files/ab/cd/<sha256>` (two levels of fan-out keep folders small). Identical content is stored once.
 *
 * Writes are atomic: the bytes go to a temporary file in the target folder, are flushed, then renamed into place,
 * so a crash never leaves a half-written file under a real key, and two concurrent puts of the same bytes both
 * succeed (rename replaces a file with identical content).
 *
 * A full, over-quota, read-only or failing disk (ENOSPC, EDQUOT, EROFS, EIO) surfaces as 503 STORAGE_UNAVAILABLE
 * and leaves no temporary file behind.
 */
export function createEmbeddedStorage(dataDir: string, opts: { fs?: StorageFs; log?: StorageLog } = {}): FileStorage {
  const fs = opts.fs ?? nodeFs
  const log = opts.log
  const root = join(dataDir, 'files')
  const pathOf = (key: string): string => join(root, key.slice(0, 2), key.slice(2, 4), key)

  async function exists(path: string): Promise<boolean> {
    try {
      await fs.access(path, constants.F_OK)
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
      try {
        await fs.mkdir(dir, { recursive: true, mode: 0o700 })
      } catch (err) {
        throw isUnavailable(err) ? unavailable(err, log, 'mkdir') : err
      }
      const tmp = join(dir, `.tmp-${key.slice(0, 8)}-${randomBytes(6).toString('hex')}`)
      try {
        // flush: fsync before the rename, so the renamed file has its content after a power loss
        await fs.writeFile(tmp, bytes, { flag: 'wx', flush: true, mode: 0o600 })
        await fs.rename(tmp, target)
      } catch (err) {
        await fs.rm(tmp, { force: true }).catch(() => undefined)
        throw isUnavailable(err) ? unavailable(err, log, 'write') : err
      }
      return { key }
    },

    async get(key: string): Promise<Buffer | null> {
      if (!KEY.test(key)) return null
      try {
        return await fs.readFile(pathOf(key))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw isUnavailable(err) ? unavailable(err, log, 'read') : err
      }
    },

    async has(key: string): Promise<boolean> {
      return KEY.test(key) && exists(pathOf(key))
    },

    async delete(key: string): Promise<void> {
      if (!KEY.test(key)) return
      try {
        await fs.rm(pathOf(key), { force: true })
      } catch (err) {
        throw isUnavailable(err) ? unavailable(err, log, 'delete') : err
      }
    }
  }
}
