import type { GrantScope } from '../../../contract/family'
import { exampleValues } from '../../../catalog/examples'
import type { ItemDetail } from '../../../contract/catalog'
import {
  configureMockApply,
  configureMockEVoucher,
  configureMockEvaluation,
  configureMockProgress,
  resetMockApplyStore,
  resetMockEVoucher,
  resetMockEvaluation,
  resetMockFamily,
  resetMockProgress,
  mockDeemedConsentSweep,
  seedMockFamily,
  mockApi,
  MOCK_APPLICANT,
  MOCK_TERMINAL,
  MOCK_TERMINAL_KEY
} from '../../../mock'
import { multipart, photo, signIn, refresh, SAMPLE, type Session } from '../apply/helpers'
import { testApp } from '../helpers'
import { staffAuth } from '../staff/helpers'

/**
 * The two sides the contract suite runs the same scenarios against: the msw handlers of mock/ (what every app test
 * talks to) and the BFF itself through `inject`. A side answers HTTP calls as the citizen or as window staff, moves
 * its clock, and sets up what only an outside party can (a family member who granted some scopes).
 */
export interface Answer {
  status: number
  // the scenarios read fields of JSON answers freely; the contract schemas check their shape
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
}

export interface Side {
  name: 'msw' | 'bff'
  /** the citizen: 张丽华, the SAMPLE person both sides know (bff/src/adapters/sample/persons.json, MOCK_APPLICANT) */
  citizen(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>
  /** window staff of the province (a 科长 who may take every step), under a name */
  staff(method: string, path: string, body?: unknown, name?: string): Promise<Answer>
  upload(path: string, file: { name: string; bytes: Buffer; mime: string }): Promise<Answer>
  /** a counter's scanner (X-Terminal-Key) */
  terminal(path: string, body: unknown): Promise<Answer>
  /** the item as both sides serve it */
  item(id: string, region: string): Promise<ItemDetail>
  /** valid form values for an item, as the citizen would type them */
  values(item: ItemDetail): Record<string, string>
  setNow(iso: string): Promise<void>
  now(): Date
  /** the scheduler's deemed-consent sweep (000 §6.1.2.1.2 超时未反对默认办理), run now */
  sweepDeemedConsent(): Promise<void>
  /** a family member of the citizen (an adult who accepted), holding exactly `scopes`; returns the member id */
  familyMember(scopes: GrantScope[]): Promise<string>
  /** before each scenario: msw forgets everything; the BFF keeps its database (each scenario makes its own cases) */
  reset(): Promise<void>
  close(): Promise<void>
}

const BASE = 'http://localhost/api/v1'
export const START = '2026-03-02T09:00:00+08:00'

async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // a PDF or other bytes: kept as text
  }
  return { status: res.status, body }
}

export async function mswSide(): Promise<Side> {
  let t = new Date(START)
  const now = (): Date => t
  const configure = (): void => {
    configureMockApply({ now })
    configureMockProgress({ now })
    configureMockEvaluation({ now })
    configureMockEVoucher({ now })
  }
  configure()
  const call = (headers: Record<string, string>) => async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    answerOf(
      await fetch(`${BASE}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
        body: body === undefined ? undefined : JSON.stringify(body)
      })
    )
  const citizen = call({ authorization: 'Bearer mock-citizen' })
  return {
    name: 'msw',
    citizen,
    staff: (method, path, body, name = '李芳') => call({ authorization: `Bearer mock-staff:${encodeURIComponent(name)}` })(method, path, body),
    upload: async (path, file) => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.name)
      return answerOf(await fetch(`${BASE}${path}`, { method: 'POST', headers: { authorization: 'Bearer mock-citizen' }, body: form }))
    },
    terminal: (path, body) => call({ 'x-terminal-key': MOCK_TERMINAL_KEY })('POST', path, body),
    item: async (id, region) => (await mockApi()).item(id, region),
    values: (item) => exampleValues(item.form!, MOCK_APPLICANT, t),
    setNow: async (iso) => {
      t = new Date(iso)
    },
    now,
    sweepDeemedConsent: async () => {
      await mockDeemedConsentSweep()
    },
    familyMember: async (scopes) => {
      const id = `member-${scopes.join('-') || 'none'}`
      seedMockFamily({
        members: [
          {
            id,
            relationship: 'parent',
            relationshipLabel: '父母',
            name: '王*国',
            idNumber: '331121********0019',
            age: 75,
            minor: false,
            status: 'active',
            statusLabel: '已生效',
            scopes,
            requestedScopes: scopes,
            addedAt: t.toISOString()
          }
        ]
      })
      return id
    },
    reset: async () => {
      t = new Date(START)
      resetMockApplyStore()
      resetMockProgress()
      resetMockEvaluation()
      resetMockFamily()
      resetMockEVoucher()
      configure()
    },
    close: async () => undefined
  }
}

export async function bffSide(): Promise<Side> {
  let t = new Date(START)
  const now = (): Date => t
  const { app, cleanup } = await testApp({ clock: now, config: { terminalKey: MOCK_TERMINAL_KEY, terminalInfo: MOCK_TERMINAL } })
  const zhang: Session = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  let wang: Session | null = null
  const inject = async (method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> => {
    const res = await app.inject({ method: method as 'GET', url: `/api/v1${path}`, headers, ...(body === undefined ? {} : { payload: body as object }) })
    let parsed: unknown = res.body
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined
    } catch {
      // bytes
    }
    return { status: res.statusCode, body: parsed }
  }
  return {
    name: 'bff',
    citizen: (method, path, body, extra = {}) => inject(method, path, { ...zhang.headers, ...extra }, body),
    staff: async (method, path, body, name = '李芳') => inject(method, path, await staffAuth(app, { name }), body),
    upload: async (path, file) => {
      const mp = multipart(file.name, file.bytes, file.mime)
      const res = await app.inject({ method: 'POST', url: `/api/v1${path}`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
      return { status: res.statusCode, body: res.json() }
    },
    terminal: (path, body) => inject('POST', path, { 'x-terminal-key': MOCK_TERMINAL_KEY }, body),
    item: async (id, region) => app.catalog.itemDetail(id, region),
    values: (item) => exampleValues(item.form!, SAMPLE.zhang, t),
    setNow: async (iso) => {
      t = new Date(iso)
      await refresh(app, zhang)
      if (wang) await refresh(app, wang)
    },
    now,
    sweepDeemedConsent: async () => {
      await app.reminders.sweepDeemedConsent()
    },
    familyMember: async (scopes) => {
      const granted = scopes.length ? scopes : ['record']
      if (!wang) {
        wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
        const added = await inject('POST', '/family/members', zhang.headers, { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber, relationship: 'parent', scopes: granted })
        if (added.status !== 201) throw new Error(`add member ${added.status} ${JSON.stringify(added.body)}`)
        const requests = await inject('GET', '/family/requests', wang.headers)
        const req = (requests.body.requests as Array<{ id: string }>)[0]
        await ok(inject('POST', `/family/requests/${req.id}/accept`, wang.headers, { scopes: granted }))
      } else {
        // the member changes what they grant (a narrowed grant holds from the next request)
        const grants = (await inject('GET', '/family/grants', wang.headers)).body.grants as Array<{ id: string }>
        await ok(inject('PUT', `/family/grants/${grants[0].id}`, wang.headers, { scopes: granted }))
      }
      const members = (await inject('GET', '/family/members', zhang.headers)).body.members as Array<{ id: string }>
      return members[0].id
    },
    reset: async () => {
      t = new Date(START)
      await refresh(app, zhang)
    },
    close: cleanup
  }
}

async function ok(p: Promise<Answer>): Promise<Answer> {
  const a = await p
  if (a.status !== 200) throw new Error(`${a.status} ${JSON.stringify(a.body)}`)
  return a
}

/** A photo both sides take (a legible size: the BFF checks pixels). */
let cachedPhoto: Buffer | null = null
export async function paperPhoto(): Promise<Buffer> {
  cachedPhoto ??= await photo()
  return cachedPhoto
}

