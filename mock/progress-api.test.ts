import { ApplicationDetailSchema, ApplicationsResponseSchema, ErrorCode, shanghaiToday } from '../contract'
import { mockApplications } from './apply-store'
import { resetMockProgress, SAMPLE_IDS, tinyPdf } from './progress-api'

/** The progress mocks answer like the BFF (contract/apply.ts): shapes, rules and error codes. */
const base = 'http://localhost/api/v1'
const get = (path: string) => fetch(`${base}${path}`)
const post = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { method: 'POST', ...init })

function jpegForm(name = 'a.jpg'): FormData {
  const bytes = new Uint8Array(64)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  const form = new FormData()
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }), name)
  return form
}

beforeEach(() => resetMockProgress())

describe('mock progress api', () => {
  it('seeds the sample cases in different states, all of the contract’s shape', async () => {
    const body = ApplicationsResponseSchema.parse(await (await get('/applications')).json())
    const byId = new Map(body.applications.map((a) => [a.id, a]))
    for (const id of SAMPLE_IDS) expect(byId.has(id)).toBe(true)
    expect(byId.get('sample-supplement')!.status).toBe('supplementRequested')
    expect(byId.get('sample-completed')!.status).toBe('completed')
    expect(byId.get('sample-overdue')!.overdue).toBe(true)
    expect(byId.get('sample-overdue')!.dueDate! < shanghaiToday()).toBe(true)
    // newest first
    const dates = body.applications.map((a) => a.submittedAt)
    expect([...dates].sort().reverse()).toEqual(dates)
    const filtered = ApplicationsResponseSchema.parse(await (await get('/applications?status=completed')).json())
    expect(filtered.applications.every((a) => a.status === 'completed')).toBe(true)
    expect((await get('/applications?status=nonsense')).status).toBe(400)
    expect(((await (await get('/applications/nope')).json()) as { code: string }).code).toBe(ErrorCode.APPLICATION_UNKNOWN)
  })

  it('overdue: the sample past its due date is overdue, the 待补正 one is not (domain/cases.ts caseOverdue)', async () => {
    const body = ApplicationsResponseSchema.parse(await (await get('/applications')).json())
    const byId = new Map(body.applications.map((a) => [a.id, a]))
    expect(byId.get('sample-overdue')?.overdue).toBe(true)
    expect(byId.get('sample-supplement')?.overdue).toBe(false)
  })

  it('补正: uploads only for asked materials, resubmit needs a key and every material, a repeat answers the same case', async () => {
    await get('/applications')
    const s = mockApplications.get('sample-supplement')!.supplement!
    expect((await post('/applications/sample-completed/materials/medical-records', { body: jpegForm() })).status).toBe(409)
    const unknown = await post('/applications/sample-supplement/materials/id-card', { body: jpegForm() })
    expect(((await unknown.json()) as { code: string }).code).toBe(ErrorCode.MATERIAL_UNKNOWN)
    const notImage = new FormData()
    notImage.append('file', new Blob([new Uint8Array([1, 2, 3, 4])]), 'x.exe')
    expect(((await (await post(`/applications/sample-supplement/materials/${s.materialIds[0]}`, { body: notImage })).json()) as { code: string }).code).toBe(
      ErrorCode.UPLOAD_TYPE_UNSUPPORTED
    )

    expect(((await (await post('/applications/sample-supplement/resubmit')).json()) as { code: string }).code).toBe(ErrorCode.IDEMPOTENCY_KEY_REQUIRED)
    const key = { 'Idempotency-Key': 'key-0123456789' }
    const early = await post('/applications/sample-supplement/resubmit', { headers: key })
    expect(((await early.json()) as { code: string; message: string }).message).toContain(s.materials[0])

    for (const m of s.materialIds) expect((await post(`/applications/sample-supplement/materials/${m}`, { body: jpegForm() })).status).toBe(200)
    const done = ApplicationDetailSchema.parse(await (await post('/applications/sample-supplement/resubmit', { headers: key })).json())
    expect(done.status).toBe('inReview')
    expect(done.supplement).toBeNull()
    expect(done.events.at(-1)).toMatchObject({ action: 'resubmit', from: 'supplementRequested', to: 'inReview', actor: { kind: 'citizen' } })
    const again = ApplicationDetailSchema.parse(await (await post('/applications/sample-supplement/resubmit', { headers: key })).json())
    expect(again.events).toHaveLength(done.events.length)
    // a new key on a case no longer waiting for 补正
    expect(((await (await post('/applications/sample-supplement/resubmit', { headers: { 'Idempotency-Key': 'key-other-123' } })).json()) as { code: string }).code).toBe(
      ErrorCode.SUPPLEMENT_NOT_REQUESTED
    )
  })

  it('serves the result as a valid PDF, and RESULT_UNKNOWN before a decision', async () => {
    const res = await get('/applications/sample-completed/result.pdf')
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const text = new TextDecoder().decode(await res.arrayBuffer())
    expect(text.startsWith('%PDF-1.4')).toBe(true)
    expect(((await (await get('/applications/sample-overdue/result.pdf')).json()) as { code: string }).code).toBe(ErrorCode.RESULT_UNKNOWN)
  })

  it('tinyPdf: every xref offset points at its object, startxref at the xref table', () => {
    const text = new TextDecoder().decode(tinyPdf(['Case (1)', 'Verify \\ code']))
    const startxref = Number(/startxref\n(\d+)/.exec(text)![1])
    expect(text.slice(startxref, startxref + 4)).toBe('xref')
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    expect(offsets).toHaveLength(5)
    offsets.forEach((off, i) => expect(text.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`))
    const stream = /<< \/Length (\d+) >>\nstream\n/.exec(text)!
    const start = stream.index + stream[0].length
    expect(text.slice(start + Number(stream[1]), start + Number(stream[1]) + '\nendstream'.length)).toBe('\nendstream')
    expect(text).toContain('(Case \\(1\\)) ')
  })

  it('notifications: newest first with the unread count; read and read-all', async () => {
    const first = (await (await get('/notifications')).json()) as { notifications: Array<{ id: string; read: boolean; createdAt: string }>; unread: number }
    expect(first.unread).toBe(first.notifications.filter((n) => !n.read).length)
    const unreadOne = first.notifications.find((n) => !n.read)!
    expect((await post(`/notifications/${unreadOne.id}/read`)).status).toBe(204)
    expect(((await (await get('/notifications')).json()) as { unread: number }).unread).toBe(first.unread - 1)
    expect((await post('/notifications/nope/read')).status).toBe(404)
    expect((await post('/notifications/read-all')).status).toBe(204)
    expect(((await (await get('/notifications')).json()) as { unread: number }).unread).toBe(0)
  })

  it('reminders: confirm makes a draft (twice: the same one), decline records, a decided one refuses', async () => {
    const c1 = (await (await post('/reminders/sample-reminder-newborn/confirm')).json()) as { draftId: string; reminder: { status: string } }
    expect(c1.reminder.status).toBe('confirmed')
    const c2 = (await (await post('/reminders/sample-reminder-newborn/confirm')).json()) as { draftId: string }
    expect(c2.draftId).toBe(c1.draftId)
    const draft = (await (await get(`/drafts/${c1.draftId}`)).json()) as { itemId: string }
    expect(draft.itemId).toBe('resident-enrollment')
    const d = await post('/reminders/sample-reminder-evoucher/decline', { body: JSON.stringify({ reason: '暂不需要' }), headers: { 'Content-Type': 'application/json' } })
    expect(((await d.json()) as { status: string }).status).toBe('declined')
    expect(((await (await post('/reminders/sample-reminder-evoucher/confirm')).json()) as { code: string }).code).toBe(ErrorCode.REMINDER_DECIDED)
    const tooLong = await post('/reminders/sample-reminder-declined/decline', { body: JSON.stringify({ reason: 'x'.repeat(201) }) })
    expect(tooLong.status).toBe(400)
  })
})
