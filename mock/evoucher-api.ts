import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import {
  DecodeRequestSchema,
  ENROLLMENT_STATUS_LABELS,
  EVOUCHER_DEFAULT_TTL_SECONDS,
  INSURANCE_TYPE_LABELS,
  maskIdNumber,
  maskName,
  type EVoucher,
  type EVoucherDecoded,
  type EVoucherUsage,
  type NotMeResult,
  type TerminalKind
} from '../contract'
import { AppError, errors } from '../domain/errors'
import { activeFreeze, freezeEnd, misuseReportText, NOT_ME_NEXT_STEPS, requireNotFrozen, usageEntry, type DecodeRecord } from '../domain/evoucher-usage'
import { requireGrant } from '../domain/family'
import { MOCK_APPLICANT } from './apply-store'
import { mockFileComplaint } from './evaluation-api'
import { mockFamily } from './family-api'

/**
 * msw handlers for the e-voucher (contract/evoucher.ts), answered in memory like the BFF's embedded adapter:
 *   GET  /api/v1/evoucher?insuredId=     Bearer; a fresh demo code in the national format (28 characters: `424` + 17 +
 *                                         2 random digits + province + `0000`) living `ttlSeconds` (60 s); a person who
 *                                         is not insured gets no code (`insured: false`)
 *   POST /api/v1/evoucher/decode {code}  X-Terminal-Key: a key of MOCK_TERMINALS; once per code (409 used, 410 expired,
 *                                         404 unknown); each decode goes into the person's 使用记录
 *   GET  /api/v1/evoucher/usage?insuredId=           the 使用记录 (domain/evoucher-usage.ts, as the BFF)
 *   POST /api/v1/evoucher/usage/:id/not-me           「不是我」: 24 h freeze, one 冒用 complaint (mock/evaluation-api.ts)
 * Codes of a member are fetched by the mock's user (MOCK_APPLICANT), so their decodes name her as the proxy.
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
export const MOCK_PHARMACY_TERMINAL_KEY = 'mock-pharmacy-terminal-key'
/** The counters' terminals the mocks know (the BFF's contract-suite side configures MOCK_TERMINAL the same). */
export const MOCK_TERMINAL = { id: 'T331102000017', institutionName: '丽水市人民医院', kind: 'registration' as TerminalKind }
const MOCK_TERMINALS: Record<string, typeof MOCK_TERMINAL> = {
  [MOCK_TERMINAL_KEY]: MOCK_TERMINAL,
  [MOCK_PHARMACY_TERMINAL_KEY]: { id: 'P331121000388', institutionName: '青田县百姓大药房', kind: 'pharmacy' }
}
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
/** 使用记录: decodes with whose code it was */
const decodes: Array<DecodeRecord & { insuredId: string }> = []
/** frozen until, by insuredId */
const freezes = new Map<string, string>()
let decodeSeq = 0

export function resetMockEVoucher(): void {
  issued.clear()
  decodes.length = 0
  freezes.clear()
  decodeSeq = 0
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
  requireNotFrozen(freezes.get(insuredId), at)
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

/** A counter decodes a code (POST /evoucher/decode without HTTP): once, logged in the person's 使用记录. */
export function mockDecode(code: string, terminalKey: string): EVoucherDecoded {
  const terminal = MOCK_TERMINALS[terminalKey]
  if (!terminal) throw errors.terminalUnauthorized()
  const c = issued.get(code)
  if (!c) throw errors.evoucherUnknown()
  if (c.used) throw errors.evoucherUsed()
  if (c.expiresAt <= now().getTime()) throw errors.evoucherExpired()
  c.used = true
  decodes.unshift({
    id: `use-${++decodeSeq}`,
    insuredId: c.insuredId,
    decodedAt: now().toISOString(),
    institutionName: terminal.institutionName,
    terminalKind: terminal.kind,
    terminalId: terminal.id,
    // the mock's user fetched every member's code on her phone
    fetchedBy: c.insuredId === 'self' ? null : MOCK_APPLICANT.name,
    reportedAt: null,
    complaintNo: null
  })
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
}

/** The mock's user may read a person's log: herself, or a member under the `evoucher` grant (as GET /evoucher). */
function requireEVoucherAccess(insuredId: string): void {
  const member = mockFamily().members.find((m) => m.id === insuredId)
  if (member) requireGrant(member, 'evoucher')
}

export function mockEVoucherUsage(insuredId: string): EVoucherUsage {
  requireEVoucherAccess(insuredId)
  return {
    name: maskName(mockInsuredOf(insuredId).name),
    frozenUntil: activeFreeze(freezes.get(insuredId), now()),
    entries: decodes.filter((d) => d.insuredId === insuredId).map((d) => usageEntry(d, maskName))
  }
}

/** 「不是我」 as the BFF: the first call freezes and files the 冒用 complaint; a later one answers the same report. */
export async function mockNotMe(id: string): Promise<NotMeResult> {
  const d = decodes.find((x) => x.id === id)
  if (!d) throw errors.evoucherUsageUnknown()
  try {
    requireEVoucherAccess(d.insuredId)
  } catch {
    throw errors.evoucherUsageUnknown()
  }
  const at = now()
  if (d.reportedAt === null) {
    d.reportedAt = at.toISOString()
    const until = freezeEnd(at).toISOString()
    if ((freezes.get(d.insuredId) ?? '') < until) freezes.set(d.insuredId, until)
    const p = mockInsuredOf(d.insuredId)
    const text = misuseReportText(d, { maskedName: maskName(p.name), reportedBy: d.insuredId === 'self' ? 'self' : 'guardian' }, maskName)
    d.complaintNo = (await mockFileComplaint({ subject: 'other', category: 'misuse', region: p.region.code, text })).complaintNo
  }
  return {
    entry: usageEntry(d, maskName),
    frozenUntil: activeFreeze(freezes.get(d.insuredId), at) ?? freezeEnd(new Date(d.reportedAt)).toISOString(),
    complaintNo: d.complaintNo,
    nextSteps: [...NOT_ME_NEXT_STEPS]
  }
}

export const evoucherHandlers = [
  http.get(
    `${P}/evoucher`,
    route((request) => {
      requireBearer(request)
      const insuredId = insuredIdOf(request)
      // a member of the family mock: the grant decides, as in the BFF (domain/family.ts)
      requireEVoucherAccess(insuredId)
      return mockEVoucher(insuredId)
    })
  ),
  http.get(
    `${P}/evoucher/usage`,
    route((request) => {
      requireBearer(request)
      return mockEVoucherUsage(insuredIdOf(request))
    })
  ),
  http.post(
    `${P}/evoucher/usage/:id/not-me`,
    route((request) => {
      requireBearer(request)
      return mockNotMe(decodeURIComponent(new URL(request.url).pathname.split('/').slice(-2)[0] ?? ''))
    })
  ),
  http.post(
    `${P}/evoucher/decode`,
    route(async (request): Promise<EVoucherDecoded> => {
      const key = request.headers.get('x-terminal-key') ?? ''
      if (!MOCK_TERMINALS[key]) throw errors.terminalUnauthorized()
      const body = DecodeRequestSchema.safeParse(await request.json().catch(() => null))
      if (!body.success) throw errors.evoucherUnknown()
      return mockDecode(body.data.code, key)
    })
  )
]
