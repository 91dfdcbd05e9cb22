import { createHash, randomInt } from 'node:crypto'
import type { ResultVerification } from '../../../../contract/apply'
import { maskName } from '../../../../contract/identity'
import type { Db } from '../../db'
import { normalizeVerifyCode } from '../casesystem/result-pdf'
import type { FileStorage } from '../storage/types'

function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** the UTC instant at which the Shanghai day of `at` began */
export function shanghaiDayStart(at: Date): string {
  return new Date(Date.parse(`${shanghaiDay(at)}T00:00:00+08:00`)).toISOString()
}

interface CertificateRow {
  verify_code: string
  certificate_no: string
  id_number: string
  name: string
  actor_user_id: string
  sha256: string
  storage_key: string
  issued_at: string
}

/**
 * The embedded record system's register of issued 参保证明 (table certificates, migration 007): the PDF in file storage, its sha256 and verification code in
 * SQLite. `verify` answers GET/POST /api/v1/results/verify/:code for certificates (ApplyService.verify asks it when
 * the code is not a result document's).
 */
export class CertificateStore {
  private readonly q

  constructor(private readonly d: { db: Db; storage: FileStorage; publicBaseUrl: string }) {
    this.q = {
      latestSince: d.db.prepare<[string, string], CertificateRow>(
        // verify_code: a unique tie-breaker for two certificates of the same instant
        'SELECT * FROM certificates WHERE id_number = ? AND issued_at >= ? ORDER BY issued_at DESC, verify_code DESC LIMIT 1'
      ),
      numberCount: d.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM certificates WHERE certificate_no = ?'),
      insert: d.db.prepare<[string, string, string, string, string, string, string, string]>(
        'INSERT INTO certificates (verify_code, certificate_no, id_number, name, actor_user_id, sha256, storage_key, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      ),
      byVerifyCode: d.db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE verify_code = ?')
    }
  }

  verifyUrl(code: string): string {
    return `${this.d.publicBaseUrl}/api/v1/results/verify/${code}`
  }

  /** the certificate issued for this person since `since` (the latest), with its bytes */
  async latestSince(idNumber: string, since: string): Promise<{ row: CertificateRow; pdf: Buffer } | null> {
    const row = await this.q.latestSince.get(idNumber, since)
    if (!row) return null
    const pdf = await this.d.storage.get(row.storage_key)
    return pdf ? { row, pdf } : null
  }

  /** a new certificate number: CBZM + the Shanghai date + 6 random digits, unused so far */
  async newNumber(at: Date): Promise<string> {
    for (;;) {
      const no = `CBZM${shanghaiDay(at).replace(/-/g, '')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`
      if ((await this.q.numberCount.get(no))?.n === 0) return no
    }
  }

  async save(c: { verifyCode: string; certificateNo: string; idNumber: string; name: string; actorUserId: string; issuedAt: string; pdf: Buffer }): Promise<void> {
    const { key } = await this.d.storage.put(c.pdf)
    await this.q.insert.run(c.verifyCode, c.certificateNo, c.idNumber, c.name, c.actorUserId, createHash('sha256').update(c.pdf).digest('hex'), key, c.issuedAt)
  }

  /** null when the code is not a certificate's */
  async verify(code: string, pdf?: Buffer): Promise<ResultVerification | null> {
    const row = await this.q.byVerifyCode.get(normalizeVerifyCode(code))
    if (!row) return null
    return {
      genuine: true,
      ...(pdf ? { unaltered: createHash('sha256').update(pdf).digest('hex') === row.sha256 } : {}),
      kind: 'certificate',
      title: '参保证明',
      caseNo: row.certificate_no,
      itemName: '参保证明',
      applicantName: maskName(row.name),
      decision: 'approved',
      issuedAt: row.issued_at,
      sha256: row.sha256
    }
  }
}
