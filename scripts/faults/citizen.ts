import sharp from 'sharp'
import { exampleValues } from '../../catalog/examples'
import { applicableMaterials } from '../../domain/answers'
import type { FormField, ItemDetail } from '../../contract/catalog'
import { idNumberCheckChar } from '../../contract/identity'
import { expectStatus, http, type Answer } from './http'

/**
 * Citizens of the drills, through the BFF's public API only: sign-in with the SMS code from the development outbox
 * (GET /api/v1/dev/outbox), real-name, drafts, uploads and submits, as the app does.
 */
export interface Citizen {
  phone: string
  name: string
  idNumber: string
  token: string
}

const NAMES = ['陈静怡', '周子涵', '吴雨桐', '郑浩然', '孙梦瑶', '钱思远', '冯嘉怡', '蒋文博', '沈欣然', '韩志强']

/** An invented person for drill `tag` (a valid 身份证号 of 丽水莲都 that is not in the sample registry). */
export function person(tag: number, i: number): { phone: string; name: string; idNumber: string } {
  const seq = String(tag * 20 + i).padStart(3, '0').slice(-3)
  const body = `33110219${80 + (i % 15)}0${1 + (i % 9)}1${i % 10}${seq}`
  return {
    phone: `1390${String(tag).padStart(2, '0')}${String(i).padStart(5, '0')}`.slice(0, 11),
    name: NAMES[i % NAMES.length],
    idNumber: body + idNumberCheckChar(body)
  }
}

/** Retries `fn` while the BFF is not reachable or answers 503 (a start in progress), for setup steps only. */
export async function patiently<T>(fn: () => Promise<T>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    try {
      return await fn()
    } catch (err) {
      if (Date.now() > until) throw err
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}

export async function signIn(port: number, p: { phone: string; name: string; idNumber: string }): Promise<Citizen> {
  expectStatus(await http(port, { method: 'POST', path: '/api/v1/auth/sms-code', json: { phone: p.phone } }), [200], 'sms-code')
  const outbox = expectStatus(await http(port, { method: 'GET', path: `/api/v1/dev/outbox?phone=${p.phone}` }), [200], 'outbox')
  const code = (outbox.json as { messages: Array<{ code: string | null }> }).messages[0]?.code
  const login = expectStatus(await http(port, { method: 'POST', path: '/api/v1/auth/login', json: { phone: p.phone, code } }), [200], 'login')
  const token = (login.json as { accessToken: string }).accessToken
  expectStatus(await http(port, { method: 'POST', path: '/api/v1/auth/realname', token, json: { name: p.name, idNumber: p.idNumber } }), [200], 'realname')
  return { ...p, token }
}

const itemCache = new Map<string, ItemDetail>()
export async function itemDetail(port: number, itemId: string, region: string): Promise<ItemDetail> {
  const k = `${itemId}@${region}`
  const hit = itemCache.get(k)
  if (hit) return hit
  const a = expectStatus(await http(port, { method: 'GET', path: `/api/v1/items/${itemId}?region=${region}` }), [200], `item ${itemId}`)
  itemCache.set(k, a.json as ItemDetail)
  return a.json as ItemDetail
}

/** Valid values for the item's form, without the read-only (prefilled) fields. */
export function formValues(item: ItemDetail, c: Citizen): Record<string, string> {
  const values = exampleValues(item.form!, c)
  for (const f of item.form!.fields) if (f.readonly) delete values[f.key]
  return values
}

/** A free-text field whose content the drill changes on every save (so a lost save is visible), if the form has one. */
export function editableField(item: ItemDetail): FormField | null {
  return item.form!.fields.find((f) => !f.readonly && (f.kind === 'longText' || f.kind === 'address')) ?? null
}

/**
 * The materials a draft of `item` filled by formValues must upload: required for its answers (domain/answers.ts;
 * paper originals too, photographed before they are mailed), not shared-verified for this applicant. The answers
 * that choose materials are selects, and formValues answers each with its first option whoever the citizen is.
 */
export function materialsToUpload(item: ItemDetail, sharedVerified: string[]): string[] {
  const answers = exampleValues(item.form!, { name: '', idNumber: '', phone: '' })
  return applicableMaterials(item, answers).filter((m) => m.required && !sharedVerified.includes(m.id)).map((m) => m.id)
}

/** `n` distinct phone photos of a paper (random noise: every one has its own bytes and hash). */
export async function photos(n: number, width = 900, height = 700): Promise<Buffer[]> {
  const out: Buffer[] = []
  for (let i = 0; i < n; i++) {
    out.push(
      await sharp({ create: { width, height, channels: 3, background: '#999', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
        .jpeg({ quality: 75 })
        .toBuffer()
    )
  }
  return out
}

export interface DraftView {
  id: string
  itemId: string
  version: number
  values: Record<string, string>
  uploads: Array<{ id: string; materialId: string; sha256: string; size: number }>
  sharedVerified: string[]
  applicationId: string | null
}

export async function getDraft(port: number, c: Citizen, id: string): Promise<DraftView> {
  return expectStatus(await http(port, { method: 'GET', path: `/api/v1/drafts/${id}`, token: c.token }), [200], `draft ${id}`).json as DraftView
}

export function describe(a: Answer): string {
  return `${a.status} ${a.json?.code ?? ''} ${a.json?.message ?? ''}`.trim()
}
