/**
 * `npm run staff -- <command>`: the window staff's side of the embedded agency, for demos (issue 3).
 *
 *   list [--status <status>]                    cases, oldest first
 *   show <id|caseNo>                            one case, whole, with its timeline
 *   act <id|caseNo> <action> [options]          one step of the workflow (001 §5.2.3):
 *       assign --staff <name> | preAccept | accept | receivePaper | startReview
 *       requestSupplement --materials <id,id> --note <text> [--days <working days>]
 *       complete [--note <text>] | reject --reason <text>
 *       deliver --method pickup|mail|online [--tracking <no>] | returnMaterials
 *   remind --id-number <身份证号> --item <itemId> --region <code> --reason <text>
 *
 * Talks to a running BFF (BFF_URL, default http://127.0.0.1:3000) with STAFF_TOKEN, or the development token that
 * `npm start` keeps in the data folder (DATA_DIR, default ./data).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const BASE = (process.env.BFF_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, '')

function token(): string {
  if (process.env.STAFF_TOKEN) return process.env.STAFF_TOKEN
  const file = join(resolve(process.env.DATA_DIR ?? './data'), 'staff-token.dev')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  throw new Error('No staff token: set STAFF_TOKEN, or start the BFF once with `npm start` (it makes a development token).')
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token()}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  const text = await res.text()
  const data: unknown = text ? JSON.parse(text) : null
  if (!res.ok) {
    const e = data as { code?: string; message?: string } | null
    throw new Error(`${res.status} ${e?.code ?? ''} ${e?.message ?? text}`)
  }
  return data
}

interface Summary {
  id: string
  caseNo: string
  itemName: string
  statusLabel: string
  status: string
  dueDate: string | null
  overdue: boolean
  applicantName: string
}

async function resolveId(ref: string): Promise<string> {
  if (!ref.startsWith('YB')) return ref
  const { applications } = (await call('GET', '/api/v1/staff/applications')) as { applications: Summary[] }
  const hit = applications.find((a) => a.caseNo === ref)
  if (!hit) throw new Error(`no case ${ref}`)
  return hit.id
}

function printCase(c: Record<string, unknown>): void {
  const events = (c.events ?? []) as Array<{ at: string; actor: { name: string }; label: string; note: string | null }>
  console.log(`${c.caseNo}  ${c.itemName}  [${c.statusLabel}]  申请人 ${c.applicantName}  办结时限 ${c.dueDate ?? '即时'}${c.overdue ? '  已超期' : ''}`)
  for (const e of events) console.log(`  ${e.at}  ${e.label}  ${e.actor.name}${e.note ? `  — ${e.note}` : ''}`)
  if (c.supplement) console.log('  补正：', JSON.stringify(c.supplement))
  if (c.result) console.log('  结果：', JSON.stringify(c.result))
}

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2)
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      status: { type: 'string' },
      staff: { type: 'string' },
      note: { type: 'string' },
      reason: { type: 'string' },
      materials: { type: 'string' },
      days: { type: 'string' },
      method: { type: 'string' },
      tracking: { type: 'string' },
      'id-number': { type: 'string' },
      item: { type: 'string' },
      region: { type: 'string' }
    }
  })
  switch (cmd) {
    case 'list': {
      const q = values.status ? `?status=${encodeURIComponent(values.status)}` : ''
      const { applications } = (await call('GET', `/api/v1/staff/applications${q}`)) as { applications: Summary[] }
      for (const a of applications) {
        console.log(`${a.id}  ${a.caseNo}  ${a.itemName}  [${a.statusLabel}]  ${a.applicantName}  ${a.dueDate ?? ''}${a.overdue ? ' 已超期' : ''}`)
      }
      if (!applications.length) console.log('(no cases)')
      return
    }
    case 'show':
      printCase((await call('GET', `/api/v1/staff/applications/${await resolveId(positionals[0] ?? '')}`)) as Record<string, unknown>)
      return
    case 'act': {
      const [ref, action] = positionals
      if (!ref || !action) throw new Error('usage: act <id|caseNo> <action> [options]')
      const body: Record<string, unknown> = { action }
      if (values.staff) body.staffName = values.staff
      if (values.note) body.note = values.note
      if (values.reason) body.reason = values.reason
      if (values.materials) body.materialIds = values.materials.split(',').map((s) => s.trim())
      if (values.days) body.deadlineDays = Number(values.days)
      if (values.method) body.method = values.method
      if (values.tracking) body.trackingNo = values.tracking
      printCase((await call('POST', `/api/v1/staff/applications/${await resolveId(ref)}/actions`, body)) as Record<string, unknown>)
      return
    }
    case 'remind': {
      const r = await call('POST', '/api/v1/staff/reminders', {
        idNumber: values['id-number'],
        itemId: values.item,
        region: values.region,
        reason: values.reason
      })
      console.log(JSON.stringify(r, null, 2))
      return
    }
    default:
      console.log(readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*?|^ \* ?/gm, ''))
      process.exitCode = cmd ? 1 : 0
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
