import { createHash } from 'node:crypto'
import { inflateSync, constants as zlibConstants } from 'node:zlib'
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFObject } from '@cantoo/pdf-lib'
import { filetypeinfo } from 'magic-bytes.js'
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp'
import {
  UPLOAD_MAX_PIXELS,
  UPLOAD_MAX_SIDE,
  UPLOAD_MIN_SIDE,
  UPLOAD_TARGET_BYTES
} from '../../../contract/apply'
import { errors } from '../../../domain/errors'
import { checkUploadKind } from '../../../domain/uploads'
import { ANALYSIS_LONG_SIDE, measurePhoto, type PhotoMeasures } from '../../../domain/photo-check'

/**
 * Checking and normalising a material a citizen uploads (001 §5.1.2 "上传材料项目，应明示相应电子文档或照片的具体要求":
 * the requirements below are what the app states next to each upload, and what the BFF enforces).
 *
 * Rules:
 *  - The type comes from the bytes (magic numbers) only — never from the file name or the claimed content type.
 *    Photos: JPEG, PNG, WebP and HEIC/HEIF (AVIF). PDF only for materials whose `accept` includes 'pdf'.
 *    Anything else → 415 UPLOAD_TYPE_UNSUPPORTED saying what is allowed.
 *  - More than UPLOAD_MAX_BYTES → 413 UPLOAD_TOO_LARGE.
 *  - Image dimensions are read from the header before any pixel is decoded: a side over UPLOAD_MAX_SIDE, more than
 *    UPLOAD_MAX_PIXELS pixels, or a side under UPLOAD_MIN_SIDE → 422 UPLOAD_DIMENSIONS. This refuses decompression
 *    bombs (a tiny file that claims 30000×30000) without allocating their pixels; sharp's `limitInputPixels` is set
 *    as a second guard.
 *  - Truncated or corrupt images → 422 UPLOAD_CORRUPT: any decoder warning fails (sharp `failOn: 'warning'`), so an
 *    image that only decodes with grey blocks in place of damaged data is refused, not stored.
 *  - Every image is re-encoded: rotated upright by its EXIF orientation, all metadata dropped (EXIF with GPS position,
 *    camera serials, XMP, ICC comments), long side capped at MAX_LONG_SIDE.
 *      · JPEG, WebP, HEIC → JPEG (libjpeg-turbo, quality 82, optimised Huffman tables; mozjpeg made files ~9 %
 *        smaller but took 14× the CPU — 1.1 s against 80 ms for a 1920×2560 page — which on a 2-core server capped
 *        uploads at a few per second's load test). If that is over UPLOAD_TARGET_BYTES (1 MB) the photo is
 *        encoded once more at a 2048 px long side and quality 75 — still legible for documents — and the smaller kept.
 *      · PNG stays PNG (screenshots and scans of printed pages compress well and stay sharp) unless the re-encoded
 *        PNG is over UPLOAD_TARGET_BYTES: then it is a photo saved as PNG and is stored as JPEG like the above
 *        (transparency flattened onto white).
 *  - PDF (when accepted) is stored byte for byte after checks: `%PDF-` header, `%%EOF` near the end; it must parse
 *    (pdf-lib, the @cantoo fork) into a document of at least one page, not encrypted; and no object of it — parsed
 *    object streams and incremental updates included, names with #xx escapes decoded — may be JavaScript, a launch,
 *    import, submit or embedded-go-to action, an embedded file or file attachment, rich media or an XFA form. The raw
 *    bytes are also scanned for those names (a second, independent look at what the parser might have skipped).
 *  - Every stored photo is measured by the photo pre-check (domain/photo-check — the same code the app runs before
 *    sending): the re-encoded image, decoded again scaled to ANALYSIS_LONG_SIDE. The measures go back with the upload;
 *    the caller judges them (it knows the owner's other photos, for duplicates) and stores the warnings.
 *  - `fileName` is the citizen's name for the file, cleaned (no folders, control or bidi characters, at most 80
 *    characters) with the extension of the stored type (photo.heic stored as JPEG → photo.jpg).
 */

export type UploadAccept = 'image' | 'pdf'
export type StoredMime = 'image/jpeg' | 'image/png' | 'application/pdf'

export interface InspectedUpload {
  mime: StoredMime
  /** the bytes to store (re-encoded for images, as sent for PDF) */
  bytes: Buffer
  size: number
  width: number | null
  height: number | null
  /** SHA-256 (hex) of `bytes` */
  sha256: string
  fileName: string
  /** photos: the pre-check's measures of the stored image; null for PDFs */
  photo: PhotoMeasures | null
}

/** the long side of stored photos; enough to read an ID card or an invoice at full page */
export const MAX_LONG_SIDE = 2560
const JPEG_QUALITY = 82
/** second attempt for photos over UPLOAD_TARGET_BYTES */
const FALLBACK_LONG_SIDE = 2048
const FALLBACK_JPEG_QUALITY = 75

type Kind = 'jpeg' | 'png' | 'webp' | 'heif' | 'pdf'

/** ISO-BMFF brands of HEIF images (HEIC from phones, and AVIF) */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'])

/** What the bytes are, from their first bytes only. */
export function sniff(bytes: Buffer): Kind | null {
  const head = bytes.subarray(0, 64)
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(head.toString('latin1', 8, 12))) {
    return 'heif'
  }
  const names = new Set(filetypeinfo(head).map((t) => t.typename))
  if (names.has('jpg')) return 'jpeg'
  if (names.has('png')) return 'png'
  if (names.has('webp')) return 'webp'
  if (names.has('heif')) return 'heif'
  if (names.has('pdf')) return 'pdf'
  return null
}

export async function inspectUpload(
  bytes: Buffer,
  opts: { accept: UploadAccept[]; fileName: string }
): Promise<InspectedUpload> {
  const kind = bytes.length > 0 ? sniff(bytes) : null
  checkUploadKind(bytes.length, kind === null ? null : kind === 'pdf' ? 'pdf' : 'image', opts.accept)
  if (kind === 'pdf') {
    await checkPdf(bytes)
    return finish(bytes, 'application/pdf', null, null, opts.fileName, null)
  }
  const img = await reencodeImage(bytes, kind!)
  return finish(img.bytes, img.mime, img.width, img.height, opts.fileName, await measureStored(img.bytes))
}

/** The pre-check's measures of a stored (re-encoded) photo; JPEG shrink-on-load makes the scaled decode cheap. */
export async function measureStored(stored: Buffer): Promise<PhotoMeasures> {
  const { data, info } = await sharp(stored)
    .resize({ width: ANALYSIS_LONG_SIDE, height: ANALYSIS_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return measurePhoto({ width: info.width, height: info.height, data, channels: 3 })
}

function finish(
  out: Buffer,
  mime: StoredMime,
  width: number | null,
  height: number | null,
  fileName: string,
  photo: PhotoMeasures | null
): InspectedUpload {
  return {
    photo,
    mime,
    bytes: out,
    size: out.length,
    width,
    height,
    sha256: createHash('sha256').update(out).digest('hex'),
    fileName: cleanFileName(fileName, mime)
  }
}

// ---------- images ----------

interface Encoded {
  bytes: Buffer
  mime: 'image/jpeg' | 'image/png'
  width: number
  height: number
}

/** sharp's header read: no pixels are decoded, so a bomb's claimed size costs nothing. */
async function headerSize(bytes: Buffer, kind: Kind): Promise<{ width: number; height: number }> {
  let meta: Metadata
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    if (kind === 'heif') throw errors.uploadHeicUnsupported()
    throw errors.uploadCorrupt('图片')
  }
  if (!meta.width || !meta.height) throw errors.uploadCorrupt('图片')
  return { width: meta.width, height: meta.height }
}

function checkDimensions({ width, height }: { width: number; height: number }): void {
  if (width > UPLOAD_MAX_SIDE || height > UPLOAD_MAX_SIDE || width * height > UPLOAD_MAX_PIXELS) {
    throw errors.uploadTooBig(UPLOAD_MAX_SIDE, UPLOAD_MAX_PIXELS / 10_000)
  }
  if (Math.min(width, height) < UPLOAD_MIN_SIDE) throw errors.uploadTooSmall(UPLOAD_MIN_SIDE)
}

async function reencodeImage(bytes: Buffer, kind: Kind): Promise<Encoded> {
  checkDimensions(await headerSize(bytes, kind))

  // Decode once: upright, capped, 8 bits per channel, no metadata (sharp drops metadata unless asked to keep it).
  // Any decoder warning fails it (corrupt data in the middle of a JPEG decodes to grey blocks otherwise, and would be
  // stored as if it were the citizen's paper), except the one harmless warning some phone cameras cause.
  const decode = (failOn: 'warning' | 'truncated'): Promise<{ data: Buffer; info: OutputInfo }> =>
    sharp(bytes, { limitInputPixels: UPLOAD_MAX_PIXELS, failOn, sequentialRead: true })
      .autoOrient()
      .resize({ width: MAX_LONG_SIDE, height: MAX_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  let raw: { data: Buffer; info: OutputInfo }
  try {
    raw = await decode('warning').catch((err: unknown) => {
      if (err instanceof Error && /extraneous bytes before marker/i.test(err.message)) return decode('truncated')
      throw err
    })
  } catch (err) {
    const message = err instanceof Error ? err.message : ''
    if (/pixel limit/i.test(message)) throw errors.uploadTooBig(UPLOAD_MAX_SIDE, UPLOAD_MAX_PIXELS / 10_000)
    if (kind === 'heif' && /codec|plugin|unsupported|compression/i.test(message)) throw errors.uploadHeicUnsupported()
    throw errors.uploadCorrupt('图片')
  }
  const { width, height, channels } = raw.info
  const pixels = (): Sharp => sharp(raw.data, { raw: { width, height, channels } })

  if (kind === 'png') {
    const png = await pixels().png().toBuffer()
    if (png.length <= UPLOAD_TARGET_BYTES) return { bytes: png, mime: 'image/png', width, height }
  }

  const toJpeg = (s: Sharp, quality: number): Promise<{ data: Buffer; info: OutputInfo }> =>
    s.flatten({ background: '#ffffff' }).jpeg({ quality, optimiseCoding: true }).toBuffer({ resolveWithObject: true })
  let best = await toJpeg(pixels(), JPEG_QUALITY)
  if (best.data.length > UPLOAD_TARGET_BYTES && Math.max(width, height) > FALLBACK_LONG_SIDE) {
    const smaller = await toJpeg(
      pixels().resize({ width: FALLBACK_LONG_SIDE, height: FALLBACK_LONG_SIDE, fit: 'inside' }),
      FALLBACK_JPEG_QUALITY
    )
    if (smaller.data.length < best.data.length) best = smaller
  }
  return { bytes: best.data, mime: 'image/jpeg', width: best.info.width, height: best.info.height }
}

// ---------- PDF ----------

/** Names whose presence makes a PDF active content: scripts, launching programs, attachments, embedded players. */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia'])
/** at most this much inflated object-stream data is scanned per PDF */
const PDF_INFLATE_BUDGET = 32 * 1024 * 1024

/** Action types (/S) that run code, start programs, send data out or open other files. */
const ACTIVE_ACTIONS = new Set(['JavaScript', 'Launch', 'ImportData', 'SubmitForm', 'GoToE', 'GoToR', 'Rendition', 'RichMediaExecute', 'Sound', 'Movie'])
/** Dictionary keys and /Type values that carry scripts, attachments or embedded players. */
const ACTIVE_KEYS = new Set(['JS', 'JavaScript', 'EmbeddedFile', 'EmbeddedFiles', 'EF', 'RichMedia', 'RichMediaContent', 'XFA', 'Launch'])
const ACTIVE_TYPES = new Set(['EmbeddedFile', 'Filespec', 'RichMediaSettings', 'RichMediaContent'])
const ACTIVE_SUBTYPES = new Set(['FileAttachment', 'RichMedia', 'Screen', 'Movie', 'Sound', '3D'])

async function checkPdf(bytes: Buffer): Promise<void> {
  if (!/^%PDF-[12]\.\d/.test(bytes.toString('latin1', 0, 8))) throw errors.uploadCorrupt('PDF 文件')
  // %%EOF must be near the end (trailing whitespace or a little junk after it is common)
  if (bytes.subarray(Math.max(0, bytes.length - 1024)).lastIndexOf('%%EOF') < 0) throw errors.uploadCorrupt('PDF 文件')
  scanPdfNames(bytes)
  let doc: PDFDocument
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false })
  } catch {
    throw errors.uploadCorrupt('PDF 文件')
  }
  if (doc.isEncrypted) throw errors.uploadPdfEncrypted()
  let pages = 0
  try {
    pages = doc.getPageCount()
  } catch {
    pages = 0
  }
  if (pages < 1) throw errors.uploadCorrupt('PDF 文件')
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (isActive(obj, 0)) throw errors.uploadPdfActive()
  }
}

function nameOf(o: PDFObject | undefined): string | null {
  return o instanceof PDFName ? o.decodeText() : null
}

/** Whether a parsed object (and what it holds directly) is active content. */
function isActive(obj: PDFObject | undefined, depth: number): boolean {
  if (!obj || depth > 32) return false
  const dict = obj instanceof PDFDict ? obj : obj instanceof PDFRawStream ? obj.dict : null
  if (dict) {
    for (const [key, value] of dict.entries()) {
      const k = key.decodeText()
      if (ACTIVE_KEYS.has(k)) return true
      const v = nameOf(value)
      if (k === 'S' && v && ACTIVE_ACTIONS.has(v)) return true
      if (k === 'Type' && v && ACTIVE_TYPES.has(v)) return true
      if (k === 'Subtype' && v && ACTIVE_SUBTYPES.has(v)) return true
      if (isActive(value, depth + 1)) return true
    }
    return false
  }
  if (obj instanceof PDFArray) {
    for (const item of obj.asArray()) if (isActive(item, depth + 1)) return true
  }
  return false
}

/** The raw-bytes look: names in the file and in its compressed object streams. */
function scanPdfNames(bytes: Buffer): void {
  const text = bytes.toString('latin1')
  // names are looked for outside stream data: compressed image or font data contains "/JS" by chance
  const names = pdfNames(withoutStreamData(text))
  // /Encrypt sits in the trailer or the cross-reference stream's dictionary, which are never compressed
  if (names.has('Encrypt')) throw errors.uploadPdfEncrypted()
  if (hasActive(names)) throw errors.uploadPdfActive()
  // objects can be packed into compressed object streams (PDF 1.5+): look inside those too
  let budget = PDF_INFLATE_BUDGET
  for (const stream of objectStreams(bytes, text)) {
    if (budget <= 0) break
    let inflated: Buffer
    try {
      inflated = inflateSync(stream, { maxOutputLength: budget, finishFlush: zlibConstants.Z_SYNC_FLUSH })
    } catch {
      continue
    }
    budget -= inflated.length
    if (hasActive(pdfNames(inflated.toString('latin1')))) throw errors.uploadPdfActive()
  }
}

function hasActive(names: Set<string>): boolean {
  for (const n of names) if (ACTIVE_NAMES.has(n)) return true
  return false
}

/** The PDF text with the data between `stream` and `endstream` left out (dictionaries, trailer and xref remain). */
function withoutStreamData(text: string): string {
  const parts: string[] = []
  const re = /(?<![A-Za-z])stream(?:\r\n|\n|\r)/g
  let i = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(i, m.index))
    const end = text.indexOf('endstream', re.lastIndex)
    if (end < 0) return parts.join('\n')
    i = end + 'endstream'.length
    re.lastIndex = i
  }
  parts.push(text.slice(i))
  return parts.join('\n')
}

/** Every PDF name in the text (`/JavaScript`), with `#xx` escapes decoded (`/J#61vaScript` is `/JavaScript`). */
function pdfNames(text: string): Set<string> {
  const out = new Set<string>()
  for (const m of text.matchAll(/\/([A-Za-z0-9#_.+-]{2,40})/g)) {
    const raw = m[1]!
    out.add(raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw)
  }
  return out
}

/** The raw (still compressed) data of every FlateDecode object stream (`/Type /ObjStm`). */
function* objectStreams(bytes: Buffer, text: string): Generator<Buffer> {
  const re = /\/Type\s*\/ObjStm\b/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const objStart = text.lastIndexOf(' obj', m.index)
    const streamKw = text.indexOf('stream', m.index)
    if (objStart < 0 || streamKw < 0) continue
    if (!text.slice(objStart, streamKw).includes('FlateDecode')) continue
    let start = streamKw + 'stream'.length
    if (text[start] === '\r') start++
    if (text[start] === '\n') start++
    const end = text.indexOf('endstream', start)
    if (end < 0) continue
    yield bytes.subarray(start, end)
    re.lastIndex = end
  }
}

// ---------- file names ----------

const EXTENSION: Record<StoredMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' }
const MAX_NAME_CHARS = 80

/**
 * The citizen's file name made safe to show and to send back in Content-Disposition: the last path segment only,
 * no control or bidirectional-override characters (which can disguise an extension), at most 80 characters, and
 * the extension of what is actually stored.
 */
export function cleanFileName(name: string, mime: StoredMime): string {
  let base = (name ?? '').normalize('NFC')
  base = base.split(/[\\/]/).pop() ?? ''
  base = base
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/^[.\s]+/, '')
    .trim()
  if (!base) base = '材料'
  const chars = Array.from(base)
  if (chars.length > MAX_NAME_CHARS) base = chars.slice(0, MAX_NAME_CHARS).join('').trim()
  return `${base}.${EXTENSION[mime]}`
}
