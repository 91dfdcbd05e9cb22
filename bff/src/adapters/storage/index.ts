import type { Config } from '../../config'
import { createEmbeddedStorage } from './embedded'
import { createS3Storage } from './s3'
import type { FileStorage, StorageLog } from './types'

export type { FileStorage, StorageLog } from './types'

/** STORAGE=disk (default): files under DATA_DIR/files; STORAGE=s3: the S3-compatible store the S3_* variables name. */
export function createStorage(
  config: Pick<Config, 'storage' | 'dataDir' | 's3'>,
  log?: StorageLog
): FileStorage {
  if (config.storage === 's3') {
    const s3 = config.s3
    if (!s3) throw new Error('STORAGE=s3 needs the S3_* settings (config.s3)')
    return createS3Storage({ ...s3, log })
  }
  return createEmbeddedStorage(config.dataDir, { log })
}
