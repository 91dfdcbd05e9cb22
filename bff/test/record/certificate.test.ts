import { renderCertificatePdf, type CertificateData } from '../../src/adapters/record/certificate'
import { extractPdfText } from '../fixtures/pdf-text'

/** The 参保证明 renderer: deterministic bytes (so a stored copy can be compared), and the 演示 mark only for demo data. */
const DATA: CertificateData = {
  certificateNo: 'CBZM20260302123456',
  issuer: '丽水市医疗保险服务中心',
  name: '张丽华',
  idNumber: '331102198803120025',
  insuredPlace: '浙江省丽水市莲都区',
  insuranceType: '职工基本医疗保险',
  status: '正常参保',
  paidMonths: 187,
  periods: [
    { insuranceType: '职工基本医疗保险', status: '参保缴费', from: '2018-05-01', to: null, employer: '丽水东方食品有限公司' },
    { insuranceType: '职工基本医疗保险', status: '终止参保', from: '2010-08-01', to: '2018-04-30', employer: '丽水华鼎科技有限公司' }
  ],
  issuedAt: '2026-03-02T01:00:00.000Z',
  verifyCode: 'ABCD0123EFGH4567',
  verifyUrl: 'https://ybzsb.example.gov.cn/api/v1/results/verify/ABCD0123EFGH4567',
  demo: true
}

it('renders the same bytes for the same data, with every period and the verification line', async () => {
  const a = await renderCertificatePdf(DATA)
  const b = await renderCertificatePdf(DATA)
  expect(Buffer.compare(a, b)).toBe(0)
  const text = extractPdfText(a)
  for (const s of ['参保证明', '证明编号：CBZM20260302123456', '2018年5月1日至今', '2010年8月1日至2018年4月30日', '丽水华鼎科技有限公司', '累计缴费187个月', '核验码：ABCD 0123 EFGH 4567', DATA.verifyUrl, '【演示】']) {
    expect(text).toContain(s)
  }
})

it('says 演示 only for generated data', async () => {
  const text = extractPdfText(await renderCertificatePdf({ ...DATA, demo: false }))
  expect(text).toContain('参保证明')
  expect(text).not.toContain('演示')
})
