import { fallbackFont, primaryFont, woffToSfnt } from '../../src/adapters/casesystem/fonts'
import {
  formatShanghai,
  groupVerifyCode,
  newVerifyCode,
  normalizeVerifyCode,
  renderResultPdf,
  sha256Hex,
  type ResultDocumentData
} from '../../src/adapters/casesystem/result-pdf'
import { extractPdfText, pdfObjects } from '../fixtures/pdf-text'
import { readFileSync } from 'node:fs'

const CODE = 'K7M2Q9XZ4T8WB3HN'
const base: ResultDocumentData = {
  title: '办理结果通知书',
  caseNo: 'YB3311002026112200001',
  itemName: '基本医疗保险参保人员异地就医备案',
  regionName: '丽水市莲都区',
  agencyName: '丽水市莲都区医疗保障局',
  applicantName: '张三',
  applicantIdNumber: '331102********0013',
  decision: 'approved',
  decisionText: '已为您办理异地就医备案，备案地：上海市，有效期至2027年11月21日。',
  submittedAt: '2026-11-20T01:02:03.000Z',
  decidedAt: '2026-11-22T06:05:00.000Z',
  issuedAt: '2026-11-22T06:05:00.000Z',
  verifyCode: CODE,
  verifyUrl: `https://ybzsb.example.gov.cn/api/v1/results/verify/${CODE}`
}
const rejected: ResultDocumentData = {
  ...base,
  title: '不予办理通知书',
  decision: 'rejected',
  decisionText: '所附居住证明已过有效期。'
}

/** the text a PDF viewer would copy, lines joined (wrapping and font runs split lines) */
const flat = (pdf: Buffer): string => extractPdfText(pdf).replace(/\n/g, '')

describe('renderResultPdf (001 §5.3)', () => {
  let approvedPdf: Buffer
  beforeAll(async () => {
    const t0 = performance.now()
    approvedPdf = await renderResultPdf(base)
    const first = performance.now() - t0
    const t1 = performance.now()
    await renderResultPdf(base)
    console.log(`result PDF: ${approvedPdf.length} bytes; first render ${first.toFixed(0)} ms (font unpacked), next ${(performance.now() - t1).toFixed(0)} ms`)
  })

  it('is a one-page PDF with the Noto Sans SC subset embedded', () => {
    expect(approvedPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(approvedPdf.subarray(-8).toString('latin1')).toContain('%%EOF')
    const text = approvedPdf.toString('latin1')
    expect(text).toMatch(/\/FontFile2 \d+ 0 R/)
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/)
    expect(text).not.toContain('Helvetica')
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1)
    expect(text).toContain('/Lang (zh-CN)')
  })

  it('has extractable Chinese text: title, 事项名称, 申请对象, 办理时间 (001 §5.3.1), masked ID only', () => {
    const t = flat(approvedPdf)
    expect(t).toContain('办理结果通知书')
    expect(t).toContain('编号：YB3311002026112200001')
    expect(t).toContain('事项名称基本医疗保险参保人员异地就医备案')
    expect(t).toContain('申请对象张三（身份证号 331102********0013）')
    expect(t).toContain('申请时间2026年11月20日 09:02')
    expect(t).toContain('办结时间2026年11月22日 14:05')
    expect(t).toContain('办理结果准予办理')
    expect(t).toContain('准予办理。')
    expect(t).toContain('有效期至2027年11月21日')
    expect(t).not.toContain('不予办理')
  })

  it('prints the verification code under the QR code and the line to verify it', () => {
    const t = extractPdfText(approvedPdf)
    expect(t).toContain(`核验码：${groupVerifyCode(CODE)}`)
    expect(flat(approvedPdf)).toContain(`扫码或访问 https://ybzsb.example.gov.cn/api/v1/results/verify/${CODE} 核验真伪`)
  })

  it('draws the QR code as vector modules (many filled squares in one path)', () => {
    const page = [...pdfObjects(approvedPdf).values()].find((o) => /\/Type \/Page\b/.test(o.dict))!
    const contentRef = page.dict.match(/\/Contents (\d+) 0 R/)![1]
    const content = pdfObjects(approvedPdf).get(Number(contentRef))!.stream!.toString('latin1')
    // a version-4+ QR code of this URL has hundreds of dark runs
    expect((content.match(/ re\n/g) ?? []).length).toBeGreaterThan(200)
  })

  it('a rejection says so, with the reason and the right to a remedy', async () => {
    const t = flat(await renderResultPdf(rejected))
    expect(t).toContain('不予办理通知书')
    expect(t).toContain('决定不予办理。')
    expect(t).toContain('理由：所附居住证明已过有效期。')
    expect(t).toContain('行政复议')
    expect(t).toContain('办理结果不予办理')
  })

  it('is deterministic: the same data gives the same bytes, other data other bytes', async () => {
    const again = await renderResultPdf({ ...base })
    expect(sha256Hex(again)).toBe(sha256Hex(approvedPdf))
    expect(again.equals(approvedPdf)).toBe(true)
    const later = await renderResultPdf({ ...base, issuedAt: '2026-11-22T06:06:00.000Z' })
    expect(later.equals(approvedPdf)).toBe(false)
    // the PDF's creation date is issuedAt, not the time of rendering
    const info = [...pdfObjects(approvedPdf).values()].find((o) => /\/CreationDate/.test(o.dict))!.dict
    const ref = info.match(/\/CreationDate (\d+) 0 R/)![1]
    expect(pdfObjects(approvedPdf).get(Number(ref))!.dict.trim()).toBe('(D:20261122060500Z)')
    expect(approvedPdf.toString('latin1')).toContain('<xmp:CreateDate>2026-11-22T06:05:00Z')
  })

  it('draws a character missing from the subset with the system CJK font when one is installed', async () => {
    const pdf = await renderResultPdf({ ...base, applicantName: '吉𠮷' })
    const text = pdf.toString('latin1')
    if (fallbackFont()) {
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJK/)
      expect(flat(pdf)).toContain('申请对象吉𠮷（身份证号')
    } else {
      // without a fallback font only the primary font is embedded and the rest of the text is intact
      expect(text).not.toMatch(/NotoSansCJK/)
      expect(flat(pdf)).toContain('（身份证号 331102********0013）')
    }
    // a document without rare characters embeds one font only
    expect(approvedPdf.toString('latin1')).not.toMatch(/NotoSansCJK/)
  })

  it('refuses dates that are not ISO instants (a programming error, not a citizen one)', async () => {
    await expect(renderResultPdf({ ...base, decidedAt: '22/11/2026' })).rejects.toThrow(/decidedAt/)
  })
})

describe('fonts', () => {
  it('unpacks the WOFF to a TrueType font with the same tables', () => {
    const ttf = primaryFont()
    expect(ttf.readUInt32BE(0)).toBe(0x00010000)
    const woff = readFileSync(require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff'))
    expect(ttf.readUInt16BE(4)).toBe(woff.readUInt16BE(12))
    expect(ttf.length).toBe(Math.ceil(woff.readUInt32BE(16) / 4) * 4)
    expect(() => woffToSfnt(Buffer.from('not a font'))).toThrow(/WOFF/)
  })
})

describe('verification codes and helpers', () => {
  it('newVerifyCode: 16 Crockford base32 characters, no repeats', () => {
    const codes = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const c = newVerifyCode()
      expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/)
      codes.add(c)
    }
    expect(codes.size).toBe(2000)
  })

  it('normalizeVerifyCode undoes grouping, case and look-alike letters', () => {
    expect(normalizeVerifyCode(' k7m2-q9xz 4t8w b3hn ')).toBe(CODE)
    expect(normalizeVerifyCode('OIL0')).toBe('0110')
    expect(groupVerifyCode(CODE)).toBe('K7M2 Q9XZ 4T8W B3HN')
  })

  it('sha256Hex', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('formatShanghai prints Beijing time, across midnight and the year end', () => {
    expect(formatShanghai(new Date('2026-11-22T06:05:00Z'))).toBe('2026年11月22日 14:05')
    expect(formatShanghai(new Date('2026-12-31T16:30:00Z'))).toBe('2027年1月1日 00:30')
    expect(formatShanghai(new Date('2026-12-31T16:30:00Z'), true)).toBe('2027年1月1日')
  })
})
