import type { FileStorage } from '../adapters/storage/types'
import type { Db } from '../db'

/** Every column that names a stored file: a file is removed only when none of them still does. */
const REFERENCES = [
  'SELECT 1 AS one FROM uploads WHERE storage_key = ? LIMIT 1',
  'SELECT 1 AS one FROM evaluations WHERE photo_storage_key = ? LIMIT 1',
  'SELECT 1 AS one FROM result_documents WHERE storage_key = ? LIMIT 1',
  'SELECT 1 AS one FROM certificates WHERE storage_key = ? LIMIT 1'
]

/**
 * Removing stored files when their records go (a deleted draft or material, an account, a draft past retention). The
 * store is content-addressed — two uploads of the same photo share one file — so a file is deleted from disk or S3
 * only once no record refers to it any more. Call after the records' transaction has committed. A store that fails
 * is logged and left: the record is gone, and the file is no longer reachable through the app.
 */
export class StoredFiles {
  constructor(private readonly d: { db: Db; storage: FileStorage; warn?: (msg: string, err: unknown) => void }) {}

  async releaseUnused(keys: Iterable<string | null | undefined>): Promise<number> {
    let removed = 0
    for (const key of new Set([...keys].filter((k): k is string => !!k))) {
      let used = false
      for (const sql of REFERENCES) if (await this.d.db.prepare<[string], { one: number }>(sql).get(key)) used = true
      if (used) continue
      try {
        await this.d.storage.delete(key)
        removed++
      } catch (err) {
        this.d.warn?.('a stored file could not be removed', err)
      }
    }
    return removed
  }
}
