import { createHash, randomBytes } from 'node:crypto'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { fallbackFont, primaryFont } from './fonts'

/**
 * The result document (办理结果通知书 / 不予办理通知书) of a decided case, as a one-page A4 PDF.
 *
 * 001 §5.3.1: the result shows the item's name (事项名称), the applicant (申请对象) and the time of handling (办理时间);
 * 001 §5.3.3: the citizen can look the result up and download it; 001 §5.2.3.7: the result notice is a document the
 * agency issues. Anyone holding a copy can check it: the QR code and the printed line lead to
 * /api/v1/results/verify/<code> (contract/apply.ts), and sending the PDF there tells whether it is byte-for-byte the
 * issued one.
 *
 * The output is deterministic: the same data gives the same bytes (the PDF's creation date is `issuedAt`, the file
 * ID is derived from the document info, nothing random is written), so a stored document can be re-rendered and
 * compared. Fonts: see fonts.ts.
 */
export interface ResultDocumentData {
  /** e.g. 办理结果通知书 / 不予办理通知书 */
  title: string
  caseNo: string
  itemName: string
  regionName: string
  agencyName: string
  applicantName: string
  /** masked, e.g. 331102********0013 */
  applicantIdNumber: string
  decision: 'approved' | 'rejected'
  /** what was approved, or why not */
  decisionText: string
  /** ISO 8601 instants; printed in Asia/Shanghai time as 2026年11月22日 14:05 */
  submittedAt: string
  decidedAt: string
  issuedAt: string
  verifyCode: string
  /** absolute URL of the verification page, e.g. https://ybzsb.example.gov.cn/api/v1/results/verify/<code> */
  verifyUrl: string
}

// ---------- verification codes ----------

/** Crockford base32: no I, L, O, U, so a code read aloud or typed from paper is not misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const VERIFY_CODE_LENGTH = 16

/** A new verification code: 16 Crockford base32 characters from 80 random bits (unguessable), upper case. */
export function newVerifyCode(): string {
  const bytes = randomBytes(10)
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}

/**
 * A code as a person typed it, in the form newVerifyCode makes: upper case, without spaces and dashes,
 * O read as 0 and I/L as 1 (Crockford's rules). Use it before looking a code up.
 */
export function normalizeVerifyCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

/** `ABCD EFGH JKMN PQRS`: the code in groups of four, for reading aloud */
export function groupVerifyCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ')
}

export function sha256Hex(buf: Buffer | Uint8Array | string): string {
  return createHash('sha256').update(buf).digest('hex')
}

// ---------- dates ----------

const SHANGHAI = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
})

export function instant(iso: string, field: string): Date {
  const d = new Date(iso)
  if (!iso || Number.isNaN(d.getTime())) throw new Error(`renderResultPdf: ${field} is not an ISO date: ${JSON.stringify(iso)}`)
  return d
}

/** 2026年11月22日 14:05 (Asia/Shanghai); `dateOnly`: 2026年11月22日 */
export function formatShanghai(at: Date, dateOnly = false): string {
  const p = Object.fromEntries(SHANGHAI.formatToParts(at).map((x) => [x.type, x.value]))
  const date = `${p.year}年${p.month}月${p.day}日`
  return dateOnly ? date : `${date} ${p.hour}:${p.minute}`
}

// ---------- rendering (shared with the 参保证明, adapters/record/certificate.ts) ----------

export const PAGE = { width: 595.28, height: 841.89 } // A4 in points
export const MARGIN = { top: 64, bottom: 56, left: 64, right: 64 }
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right
export const INK = '#1a1a1a'
export const MUTED = '#555555'
export const RULE = '#b71c1c'
export const QR_SIZE = 96

type FontName = 'sc' | 'fallback'
interface Run {
  font: FontName
  text: string
}

/** what pdfkit keeps of the current font: fontkit's font, for glyph coverage */
interface PdfkitFontInternals {
  _font?: { font?: { hasGlyphForCodePoint(cp: number): boolean } }
}

export class Writer {
  private readonly hasFallback: boolean
  private readonly covers: (cp: number) => boolean

  constructor(readonly doc: PDFKit.PDFDocument) {
    doc.registerFont('sc', primaryFont())
    const fb = fallbackFont()
    if (fb) doc.registerFont('fallback', fb.path, fb.family)
    this.hasFallback = fb !== null
    doc.font('sc')
    const font = (doc as unknown as PdfkitFontInternals)._font?.font
    this.covers = font ? (cp) => font.hasGlyphForCodePoint(cp) : () => true
  }

  /** The text split into runs by the font that has its glyphs (whitespace stays with the run it is in). */
  runs(text: string): Run[] {
    const out: Run[] = []
    for (const ch of text) {
      const cp = ch.codePointAt(0)!
      const font: FontName = /\s/.test(ch)
        ? (out.at(-1)?.font ?? 'sc')
        : !this.hasFallback || this.covers(cp)
          ? 'sc'
          : 'fallback'
      const last = out.at(-1)
      if (last && last.font === font) last.text += ch
      else out.push({ font, text: ch })
    }
    return out.length ? out : [{ font: 'sc', text: '' }]
  }

  /** doc.text with per-character font fallback; x/y as in pdfkit (undefined: continue at the current position). */
  text(text: string, x: number | undefined, y: number | undefined, opts: PDFKit.Mixins.TextOptions = {}): void {
    const runs = this.runs(text)
    runs.forEach((r, i) => {
      this.doc.font(r.font)
      const o = { ...opts, continued: i < runs.length - 1 ? true : (opts.continued ?? false) }
      if (i === 0 && x !== undefined) this.doc.text(r.text, x, y, o)
      else this.doc.text(r.text, o)
    })
    this.doc.font('sc')
  }
}

/** The QR code of `text` drawn as vector squares (sharp at any print size), top-left at (x, y). */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 2
  const cell = size / (n + 2 * quiet)
  doc.save().rect(x, y, size, size).fill('#ffffff')
  for (let row = 0; row < n; row++) {
    let col = 0
    while (col < n) {
      if (!qr.modules.data[row * n + col]) {
        col++
        continue
      }
      const start = col
      while (col < n && qr.modules.data[row * n + col]) col++
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell)
    }
  }
  doc.fill('#000000').restore()
}

/** A deterministic A4 document (no default font; fixed dates) and the promise of its bytes. */
export function openPdf(info: { Title: string; Author: string; Subject: string; Keywords: string; CreationDate: Date }): {
  doc: PDFKit.PDFDocument
  w: Writer
  ended: Promise<Buffer>
} {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    font: '', // no default Helvetica: every glyph comes from the embedded fonts
    info: { ...info, Creator: '医保掌上办', Producer: '医保掌上办', ModDate: info.CreationDate }
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, w: new Writer(doc), ended }
}

/** Issuing agency, title, the document's number on the right, and the red rule under them. */
export function drawHeader(doc: PDFKit.PDFDocument, w: Writer, h: { issuer: string; title: string; characterSpacing: number; numberLine: string }): void {
  const left = MARGIN.left
  const right = PAGE.width - MARGIN.right
  doc.fillColor(MUTED).fontSize(13)
  w.text(h.issuer, left, MARGIN.top, { width: CONTENT_WIDTH, align: 'center' })
  doc.moveDown(0.4).fillColor(INK).fontSize(24).lineWidth(0.5).strokeColor(INK)
  // fake bold (fill + thin stroke): one weight of the font is embedded, not two
  w.text(h.title, left, undefined, { width: CONTENT_WIDTH, align: 'center', characterSpacing: h.characterSpacing, fill: true, stroke: true })
  doc.moveDown(0.5).fontSize(10.5).fillColor(MUTED)
  w.text(h.numberLine, left, undefined, { width: CONTENT_WIDTH, align: 'right' })
  const ruleY = doc.y + 6
  doc.save().moveTo(left, ruleY).lineTo(right, ruleY).lineWidth(1.2).strokeColor(RULE).stroke().restore()
  doc.y = ruleY + 18
}

/** A two-column table: grey label cells, values wrapping in the rest of the width. */
export function drawRows(doc: PDFKit.PDFDocument, w: Writer, rows: Array<[string, string]>, labelWidth: number): void {
  const left = MARGIN.left
  const pad = 5
  doc.fontSize(10.5)
  for (const [label, value] of rows) {
    const top = doc.y
    const valueHeight = doc.heightOfString(value, { width: CONTENT_WIDTH - labelWidth - 2 * pad })
    const h = Math.max(valueHeight, 14) + 2 * pad
    doc.save().rect(left, top, labelWidth, h).fill('#f3f3f3').restore()
    doc.save().rect(left, top, CONTENT_WIDTH, h).lineWidth(0.5).strokeColor('#bdbdbd').stroke().restore()
    doc.fillColor(MUTED)
    w.text(label, left + pad, top + pad, { width: labelWidth - 2 * pad })
    doc.fillColor(INK)
    w.text(value, left + labelWidth + pad, top + pad, { width: CONTENT_WIDTH - labelWidth - 2 * pad })
    doc.y = top + h
  }
}

/**
 * The foot of the page: the QR code with the verification code and line under it (left), issuer and date (right).
 * It sits at the bottom margin; a new page only when the text above ran long.
 */
export function drawVerificationFoot(
  doc: PDFKit.PDFDocument,
  w: Writer,
  f: { verifyUrl: string; verifyCode: string; issuer: string; issued: Date; note: string }
): void {
  const left = MARGIN.left
  const right = PAGE.width - MARGIN.right
  const lineText = `扫码或访问 ${f.verifyUrl} 核验真伪`
  doc.fontSize(9)
  const lineHeight = doc.heightOfString(lineText, { width: CONTENT_WIDTH })
  const blockHeight = QR_SIZE + 6 + 16 + 2 + lineHeight + 2 + doc.heightOfString(f.note, { width: CONTENT_WIDTH })
  let blockTop = PAGE.height - MARGIN.bottom - blockHeight - 2
  if (doc.y + 24 > blockTop) {
    doc.addPage()
    blockTop = MARGIN.top
  }
  doc.fontSize(12).fillColor(INK)
  const issuerWidth = CONTENT_WIDTH - QR_SIZE - 24
  w.text(f.issuer, right - issuerWidth, blockTop + 24, { width: issuerWidth, align: 'right' })
  doc.moveDown(0.3)
  w.text(formatShanghai(f.issued, true), right - issuerWidth, undefined, { width: issuerWidth, align: 'right' })

  drawQr(doc, f.verifyUrl, left, blockTop, QR_SIZE)
  doc.fontSize(11).fillColor(INK)
  w.text(`核验码：${groupVerifyCode(f.verifyCode)}`, left, blockTop + QR_SIZE + 6, { width: CONTENT_WIDTH, lineBreak: false })
  doc.fontSize(9).fillColor(MUTED)
  w.text(lineText, left, blockTop + QR_SIZE + 6 + 16 + 2, { width: CONTENT_WIDTH })
  doc.moveDown(0.15)
  w.text(f.note, left, undefined, { width: CONTENT_WIDTH })
}

export async function renderResultPdf(d: ResultDocumentData): Promise<Buffer> {
  const submitted = instant(d.submittedAt, 'submittedAt')
  const decided = instant(d.decidedAt, 'decidedAt')
  const issued = instant(d.issuedAt, 'issuedAt')
  if (d.decision !== 'approved' && d.decision !== 'rejected') throw new Error(`renderResultPdf: unknown decision ${String(d.decision)}`)

  const { doc, w, ended } = openPdf({
    Title: `${d.title}（${d.caseNo}）`,
    Author: d.agencyName,
    Subject: d.itemName,
    Keywords: `${d.caseNo} ${d.verifyCode}`,
    CreationDate: issued
  })
  const left = MARGIN.left

  // header: issuing agency, title, case number, red rule
  drawHeader(doc, w, { issuer: d.agencyName, title: d.title, characterSpacing: 3, numberLine: `编号：${d.caseNo}` })

  // body
  doc.fillColor(INK).fontSize(12)
  w.text(`${d.applicantName}：`, left, doc.y, { width: CONTENT_WIDTH })
  doc.moveDown(0.5)
  const para = { width: CONTENT_WIDTH, indent: 24, lineGap: 6, align: 'justify' as const }
  const opening = `您于${formatShanghai(submitted)}提交的“${d.itemName}”申请，经${d.agencyName}审核，`
  if (d.decision === 'approved') {
    w.text(`${opening}准予办理。`, left, undefined, para)
    if (d.decisionText.trim()) {
      doc.moveDown(0.3)
      w.text(d.decisionText.trim(), left, undefined, para)
    }
  } else {
    w.text(`${opening}决定不予办理。`, left, undefined, para)
    doc.moveDown(0.3)
    w.text(`理由：${d.decisionText.trim() || '不符合办理条件。'}`, left, undefined, para)
    doc.moveDown(0.3)
    w.text('如对本决定有异议，可依法申请行政复议或者提起行政诉讼。', left, undefined, para)
  }
  doc.moveDown(1)

  // details (001 §5.3.1: 事项名称, 申请对象, 办理时间)
  const rows: Array<[string, string]> = [
    ['办件编号', d.caseNo],
    ['事项名称', d.itemName],
    ['办理地区', d.regionName],
    ['办理机构', d.agencyName],
    ['申请对象', `${d.applicantName}（身份证号 ${d.applicantIdNumber}）`],
    ['申请时间', formatShanghai(submitted)],
    ['办结时间', formatShanghai(decided)],
    ['办理结果', d.decision === 'approved' ? '准予办理' : '不予办理']
  ]
  drawRows(doc, w, rows, 80)

  drawVerificationFoot(doc, w, {
    verifyUrl: d.verifyUrl,
    verifyCode: d.verifyCode,
    issuer: d.agencyName,
    issued,
    note: '本文书的数字摘要已登记，文件内容被改动后将无法通过核验。'
  })

  doc.end()
  return ended
}
