import { CONTENT_WIDTH, INK, MARGIN, MUTED, RULE, drawHeader, drawRows, drawVerificationFoot, formatShanghai, instant, openPdf } from '../casesystem/result-pdf'

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

  const { doc, w, ended } = openPdf({
    Title: `参保证明（${d.certificateNo}）`,
    Author: d.issuer,
    Subject: '基本医疗保险参保证明',
    Keywords: `${d.certificateNo} ${d.verifyCode}`,
    CreationDate: issued
  })
  const left = MARGIN.left

  // header
  drawHeader(doc, w, { issuer: d.issuer, title: '参保证明', characterSpacing: 6, numberLine: `证明编号：${d.certificateNo}` })

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
  drawRows(doc, w, rows, 92)
  doc.moveDown(0.6).fontSize(9).fillColor(MUTED)
  w.text('本证明反映开具之日的参保情况。', left, undefined, { width: CONTENT_WIDTH })

  drawVerificationFoot(doc, w, {
    verifyUrl: d.verifyUrl,
    verifyCode: d.verifyCode,
    issuer: d.issuer,
    issued,
    note: '本证明的数字摘要已登记，文件内容被改动后将无法通过核验。'
  })

  doc.end()
  return ended
}
