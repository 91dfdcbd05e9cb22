/**
 * `npm run staff -- <command>`: the agency staff's side of the embedded agency, signed in as a person.
 *
 * Accounts (contract/staff.ts): one per person, password + a one-time code from an authenticator app (TOTP).
 *   bootstrap --user <name> --name <姓名> [--region <code>]   the first administrator (needs STAFF_TOKEN, or the
 *                                                            development token `npm start` keeps in DATA_DIR); prints
 *                                                            the TOTP secret to add to an authenticator app
 *   login --user <name>                          password and 6-digit code (asked, or STAFF_PASSWORD / STAFF_OTP);
 *                                                the token is kept in STAFF_SESSION_FILE (default ~/.config/yb-staff/session.json, 0600)
 *   logout | whoami
 *   add-staff --user <name> --name <姓名> --role clerk|reviewer|chief|evaluationAdmin|admin --region <code>
 *                                                (administrator) prints the enrolment code for that person
 *   enroll --user <name> --code <enrolment code>  the person sets their password and gets their TOTP secret
 *   accounts | disable <id> | audit [--staff-id <id>]   (administrator)
 *
 * Who did what is the signed-in account (--staff and --reviewer are no longer needed). Cases (窗口受理, 审核, 科长):
 *   list [--status <status>]                    cases, oldest first
 *   show <id|caseNo>                            one case, whole, with its timeline
 *   act <id|caseNo> <action> [options]          one step of the workflow (001 §5.2.3):
 *       assign --staff <name> | preAccept | accept | receivePaper [--materials <id,id>] | startReview
 *       reassign --staff-id <account id> [--note <text>]   (科长: an assigned case to another clerk of its region)
 *       requestSupplement --materials <id,id> [--better-copy <id,id>] --note <text> [--days <working days>]
 *       complete [--note <text>] [--amount <元> [--pay-date YYYY-MM-DD]]
 *       reject --reason <text> --conditions <requirements:N,prohibitions:N>  (the guide's conditions it rests on)
 *           (items that pay money — 报销, 退费 — are completed with the amount paid)
 *       deliver --method pickup|mail|online [--tracking <no>, needed by mail] | returnMaterials
 *   remind --id-number <身份证号> --item <itemId> --region <code> --reason <text>
 *
 * 好差评 (000 §8.2.1: 差评回访 → 核实 → 整改 | 解释说明 → 反馈; <ref> is the rating's id or its case number):
 *   evaluations [--state <loopState>] [--level <level>] [--overdue]   ratings, newest first
 *   evaluation <ref>                                                  one rating with its loop
 *   followup <ref> --result reached|unreachable --note <text>     回访
 *   verify <ref> --substantiated yes|no --note <finding>          核实
 *   rectify <ref> --note <text>                         整改 (the citizen reads the note)
 *   explain <ref> --note <text>                         解释说明 (the citizen reads the note)
 *   appeal <ref> --reason <text>                        申诉 against a malicious rating
 *   decide-appeal <ref> --upheld yes|no --note <text>   the chief's decision (科长)
 * 投诉 (003 §11.3; <ref> is the complaint's id or its number TS…):
 *   complaints [--status received|handling|answered|closed] [--overdue]
 *   handle-complaint <ref> [--note <text>]              received → handling
 *   answer-complaint <ref> --text <answer>              the answer (the citizen is told by SMS)
 *   metrics [--region <code>] [--item <itemId>] [--month YYYY-MM]      the public service metrics (001 §6.2)
 * 节假日安排 (the working days of every due date):
 *   calendar                                 where each year's working days come from; warns when next year is missing
 *   calendar-import <file.json>              the State Council's arrangement of a year (管理员; docs/holiday-calendar.md)
 *
 * Talks to a running BFF (BFF_URL, default http://127.0.0.1:3000).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import QRCode from 'qrcode'
import { staffRequest } from './staff-client'

const BASE = (process.env.BFF_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, '')
const SESSION_FILE = resolve(process.env.STAFF_SESSION_FILE ?? join(homedir(), '.config', 'yb-staff', 'session.json'))

/** The signed-in person's token (kept by `login`, only readable by this user). */
function sessionToken(): string {
  if (existsSync(SESSION_FILE)) {
    // whether it still holds (expiry, idle time, sign-out elsewhere) is the BFF's to say: 401 STAFF_UNAUTHORIZED
    const s = JSON.parse(readFileSync(SESSION_FILE, 'utf8')) as { base: string; token: string; expiresAt: string }
    if (s.base === BASE) return s.token
  }
  throw new Error('Not signed in: `npm run staff -- login --user <登录名>` first.')
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  return staffRequest(BASE, method, path, sessionToken(), body)
}

/** The shared token that creates the first administrator: STAFF_TOKEN, or the development one of `npm start`. */
function bootstrapToken(): string {
  if (process.env.STAFF_TOKEN) return process.env.STAFF_TOKEN
  const file = join(resolve(process.env.DATA_DIR ?? './data'), 'staff-token.dev')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  throw new Error('No STAFF_TOKEN: set it, or start the BFF once with `npm start` (it makes a development token).')
}

/** Asks on the terminal (not echoed when secret), unless the environment variable gives the answer. */
async function ask(question: string, envName: string, secret = false): Promise<string> {
  const given = process.env[envName]
  if (given) return given
  if (!process.stdin.isTTY) throw new Error(`${envName} is not set and there is no terminal to ask on`)
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  if (secret) {
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream }
    out._writeToOutput = (s: string) => {
      if (s.startsWith(question)) out.output.write(question)
    }
  }
  const answer = await rl.question(question)
  rl.close()
  if (secret) process.stdout.write('\n')
  return answer.trim()
}

async function printTotp(t: { secret: string; uri: string }): Promise<void> {
  console.log('请在身份验证器应用（如 Microsoft/Google Authenticator、FreeOTP）中添加以下密钥，仅显示这一次：')
  console.log(`  密钥: ${t.secret}`)
  console.log(`  ${t.uri}`)
  if (process.stdout.isTTY) console.log(await QRCode.toString(t.uri, { type: 'terminal', small: true }))
}

async function accountCommand(cmd: string, values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<boolean> {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined)
  switch (cmd) {
    case 'bootstrap': {
      const password = await ask('设置密码（至少 12 位）: ', 'STAFF_PASSWORD', true)
      const r = (await staffRequest(BASE, 'POST', '/api/v1/staff/bootstrap', bootstrapToken(), {
        username: str('user'),
        name: str('name'),
        region: str('region') ?? '330000',
        password
      })) as { account: { username: string; roleLabel: string }; totp: { secret: string; uri: string } }
      console.log(`已创建管理员 ${r.account.username}（${r.account.roleLabel}）`)
      await printTotp(r.totp)
      return true
    }
    case 'enroll': {
      const password = await ask('设置密码（至少 12 位）: ', 'STAFF_PASSWORD', true)
      const r = (await staffRequest(BASE, 'POST', '/api/v1/staff/enroll', null, { username: str('user'), enrollCode: str('code'), password })) as {
        account: { username: string; roleLabel: string }
        totp: { secret: string; uri: string }
      }
      console.log(`账号 ${r.account.username}（${r.account.roleLabel}）已开通`)
      await printTotp(r.totp)
      return true
    }
    case 'login': {
      const username = str('user') ?? (await ask('登录名: ', 'STAFF_USER'))
      const password = await ask('密码: ', 'STAFF_PASSWORD', true)
      const otp = await ask('动态验证码（6 位）: ', 'STAFF_OTP')
      const s = (await staffRequest(BASE, 'POST', '/api/v1/staff/session', null, { username, password, otp })) as {
        token: string
        expiresAt: string
        account: { name: string; roleLabel: string; region: { name: string } }
      }
      mkdirSync(dirname(SESSION_FILE), { recursive: true, mode: 0o700 })
      writeFileSync(SESSION_FILE, JSON.stringify({ base: BASE, token: s.token, expiresAt: s.expiresAt }), { mode: 0o600 })
      chmodSync(SESSION_FILE, 0o600)
      console.log(`已登录：${s.account.name}（${s.account.roleLabel}，${s.account.region.name}），至 ${s.expiresAt}`)
      return true
    }
    case 'logout':
      if (existsSync(SESSION_FILE)) {
        await staffRequest(BASE, 'DELETE', '/api/v1/staff/session', sessionToken()).catch(() => undefined)
        rmSync(SESSION_FILE, { force: true })
      }
      console.log('已退出登录')
      return true
    case 'whoami':
      console.log(JSON.stringify(await call('GET', '/api/v1/staff/me'), null, 2))
      return true
    case 'accounts': {
      const { accounts } = (await call('GET', '/api/v1/staff/accounts')) as { accounts: Array<{ id: string; username: string; name: string; roleLabel: string; region: { name: string }; status: string }> }
      for (const a of accounts) console.log(`${a.id}  ${a.username}  ${a.name}  ${a.roleLabel}  ${a.region.name}  ${a.status}`)
      return true
    }
    case 'add-staff': {
      const r = (await call('POST', '/api/v1/staff/accounts', { username: str('user'), name: str('name'), role: str('role'), region: str('region') })) as {
        account: { username: string }
        enrollCode: string
        enrollExpiresAt: string
      }
      console.log(`已开通 ${r.account.username}。请把开通码当面交给本人（${r.enrollExpiresAt} 前有效）：`)
      console.log(`  npm run staff -- enroll --user ${r.account.username} --code ${r.enrollCode}`)
      return true
    }
    case 'disable':
      console.log(JSON.stringify(await call('POST', `/api/v1/staff/accounts/${positionals[0] ?? ''}/disable`), null, 2))
      return true
    case 'calendar':
    case 'calendar-import': {
      const status = (
        cmd === 'calendar'
          ? await call('GET', '/api/v1/staff/calendar')
          : await call('POST', '/api/v1/staff/calendar', JSON.parse(readFileSync(resolve(positionals[0] ?? ''), 'utf8')) as unknown)
      ) as { years: Array<{ year: number; source: string; loadedFrom: string | null }>; warning: string | null }
      const label: Record<string, string> = { official: '官方安排', 'statutory-fallback': '仅法定节假日（无调休）', 'weekends-only': '仅周末' }
      for (const y of status.years) console.log(`${y.year}  ${label[y.source] ?? y.source}${y.loadedFrom ? `  导入自：${y.loadedFrom}` : ''}`)
      if (status.warning) console.log(`注意：${status.warning}`)
      return true
    }
    case 'audit': {
      const q = str('staff-id') ? `?staffId=${encodeURIComponent(str('staff-id')!)}` : ''
      const { entries } = (await call('GET', `/api/v1/staff/audit${q}`)) as { entries: Array<{ at: string; staffName: string; method: string; route: string; targetId: string | null; status: number }> }
      for (const e of entries) console.log(`${e.at}  ${e.staffName}  ${e.method} ${e.route}${e.targetId ? `  ${e.targetId}` : ''}  ${e.status}`)
      return true
    }
    default:
      return false
  }
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

interface StaffEvaluationView {
  id: string
  caseNo: string
  itemName: string
  levelLabel: string
  defaulted: boolean
  actorName: string
  contactPhone: string | null
  reasonLabels: string[]
  text: string | null
  comment: { text: string } | null
  loop: {
    stateLabel: string
    dueDate: string
    overdue: boolean
    allowedActions: string[]
    events: Array<{ at: string; actor: { name: string }; label: string; note: string | null }>
  } | null
}

interface ComplaintView {
  id: string
  complaintNo: string
  statusLabel: string
  /** 现场 / 电话 / 网上 / 信函 (003 §11.3.2) */
  channelLabel: string
  categoryLabel: string
  complainantName: string
  dueDate: string
  overdue: boolean
  text: string
  answer: { text: string } | null
  events: Array<{ at: string; actor: { name: string }; label: string; note: string | null }>
}

async function evaluationId(ref: string): Promise<string> {
  if (!ref.startsWith('YB')) return ref
  const { evaluations } = (await call('GET', '/api/v1/staff/evaluations')) as { evaluations: StaffEvaluationView[] }
  const hit = evaluations.find((v) => v.caseNo === ref)
  if (!hit) throw new Error(`no rating of case ${ref}`)
  return hit.id
}

async function complaintId(ref: string): Promise<string> {
  if (!ref.startsWith('TS')) return ref
  const { complaints } = (await call('GET', '/api/v1/staff/complaints')) as { complaints: ComplaintView[] }
  const hit = complaints.find((c) => c.complaintNo === ref)
  if (!hit) throw new Error(`no complaint ${ref}`)
  return hit.id
}

function printEvaluation(v: StaffEvaluationView): void {
  console.log(`${v.caseNo}  ${v.itemName}  ${v.levelLabel}${v.defaulted ? '（系统默认好评）' : ''}  评价人 ${v.actorName}  ${v.contactPhone ?? ''}`)
  if (v.reasonLabels.length || v.text) console.log(`  ${v.reasonLabels.join('、')}${v.text ? `  “${v.text}”` : ''}`)
  if (v.comment) console.log(`  追评：${v.comment.text}`)
  if (!v.loop) return
  console.log(`  [${v.loop.stateLabel}]  整改期限 ${v.loop.dueDate}${v.loop.overdue ? '  已超期' : ''}  可执行：${v.loop.allowedActions.join(' / ') || '无'}`)
  for (const e of v.loop.events) console.log(`  ${e.at}  ${e.label}  ${e.actor.name}${e.note ? `  — ${e.note}` : ''}`)
}

function printComplaint(c: ComplaintView): void {
  console.log(`${c.complaintNo}  [${c.statusLabel}]  ${c.channelLabel}  ${c.categoryLabel}  ${c.complainantName}  答复期限 ${c.dueDate}${c.overdue ? '  已超期' : ''}`)
  console.log(`  ${c.text}`)
  for (const e of c.events) console.log(`  ${e.at}  ${e.label}  ${e.actor.name}${e.note ? `  — ${e.note}` : ''}`)
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
      'better-copy': { type: 'string' },
      conditions: { type: 'string' },
      days: { type: 'string' },
      method: { type: 'string' },
      tracking: { type: 'string' },
      amount: { type: 'string' },
      'pay-date': { type: 'string' },
      'id-number': { type: 'string' },
      item: { type: 'string' },
      region: { type: 'string' },
      level: { type: 'string' },
      overdue: { type: 'boolean' },
      state: { type: 'string' },
      result: { type: 'string' },
      substantiated: { type: 'string' },
      reviewer: { type: 'string' },
      upheld: { type: 'string' },
      text: { type: 'string' },
      month: { type: 'string' },
      user: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      code: { type: 'string' },
      'staff-id': { type: 'string' }
    }
  })
  if (cmd && (await accountCommand(cmd, values, positionals))) return
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
      if (values['staff-id']) body.staffId = values['staff-id']
      if (values.note) body.note = values.note
      if (values.reason) body.reason = values.reason
      if (values.materials) body.materialIds = values.materials.split(',').map((s) => s.trim())
      if (values['better-copy']) body.betterCopy = values['better-copy'].split(',').map((s) => s.trim())
      // requirements:2,prohibitions:1 → the guide's conditions a rejection cites, by their number in the guide
      if (values.conditions) {
        body.conditions = values.conditions.split(',').map((c) => {
          const [part, no] = c.trim().split(':')
          return { part, no: Number(no) }
        })
      }
      if (values.days) body.deadlineDays = Number(values.days)
      if (values.method) body.method = values.method
      if (values.tracking) body.trackingNo = values.tracking
      // 元 as staff read it on the settlement (1234.56) → fen, the API's unit
      if (values.amount) body.amountFen = Math.round(Number(values.amount.replace(/,/g, '')) * 100)
      if (values['pay-date']) body.paymentDate = values['pay-date']
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
    case 'evaluations': {
      const q = new URLSearchParams()
      if (values.state) q.set('state', values.state)
      if (values.level) q.set('level', values.level)
      if (values.overdue) q.set('overdue', 'true')
      const { evaluations } = (await call('GET', `/api/v1/staff/evaluations${q.toString() ? `?${q.toString()}` : ''}`)) as { evaluations: StaffEvaluationView[] }
      for (const v of evaluations) {
        const loop = v.loop ? `  [${v.loop.stateLabel}] 整改期限 ${v.loop.dueDate}${v.loop.overdue ? ' 已超期' : ''}` : ''
        console.log(`${v.id}  ${v.caseNo}  ${v.itemName}  ${v.levelLabel}${v.defaulted ? '（系统默认）' : ''}  ${v.actorName}${loop}`)
      }
      if (!evaluations.length) console.log('(no ratings)')
      return
    }
    case 'evaluation':
      printEvaluation((await call('GET', `/api/v1/staff/evaluations/${await evaluationId(positionals[0] ?? '')}`)) as StaffEvaluationView)
      return
    case 'followup':
    case 'verify':
    case 'rectify':
    case 'explain':
    case 'appeal':
    case 'decide-appeal': {
      const ref = positionals[0]
      if (!ref) throw new Error(`usage: ${cmd} <id|caseNo> [options]`)
      const yes = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : ['yes', 'true', '是', 'y'].includes(v.toLowerCase()))
      const action = cmd === 'followup' ? 'followUp' : cmd === 'decide-appeal' ? 'decideAppeal' : cmd
      const body: Record<string, unknown> = { action }
      if (values.staff) body.staffName = values.staff
      if (action === 'followUp') Object.assign(body, { result: values.result ?? 'reached', note: values.note })
      if (action === 'verify') Object.assign(body, { substantiated: yes(values.substantiated), finding: values.note })
      if (action === 'rectify' || action === 'explain') body.note = values.note
      if (action === 'appeal') body.reason = values.reason
      if (action === 'decideAppeal') Object.assign(body, { reviewerName: values.reviewer, upheld: yes(values.upheld), note: values.note })
      printEvaluation((await call('POST', `/api/v1/staff/evaluations/${await evaluationId(ref)}/actions`, body)) as StaffEvaluationView)
      return
    }
    case 'complaints': {
      const q = new URLSearchParams()
      if (values.status) q.set('status', values.status)
      if (values.overdue) q.set('overdue', 'true')
      const { complaints } = (await call('GET', `/api/v1/staff/complaints${q.toString() ? `?${q.toString()}` : ''}`)) as { complaints: ComplaintView[] }
      for (const c of complaints) {
        console.log(`${c.id}  ${c.complaintNo}  [${c.statusLabel}]  ${c.channelLabel}  ${c.categoryLabel}  ${c.complainantName}  答复期限 ${c.dueDate}${c.overdue ? ' 已超期' : ''}`)
      }
      if (!complaints.length) console.log('(no complaints)')
      return
    }
    case 'handle-complaint':
    case 'answer-complaint': {
      const ref = positionals[0]
      if (!ref) throw new Error(`usage: ${cmd} <id|complaintNo> --staff <name>`)
      const body =
        cmd === 'handle-complaint'
          ? { action: 'startHandling', staffName: values.staff, ...(values.note ? { note: values.note } : {}) }
          : { action: 'answer', staffName: values.staff, text: values.text }
      printComplaint((await call('POST', `/api/v1/staff/complaints/${await complaintId(ref)}/actions`, body)) as ComplaintView)
      return
    }
    case 'metrics': {
      const q = new URLSearchParams()
      if (values.region) q.set('region', values.region)
      if (values.item) q.set('item', values.item)
      if (values.month) q.set('month', values.month)
      console.log(JSON.stringify(await call('GET', `/api/v1/metrics${q.toString() ? `?${q.toString()}` : ''}`), null, 2))
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
