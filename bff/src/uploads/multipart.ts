import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { UPLOAD_MAX_BYTES } from '../../../contract/apply'
import { errors } from '../errors'

declare module 'fastify' {
  interface FastifyRequest {
    /** the file of an upload route, read by its `readUpload` preHandler */
    upload: UploadedFile | null
  }
}

export interface UploadedFile {
  fileName: string
  bytes: Buffer
}

/** the multipart field that carries the file (contract/apply.ts: "multipart `file`") */
export const UPLOAD_FIELD = 'file'
/**
 * An optional text field sent before the file that names it: a mini-program uploads a temp file, whose name is the
 * platform's (WeChat `tmp_4f1c….jpg`), so the app sends the name the citizen sees (照片1.jpg) here.
 */
export const UPLOAD_NAME_FIELD = 'fileName'

function namedField(field: unknown): string {
  const value = field && typeof field === 'object' && 'value' in field ? (field as { value: unknown }).value : undefined
  return typeof value === 'string' ? value.trim().slice(0, 200) : ''
}

/**
 * Multipart bodies for the upload routes: one file of at most UPLOAD_MAX_BYTES, a few small text fields.
 * The limits are enforced while the body streams in, so a 50 MB body never sits in memory.
 * Browsers and the mini-program runtimes send `filename="身份证.jpg"` as raw UTF-8; @fastify/busboy decodes it as
 * UTF-8 (`defCharset`, set explicitly here so a change of default cannot garble Chinese names — see the test).
 */
export async function registerMultipart(app: FastifyInstance): Promise<void> {
  app.decorateRequest('upload', null)
  await app.register(multipart, {
    defCharset: 'utf8',
    limits: {
      files: 1,
      fileSize: UPLOAD_MAX_BYTES,
      fields: 4,
      fieldNameSize: 100,
      fieldSize: 1024,
      parts: 5,
      headerPairs: 20
    }
  })
}

function isTooLarge(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code
  return code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT'
}

/**
 * The one file of an upload request (field `file`), read into memory (at most UPLOAD_MAX_BYTES).
 *  - not multipart, no part named `file`, or an empty file part (no file chosen) → 400 UPLOAD_MISSING
 *  - larger than UPLOAD_MAX_BYTES → 413 UPLOAD_TOO_LARGE
 * The bytes are not checked here: pass them to inspectUpload.
 */
export async function readSingleFile(req: FastifyRequest): Promise<UploadedFile> {
  if (!req.isMultipart()) throw errors.uploadMissing()
  const tooLarge = (): Error => errors.uploadTooLarge(UPLOAD_MAX_BYTES / 1024 / 1024)
  let part: Awaited<ReturnType<FastifyRequest['file']>>
  try {
    part = await req.file()
  } catch (err) {
    if (isTooLarge(err)) throw tooLarge()
    throw errors.uploadMissing()
  }
  if (!part) throw errors.uploadMissing()
  if (part.fieldname !== UPLOAD_FIELD) {
    part.file.resume() // let the body drain; the request fails anyway
    throw errors.uploadMissing()
  }
  let bytes: Buffer
  try {
    bytes = await part.toBuffer()
  } catch (err) {
    if (isTooLarge(err) || part.file.truncated) throw tooLarge()
    throw errors.uploadMissing()
  }
  if (part.file.truncated) throw tooLarge()
  if (bytes.length === 0 && !part.filename) throw errors.uploadMissing()
  return { fileName: namedField(part.fields[UPLOAD_NAME_FIELD]) || part.filename || '', bytes }
}

/**
 * The preHandler of an upload route: reads the file before the route's Idempotency-Key is claimed, so a retry of
 * the same file is recognised by its bytes (plugins/idempotency.ts). The handler takes it with `uploadOf`.
 */
export async function readUpload(req: FastifyRequest): Promise<void> {
  req.upload = await readSingleFile(req)
}

export function uploadOf(req: FastifyRequest): UploadedFile {
  if (!req.upload) throw errors.uploadMissing()
  return req.upload
}
