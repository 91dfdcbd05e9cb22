import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import {
  DecodeRequestSchema,
  ENROLLMENT_STATUS_LABELS,
  EVOUCHER_DEFAULT_TTL_SECONDS,
  INSURANCE_TYPE_LABELS,
  maskIdNumber,
  maskName,
  type EVoucher,
  type EVoucherDecoded
} from '../contract'
import { AppError, errors } from '../domain/errors'
import { requireGrant } from '../domain/family'
import { MOCK_APPLICANT } from './apply-store'
import { mockFamily } from './family-api'

/**
 * msw handlers for the e-voucher (contract/evoucher.ts), answered in memory like the BFF's embedded adapter:
 *   GET  /api/v1/evoucher?insuredId=     Bearer; a fresh demo code in the national format (28 characters: `424` + 17 +
 *                                         2 random digits + province + `0000`) living `ttlSeconds` (60 s); a person who
 *                                         is not insured gets no code (`insured: false`)
 *   POST /api/v1/evoucher/decode {code}  X-Terminal-Key: MOCK_TERMINAL_KEY; once per code (409 used, 410 expired,
 *                                         404 unknown)
 * The people (`insuredId` → person) are shared with the record mocks (mock/record-api.ts): `self` is MOCK_APPLICANT
 * (职工医保 in 莲都区), SAMPLE members are below, and any other id gets a deterministic 城乡居民 person, so the
 * family mocks can hand out any member id. Tests change people with `setMockInsured`.
 */
export interface MockInsured {
  name: string
  idNumber: string
  enrollment: 'employee' | 'resident' | 'none'
  /** 参保地 (GB/T 2260 code and full name) */
  region: { code: string; name: string }
}

export const MOCK_TERMINAL_KEY = 'mock-terminal-key'
const LISHUI_LIANDU = { code: '331102', name: '浙江省丽水市莲都区' }
const REGION_NAMES: Record<string, string> = { '331121': '浙江省丽水市青田县', '430602': '湖南省岳阳市岳阳楼区' }

/** SAMPLE people (invented, from bff/src/adapters/sample/persons.json; the 身份证号 pass the GB 11643 check). */
const SAMPLES: Record<string, MockInsured> = {
  self: { name: MOCK_APPLICANT.name, idNumber: MOCK_APPLICANT.idNumber, enrollment: 'employee', region: LISHUI_LIANDU },
  // bff/src/adapters/sample/persons.json: a father aged 75, 城乡居民医保 in 青田县
  'member-father': { name: '王建国', idNumber: '331121195106080019', enrollment: 'resident', region: { code: '331121', name: '浙江省丽水市青田县' } },
  // the same file's person who is not insured: the page explains 参保登记
  'member-uninsured': { name: '刘芳', idNumber: '430602197005200026', enrollment: 'none', region: { code: '430602', name: '湖南省岳阳市岳阳楼区' } }
}

const people = new Map<string, MockInsured>(Object.entries(SAMPLES))

export function setMockInsured(insuredId: string, person: MockInsured | null): void {
  if (person) people.set(insuredId, person)
  else people.delete(insuredId)
}

/** A small stable hash for deterministic mock data (FNV-1a). */
export function mockHash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * The person behind an `insuredId`: `self`, a SAMPLE member, a member added through the family mock (mock/family-api.ts
 * keeps only masked names and 身份证号: the person is made to mask the same, 城乡居民医保), or else a deterministic
 * invented person (its 身份证号 is only ever shown masked).
 */
export function mockInsuredOf(insuredId: string): MockInsured {
  const known = people.get(insuredId)
  if (known) return known
  const member = mockFamily().members.find((m) => m.id === insuredId)
  if (member) {
    const code = member.idNumber.slice(0, 6)
    return {
      name: `${[...member.name][0] ?? '某'}${'某'.repeat(Math.max(1, [...member.name].length - 1))}`,
      idNumber: `${code}${'0'.repeat(8)}${member.idNumber.slice(-4)}`,
      enrollment: 'resident',
      region: code === LISHUI_LIANDU.code ? LISHUI_LIANDU : { code, name: REGION_NAMES[code] ?? `${code}（参保地）` }
    }
  }
  const h = mockHash(insuredId)
  const surnames = ['陈', '李', '王', '赵', '周', '吴']
  const given = ['秀英', '桂兰', '志强', '国华', '小雨', '子涵']
  return {
    name: `${surnames[h % surnames.length]}${given[(h >> 4) % given.length]}`,
    idNumber: `33110219${String(40 + (h % 60)).padStart(2, '0')}0101${String(h % 1000).padStart(3, '0')}X`,
    enrollment: 'resident',
    region: LISHUI_LIANDU
  }
}

export interface MockEVoucherOptions {
  now?: () => Date
  ttlSeconds?: number
}
let options: MockEVoucherOptions = {}
export function configureMockEVoucher(o: MockEVoucherOptions): void {
  options = o
}
const now = (): Date => (options.now ? options.now() : new Date())

interface IssuedCode {
  insuredId: string
  expiresAt: number
  used: boolean
}
const issued = new Map<string, IssuedCode>()

export function resetMockEVoucher(): void {
  issued.clear()
  people.clear()
  for (const [id, p] of Object.entries(SAMPLES)) people.set(id, p)
  options = {}
}

function digits(n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += String(Math.floor(Math.random() * 10))
  return s
}

/** `424` + 17 random digits + 2 random digits + 2-digit province code + `0000`. */
export function mockVoucherCode(regionCode: string): string {
  return `424${digits(17)}${digits(2)}${regionCode.slice(0, 2)}0000`
}

export function mockEVoucher(insuredId: string): EVoucher {
  const p = mockInsuredOf(insuredId)
  const at = now()
  const who = { demo: true, name: maskName(p.name), idNumber: maskIdNumber(p.idNumber) }
  if (p.enrollment === 'none') {
    return {
      ...who,
      code: '',
      issuedAt: at.toISOString(),
      expiresAt: at.toISOString(),
      ttlSeconds: 0,
      insured: false,
      insuredPlace: null,
      insuranceType: null,
      enrollmentStatus: ENROLLMENT_STATUS_LABELS.none
    }
  }
  const ttl = options.ttlSeconds ?? EVOUCHER_DEFAULT_TTL_SECONDS
  const code = mockVoucherCode(p.region.code)
  const expiresAt = at.getTime() + ttl * 1000
  issued.set(code, { insuredId, expiresAt, used: false })
  return {
    ...who,
    code,
    issuedAt: at.toISOString(),
    expiresAt: new Date(expiresAt).toISOString(),
    ttlSeconds: ttl,
    insured: true,
    insuredPlace: p.region,
    insuranceType: INSURANCE_TYPE_LABELS[p.enrollment],
    enrollmentStatus: ENROLLMENT_STATUS_LABELS.insured
  }
}

/** The BFF answers 401 without a Bearer token (the mocks accept any token the session holds). */
export function requireBearer(request: Request): void {
  if (!/^Bearer \S+/.test(request.headers.get('authorization') ?? '')) throw errors.unauthorized()
}

export function insuredIdOf(request: Request): string {
  const v = new URL(request.url).searchParams.get('insuredId')
  return v && v.length <= 64 ? v : 'self'
}

function route(fn: (request: Request) => Promise<unknown> | unknown): HttpResponseResolver {
  return async ({ request }) => {
    try {
      return HttpResponse.json((await fn(request)) as Record<string, unknown>)
    } catch (e) {
      const err = e instanceof AppError ? e : errors.internal()
      return HttpResponse.json(err.toBody() as Record<string, unknown>, { status: err.status })
    }
  }
}

const P = '*/api/v1'

export const evoucherHandlers = [
  http.get(
    `${P}/evoucher`,
    route((request) => {
      requireBearer(request)
      const insuredId = insuredIdOf(request)
      // a member of the family mock: the grant decides, as in the BFF (domain/family.ts)
      const member = mockFamily().members.find((m) => m.id === insuredId)
      if (member) requireGrant(member, 'evoucher')
      return mockEVoucher(insuredId)
    })
  ),
  http.post(
    `${P}/evoucher/decode`,
    route(async (request): Promise<EVoucherDecoded> => {
      if (request.headers.get('x-terminal-key') !== MOCK_TERMINAL_KEY) throw errors.terminalUnauthorized()
      const body = DecodeRequestSchema.safeParse(await request.json().catch(() => null))
      if (!body.success) throw errors.evoucherUnknown()
      const c = issued.get(body.data.code)
      if (!c) throw errors.evoucherUnknown()
      if (c.used) throw errors.evoucherUsed()
      if (c.expiresAt <= now().getTime()) throw errors.evoucherExpired()
      c.used = true
      const p = mockInsuredOf(c.insuredId)
      const insured = p.enrollment !== 'none'
      return {
        name: maskName(p.name),
        idNumber: maskIdNumber(p.idNumber),
        insuredPlace: p.region,
        insuranceType: p.enrollment === 'none' ? null : INSURANCE_TYPE_LABELS[p.enrollment],
        enrollmentStatus: insured ? ENROLLMENT_STATUS_LABELS.insured : ENROLLMENT_STATUS_LABELS.none,
        demo: true,
        decodedAt: now().toISOString()
      }
    })
  )
]
