import PDFDocument from 'pdfkit'
import { CONTENT_WIDTH, INK, MARGIN, MUTED, PAGE, QR_SIZE, RULE, Writer, drawQr, formatShanghai, groupVerifyCode, instant } from './pdf'

/**
 * 参保证明 (000 §6.1.6 b: 为参保人员查询打印包括参保证明…的自助服务) as a one-page A4 PDF, with the same fonts, QR
 * code and verification line as result documents (pdf.ts): the QR leads to /api/v1/results/verify/<code>, and the
 * PDF sent there tells whether it is byte-for-byte the issued one. Deterministic like renderResultPdf: the same data
 * gives the same bytes. The 身份证号 is printed whole, as on a certificate from the window: only the person or a
 * proxy under a `record` grant can download it.
 */
export interface CertificatePeriod {
  insuranceType: string
  status: string
  /** YYYY-MM-DD */
  from: string
  to: string | null
  employer: string | null
}

export interface CertificateData {
  certificateNo: string
  /** the 医保经办机构 of the 参保地 */
  issuer: string
  name: string
  /** whole */
  idNumber: string
  insuredPlace: string
  insuranceType: string
  /** 正常参保 */
  status: string
  paidMonths: number
  /** newest first */
  periods: CertificatePeriod[]
  /** ISO 8601 instant */
  issuedAt: string
  verifyCode: string
  verifyUrl: string
  /** generated data (embedded record adapter): the page says it is not a valid certificate */
  demo: boolean
}

/** 2026-03-02 → 2026年3月2日 */
function dateZh(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export async function renderCertificatePdf(d: CertificateData): Promise<Buffer> {
  const issued = instant(d.issuedAt, 'issuedAt')
  const current = d.periods[0]
  if (!current) throw new Error('renderCertificatePdf: no enrolment period')

  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    font: '',
    info: {
      Title: `参保证明（${d.certificateNo}）`,
      Author: d.issuer,
      Subject: '基本医疗保险参保证明',
      Keywords: `${d.certificateNo} ${d.verifyCode}`,
      Creator: '医保掌上办',
      Producer: '医保掌上办',
      CreationDate: issued,
      ModDate: issued
    }
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const w = new Writer(doc)
  const left = MARGIN.left
  const right = PAGE.width - MARGIN.right

  // header
  doc.fillColor(MUTED).fontSize(13)
  w.text(d.issuer, left, MARGIN.top, { width: CONTENT_WIDTH, align: 'center' })
  doc.moveDown(0.4).fillColor(INK).fontSize(24).lineWidth(0.5).strokeColor(INK)
  w.text('参保证明', left, undefined, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 6, fill: true, stroke: true })
  doc.moveDown(0.5).fontSize(10.5).fillColor(MUTED)
  w.text(`证明编号：${d.certificateNo}`, left, undefined, { width: CONTENT_WIDTH, align: 'right' })
  const ruleY = doc.y + 6
  doc.save().moveTo(left, ruleY).lineTo(right, ruleY).lineWidth(1.2).strokeColor(RULE).stroke().restore()
  doc.y = ruleY + 18

  if (d.demo) {
    doc.fillColor(RULE).fontSize(11)
    w.text('【演示】本证明由演示数据生成，不能作为正式参保证明使用。', left, doc.y, { width: CONTENT_WIDTH, align: 'center' })
    doc.moveDown(0.6)
  }

  // body
  doc.fillColor(INK).fontSize(12)
  const para = { width: CONTENT_WIDTH, indent: 24, lineGap: 6, align: 'justify' as const }
  w.text(
    `兹证明${d.name}（公民身份号码：${d.idNumber}）自${dateZh(current.from)}起参加${d.insuranceType}，参保地为${d.insuredPlace}，` +
      `截至${formatShanghai(issued, true)}参保状态为“${d.status}”，累计缴费${d.paidMonths}个月。`,
    left,
    doc.y,
    para
  )
  doc.moveDown(0.3)
  w.text('特此证明。', left, undefined, para)
  doc.moveDown(1)

  const history = d.periods
    .map((p) => `${dateZh(p.from)}至${p.to ? dateZh(p.to) : '今'}\u3000${p.insuranceType}${p.employer ? `\u3000${p.employer}` : ''}（${p.status}）`)
    .join('\n')
  const rows: Array<[string, string]> = [
    ['姓名', d.name],
    ['公民身份号码', d.idNumber],
    ['参保地', d.insuredPlace],
    ['险种', d.insuranceType],
    ['参保状态', d.status],
    ['本次参保起始', dateZh(current.from)],
    ...(current.employer ? ([['参保单位', current.employer]] as Array<[string, string]>) : []),
    ['累计缴费月数', `${d.paidMonths}个月`],
    ['参保记录', history],
    ['开具日期', formatShanghai(issued, true)]
  ]
  const labelWidth = 92
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
  doc.moveDown(0.6).fontSize(9).fillColor(MUTED)
  w.text('本证明反映开具之日的参保情况。', left, undefined, { width: CONTENT_WIDTH })

  // foot: QR, verification code and line (left), issuer and date (right)
  const lineText = `扫码或访问 ${d.verifyUrl} 核验真伪`
  doc.fontSize(9)
  const lineHeight = doc.heightOfString(lineText, { width: CONTENT_WIDTH })
  const noteText = '本证明的数字摘要已登记，文件内容被改动后将无法通过核验。'
  const blockHeight = QR_SIZE + 6 + 16 + 2 + lineHeight + 2 + doc.heightOfString(noteText, { width: CONTENT_WIDTH })
  let blockTop = PAGE.height - MARGIN.bottom - blockHeight - 2
  if (doc.y + 24 > blockTop) {
    doc.addPage()
    blockTop = MARGIN.top
  }
  doc.fontSize(12).fillColor(INK)
  const issuerWidth = CONTENT_WIDTH - QR_SIZE - 24
  w.text(d.issuer, right - issuerWidth, blockTop + 24, { width: issuerWidth, align: 'right' })
  doc.moveDown(0.3)
  w.text(formatShanghai(issued, true), right - issuerWidth, undefined, { width: issuerWidth, align: 'right' })

  drawQr(doc, d.verifyUrl, left, blockTop, QR_SIZE)
  doc.fontSize(11).fillColor(INK)
  w.text(`核验码：${groupVerifyCode(d.verifyCode)}`, left, blockTop + QR_SIZE + 6, { width: CONTENT_WIDTH, lineBreak: false })
  doc.fontSize(9).fillColor(MUTED)
  w.text(lineText, left, blockTop + QR_SIZE + 6 + 16 + 2, { width: CONTENT_WIDTH })
  doc.moveDown(0.15)
  w.text(noteText, left, undefined, { width: CONTENT_WIDTH })

  doc.end()
  return ended
}
