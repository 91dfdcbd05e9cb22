import { randomUUID } from 'node:crypto'
import { ApplicationDetailSchema, type ApplicationDetail } from '../../../contract/apply'
import { ARCHIVE_LABEL } from '../../../domain/archive'
import { staffAuth, submitReimbursement } from '../staff/helpers'
import { SAMPLE, appWithZhang, preparedDraft } from './helpers'

/**
 * 000 §6.1.5 归档 (办件结束，医保经办平台自动完成归档): a case is archived once, when it ends (domain/archive.ts) — a
 * smart case with its decision, a manual case when the result was delivered (001 §5.2.3.7) and the kept paper originals
 * returned (001 §5.2.3.6) — with its item, the digest of its guide, its materials and their digests, and its outcome;
 * the timeline shows 已归档.
 */
const now = new Date('2026-11-02T02:00:00Z') // Monday 10:00 in Shanghai
let t: Awaited<ReturnType<typeof appWithZhang>>

beforeAll(async () => {
  t = await appWithZhang(now)
})
afterAll(async () => t.cleanup())

interface ArchiveRow {
  application_id: string
  item_id: string
  guide_sha256: string
  materials_json: string
  outcome: string
}
const archiveOf = (id: string): Promise<ArchiveRow[]> =>
  t.app.db.prepare<[string], ArchiveRow>('SELECT * FROM case_archive WHERE application_id = ?').all(id)
const archiveNodes = (c: ApplicationDetail) => c.events.filter((e) => e.label === ARCHIVE_LABEL)

const as = (role: 'clerk' | 'reviewer', name: string) => staffAuth(t.app, { role, region: '331102', name, enrolled: true })
async function act(role: 'clerk' | 'reviewer', id: string, payload: Record<string, unknown>): Promise<ApplicationDetail> {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${id}/actions`, headers: await as(role, role === 'clerk' ? '甲窗口' : '钱审核'), payload })
  expect([res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([200, ''])
  return ApplicationDetailSchema.parse(res.json())
}

it('a manual case is archived once, only after its result was delivered and its kept originals returned', async () => {
  const c = await submitReimbursement(t.app, t.zhang, now)
  await act('clerk', c.id, { action: 'assign', staffName: '甲窗口' })
  await act('clerk', c.id, { action: 'preAccept' })
  await act('clerk', c.id, { action: 'receivePaper' })
  await act('reviewer', c.id, { action: 'startReview' })
  const decided = await act('reviewer', c.id, { action: 'complete', amountFen: 12_345 })
  // decided is not ended: the result is still to be delivered (001 §5.2.3.7)
  expect(archiveNodes(decided)).toEqual([])
  const delivered = await act('clerk', c.id, { action: 'deliver', method: 'mail', trackingNo: 'SF1234567890' })
  // the paper originals the agency kept are still to be sent back (001 §5.2.3.6)
  expect(archiveNodes(delivered)).toEqual([])
  expect(await archiveOf(c.id)).toEqual([])

  const returned = await act('clerk', c.id, { action: 'returnMaterials' })
  expect(archiveNodes(returned)).toHaveLength(1)
  expect(returned.events.at(-1)).toMatchObject({ action: 'archive', label: '已归档', actor: { kind: 'system' }, to: 'completed' })
  const [entry, ...more] = await archiveOf(c.id)
  expect(more).toEqual([])
  expect(entry).toMatchObject({ item_id: 'medical-reimbursement', outcome: 'approved' })
  expect(entry.guide_sha256).toMatch(/^[0-9a-f]{64}$/)
  const materials = JSON.parse(entry.materials_json) as Array<{ source: string; sha256: string | null; name: string }>
  // every photo uploaded, by its digest, and what data sharing verified
  expect(materials.filter((m) => m.source === 'upload').length).toBe(c.uploads.length)
  expect(materials.filter((m) => m.source === 'upload').every((m) => /^[0-9a-f]{64}$/.test(m.sha256 ?? ''))).toBe(true)

  // the citizen's timeline shows it too; nothing after it archives again
  const mine = ApplicationDetailSchema.parse((await t.app.inject({ url: `/api/v1/applications/${c.id}`, headers: t.zhang.headers })).json())
  expect(archiveNodes(mine)).toHaveLength(1)
})

it('a smart case is archived with its decision, at once', async () => {
  const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
  const draftId = await preparedDraft(t.app, t.zhang, 'evoucher-activation', '331102', applicant, undefined, now)
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...t.zhang.headers, 'idempotency-key': `k-${randomUUID()}` }, payload: {} })
  expect(res.statusCode).toBe(201)
  const c = ApplicationDetailSchema.parse(res.json())
  expect(c.events.map((e) => e.action)).toEqual(['submit', 'autoComplete', 'archive'])
  expect(await archiveOf(c.id)).toHaveLength(1)
})
