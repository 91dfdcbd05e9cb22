import { createHash } from 'node:crypto'
import { readdirSync, rmSync } from 'node:fs'
import * as realFs from 'node:fs/promises'
import { join } from 'node:path'
import { ErrorCode } from '../../../contract/common'
import { createEmbeddedStorage, type StorageFs } from '../../src/adapters/storage/embedded'
import { AppError } from '../../../domain/errors'
import { tempDir } from '../helpers'

/**
 * The disk adapter when the disk cannot take the file. A full disk cannot be made here without mounting a
 * filesystem (root only), so the adapter gets node:fs/promises with one operation replaced: it does the real
 * work as far as a full disk would let it (a partial temp file), then fails with the kernel's error code.
 */
function walk(dir: string, prefix = ''): string[] {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
}

function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall} '${path}'`), { code, syscall, path })
}

/** writes the first half of the bytes into the temp file, then fails like the disk ran out */
function failingWrite(code: string): StorageFs {
  return {
    ...realFs,
    writeFile: (async (path: string, data: Buffer, opts: object) => {
      await realFs.writeFile(path, data.subarray(0, Math.floor(data.length / 2)), opts)
      throw errnoError(code, 'write', path)
    }) as unknown as StorageFs['writeFile']
  }
}

const log: Array<{ obj: object; msg: string }> = []
const capture = { error: (obj: object, msg: string) => log.push({ obj, msg }) }

let dataDir: string
beforeEach(() => {
  dataDir = tempDir('yb-disk-')
  log.length = 0
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e
  )
}

describe('disk storage when the disk cannot take the file', () => {
  it.each(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO'])(
    '%s while writing → 503 STORAGE_UNAVAILABLE, the temp file removed, nothing stored under the key',
    async (code) => {
      const storage = createEmbeddedStorage(dataDir, { fs: failingWrite(code), log: capture })
      const bytes = Buffer.from(`参保人材料 ${code} `.repeat(500))
      const err = await rejection(storage.put(bytes))
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).status).toBe(503)
      expect((err as AppError).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
      expect((err as AppError).toBody().message).toBe('文件暂时无法保存，请稍后重新上传，已填写的内容不会丢失')
      expect((err as { cause?: NodeJS.ErrnoException }).cause?.code).toBe(code)
      expect(log).toHaveLength(1)
      expect(log[0].obj).toMatchObject({ err: { code } })
      // the partial temp file is gone, and the key has nothing (a later put with room stores it)
      expect(walk(join(dataDir, 'files'))).toEqual([])
      const key = createHash('sha256').update(bytes).digest('hex')
      const healthy = createEmbeddedStorage(dataDir)
      expect(await healthy.has(key)).toBe(false)
      expect(await healthy.get(key)).toBeNull()
      expect((await healthy.put(bytes)).key).toBe(key)
      expect((await healthy.get(key))?.equals(bytes)).toBe(true)
    }
  )

  it('a read-only or full disk already when making the folder → STORAGE_UNAVAILABLE', async () => {
    for (const code of ['EROFS', 'ENOSPC']) {
      const fs: StorageFs = {
        ...realFs,
        mkdir: (async (path: string) => {
          throw errnoError(code, 'mkdir', path)
        }) as StorageFs['mkdir']
      }
      const err = await rejection(createEmbeddedStorage(dataDir, { fs }).put(Buffer.from('x')))
      expect((err as AppError).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
    }
  })

  it('a failing rename (after the bytes were written) also removes the temp file', async () => {
    const fs: StorageFs = {
      ...realFs,
      rename: (async (from: string) => {
        throw errnoError('EIO', 'rename', from)
      }) as StorageFs['rename']
    }
    const err = await rejection(createEmbeddedStorage(dataDir, { fs }).put(Buffer.from('改名失败')))
    expect((err as AppError).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
    expect(walk(join(dataDir, 'files'))).toEqual([])
  })

  it('EIO while reading a stored file → STORAGE_UNAVAILABLE (not "no such file")', async () => {
    const { key } = await createEmbeddedStorage(dataDir).put(Buffer.from('存好的材料'))
    const fs: StorageFs = {
      ...realFs,
      readFile: (async (path: string) => {
        throw errnoError('EIO', 'read', path)
      }) as StorageFs['readFile']
    }
    const err = await rejection(createEmbeddedStorage(dataDir, { fs }).get(key))
    expect((err as AppError).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
  })

  it('other errors are not a storage outage: they stay what they are (a bug or a misconfiguration → 500)', async () => {
    const err = await rejection(createEmbeddedStorage(dataDir, { fs: failingWrite('EACCES') }).put(Buffer.from('权限')))
    expect(err).not.toBeInstanceOf(AppError)
    expect((err as NodeJS.ErrnoException).code).toBe('EACCES')
    expect(walk(join(dataDir, 'files'))).toEqual([])
  })
})
