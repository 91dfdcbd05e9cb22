// s3rver ships no types: the part of its API scripts/s3rver.ts uses
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  interface S3rverOptions {
    directory: string
    silent?: boolean
    configureBuckets?: Array<{ name: string }>
    allowMismatchedSignatures?: boolean
  }

  export default class S3rver {
    constructor(options: S3rverOptions)
    configureBuckets(): Promise<void>
    callback(): (req: IncomingMessage, res: ServerResponse) => void
  }
}
