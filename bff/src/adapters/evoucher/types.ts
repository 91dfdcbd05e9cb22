/**
 * Upstream adapter: the national healthcare-security platform's e-voucher service (医保电子凭证, 000 §3.2: 国家医疗保障
 * 信息平台统一签发). A real e-voucher only comes from the national platform; this product asks it for a code for a
 * person and, at a counter, asks it who a scanned code belongs to. The embedded implementation (the default) issues
 * demonstration codes in the national format and decodes them itself from the database.
 */
export interface EVoucherAdapter {
  /** codes from this adapter are demonstrations, not valid at real counters (the app marks them 演示) */
  readonly demo: boolean
  /** a fresh code for an insured person, living `ttlSeconds` from `now` */
  issue(req: IssueRequest): Promise<IssuedCode>
  /** who a scanned code belongs to; a code decodes once (the second decode is `used`) */
  decode(code: string, now: Date): Promise<DecodeOutcome>
}

export interface IssueRequest {
  /** 身份证号 of the insured person */
  idNumber: string
  /** GB/T 2260 code of the 参保地; its first two digits (the province) go into the code */
  regionCode: string
  now: Date
  ttlSeconds: number
}

export interface IssuedCode {
  code: string
  /** ISO 8601 instants */
  issuedAt: string
  expiresAt: string
}

export type DecodeOutcome =
  | { ok: true; idNumber: string; regionCode: string; issuedAt: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' }
