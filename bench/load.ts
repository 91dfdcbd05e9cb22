/**
 * Load benchmark: N concurrent citizens against K BFF instances (child processes, as `npm run bff` starts them) on one
 * database, every request sent to an instance picked at random — as behind a load balancer.
 *
 * Default (`npm run bench:load`): write-heavy throughput of 1, 2 and 4 instances on one PostgreSQL — the scale-out
 * figure. Each flow is a new citizen and 9 of its 11 requests write:
 *   SMS code → (dev outbox) → login → real-name → new draft → save → save → photo upload → submit (Idempotency-Key)
 *   → complaint (Idempotency-Key) → progress.
 * The instances share one data folder (STORAGE=disk, STORAGE_DISK_SHARED=true: one machine, one disk) and one
 * PostgreSQL (a throwaway server from scripts/postgres.cjs, a fresh schema per step).
 *
 * `--mix citizen` is the whole flow a person takes (search → guide → sign-in → real-name → draft → form → photo(s)
 * of the paper → submit → progress), e.g. the single-instance ramp on both databases:
 *   npm run bench:load -- --mix citizen --instances 1 --db sqlite,postgres --users 1,2,4,8,16,32
 *
 * Everything runs on this machine: the load generator (this process), the instances and PostgreSQL share its cores,
 * so each step prints the CPU of each next to the throughput (BFFs together and PostgreSQL in % of one core, the
 * machine in % of all cores) and the load average before it: the figures say where the limit is. Uploads are
 * re-encoded by the BFF (sharp, libjpeg-turbo): CPU that grows with the photo (`--photo`). Each step runs for a fixed
 * time (flows in progress at the end finish and count); per route (labelled by route, not URL) it prints count,
 * p50/p99/max and errors by status and code. A ramp of users stops early when a step has errors or its p99 without
 * uploads goes far above the limit. Figures are printed, not asserted.
 *
 *   options: --instances 1,2,4  --users 16 (a list ramps)  --seconds 12  --db postgres (sqlite: one instance only)
 *            --mix write|citizen  --limit-ms 300 (the p99 goal)  --stop-ms 1000  --item  --region 331102
 *            --photo 1280x960 (write) / 1920x2560 (citizen)  --query 异地就医  --no-routes (only the summary)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createRequire } from 'node:module'
import sharp from 'sharp'
import { freePort } from '../scripts/free-port'
import { exampleValues } from '../catalog/examples'
import { applicableMaterials } from '../domain/answers'
import type { ItemDetail } from '../contract/catalog'
import { idNumberCheckChar } from '../contract/identity'

const ROOT = resolve(__dirname, '..')

// ---------------------------------------------------------------- options

type Mix = 'write' | 'citizen'

interface Options {
  users: number[]
  /** how many BFF instances share the database, one step each */
  instances: number[]
  mix: Mix
  seconds: number
  dbs: Array<'sqlite' | 'postgres'>
  limitMs: number
  stopMs: number
  /** the photo's size in pixels; null: the mix's own (write 1280×960, citizen 1920×2560) */
  photo: { width: number; height: number } | null
  item: string
  region: string
  /** null: 异地就医 for offsite-care-filing, else the item's name */
  query: string | null
  routes: boolean
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    users: [16],
    instances: [1, 2, 4],
    mix: 'write',
    seconds: 12,
    dbs: ['postgres'],
    limitMs: 300,
    stopMs: 1000,
    photo: null,
    item: 'offsite-care-filing',
    region: '331102',
    query: null,
    routes: true
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined) throw new Error(`${flag} needs a value`)
      return v
    }
    const positive = (v: string): number => {
      const n = Number(v)
      if (!(n > 0)) throw new Error(`${flag}: ${v} is not a positive number`)
      return n
    }
    switch (flag) {
      case '--users':
        o.users = value().split(',').map((s) => Math.floor(positive(s.trim())))
        break
      case '--instances':
        o.instances = value().split(',').map((s) => Math.floor(positive(s.trim())))
        break
      case '--mix': {
        const m = value()
        if (m !== 'write' && m !== 'citizen') throw new Error(`--mix: write or citizen, not ${m}`)
        o.mix = m
        break
      }
      case '--seconds':
        o.seconds = positive(value())
        break
      case '--db':
        o.dbs = value()
          .split(',')
          .map((s) => s.trim())
          .map((s) => {
            if (s === 'sqlite' || s === 'postgres') return s
            if (s === 'pg' || s === 'postgresql') return 'postgres'
            throw new Error(`--db: unknown database ${s} (sqlite, postgres)`)
          })
        break
      case '--limit-ms':
        o.limitMs = positive(value())
        break
      case '--stop-ms':
        o.stopMs = positive(value())
        break
      case '--photo': {
        const m = /^(\d+)x(\d+)$/.exec(value())
        if (!m) throw new Error('--photo: WIDTHxHEIGHT, e.g. 1920x2560')
        o.photo = { width: Number(m[1]), height: Number(m[2]) }
        break
      }
      case '--item':
        o.item = value()
        break
      case '--region':
        o.region = value()
        break
      case '--query':
        o.query = value()
        break
      case '--no-routes':
        o.routes = false
        break
      default:
        throw new Error(`unknown option ${a} (see the comment at the top of bench/load.ts)`)
    }
  }
  return o
}

// ---------------------------------------------------------------- recording

/** One step's measurements: latencies per route, errors by route + status + code. */
class Recorder {
  readonly times = new Map<string, number[]>()
  readonly errors = new Map<string, number>()
  flowsDone = 0
  flowsFailed = 0

  add(route: string, ms: number, error?: string): void {
    let xs = this.times.get(route)
    if (!xs) this.times.set(route, (xs = []))
    xs.push(ms)
    if (error) {
      const key = `${route} → ${error}`
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1)
    }
  }

  /** an error that is not an answer's (no latency to record) */
  addError(route: string, error: string): void {
    const key = `${route} → ${error}`
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1)
  }

  get errorCount(): number {
    let n = 0
    for (const v of this.errors.values()) n += v
    return n
  }
}

/** nearest-rank percentile of a sorted array */
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}
const r1 = (x: number): number => Math.round(x * 10) / 10

interface Dist {
  n: number
  p50: number
  p99: number
  max: number
}
function dist(xs: number[]): Dist {
  const s = [...xs].sort((a, b) => a - b)
  return { n: s.length, p50: r1(pct(s, 50)), p99: r1(pct(s, 99)), max: r1(s[s.length - 1] ?? NaN) }
}

class FlowAborted extends Error {}

// ---------------------------------------------------------------- the citizen's flow

interface Citizen {
  phone: string
  name: string
  idNumber: string
  /** the address the citizen's phone connects from (behind the bench's "proxy": X-Forwarded-For) */
  ip: string
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢']
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌浩宇欣怡晨阳思雨子涵博睿']

/**
 * The i-th generated citizen: a phone of the 15x range and a valid 身份证号 of 莲都区 (331102) that is not in the
 * sample registry (sequence numbers from 100 up; the sample people use lower ones), so the embedded real-name
 * adapter confirms it with any valid name and the person has no data-sharing record (an uninsured stranger).
 */
export function citizen(i: number): Citizen {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 800) * 86_400_000)
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '')
  const body = `331102${ymd}${String(100 + (i % 800)).padStart(3, '0')}`
  const name = SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + GIVEN[(i * 7 + 3) % GIVEN.length]
  return { phone: `15${String(i).padStart(9, '0')}`, name, idNumber: body + idNumberCheckChar(body), ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }
}

const UPLOAD_ROUTE = 'POST /api/v1/drafts/:id/materials/:materialId'

interface FlowContext {
  /** an instance's address, picked at random for each request */
  base: () => string
  opts: Options
  item: ItemDetail
  query: string
  photo: Buffer
  /** the materials the flows uploaded photos for */
  uploaded: Set<string>
  next: () => number
}

/** One HTTP call, timed from the request to the last byte of the answer; a non-2xx answer ends the flow. */
async function call<T>(
  ctx: FlowContext,
  rec: Recorder,
  route: string,
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {}
): Promise<T> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  let body: string | FormData | undefined
  if (opts.form) body = opts.form
  else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  const t = performance.now()
  let res: Response
  let text: string
  try {
    res = await fetch(ctx.base() + path, { method, headers, body })
    text = await res.text()
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause
    rec.add(route, performance.now() - t, `network ${cause?.code ?? (err as Error).message}`)
    throw new FlowAborted()
  }
  const ms = performance.now() - t
  if (!res.ok) {
    let code = ''
    try {
      code = String((JSON.parse(text) as { code?: string }).code ?? '')
    } catch {
      // not JSON
    }
    rec.add(route, ms, `${res.status}${code ? ` ${code}` : ''}`)
    throw new FlowAborted()
  }
  rec.add(route, ms)
  return (text ? JSON.parse(text) : undefined) as T
}

/**
 * The materials a citizen photographs: every required one that is neither a mailed original nor verified through
 * data sharing; when that leaves none (offsite-care-filing: only the 身份证, shared), the first optional one that can
 * be uploaded (for offsite-care-filing 户口簿 / 异地工作证明, as a citizen working elsewhere adds it), so every flow
 * uploads at least one photo.
 */
function uploadsFor(item: ItemDetail, sharedVerified: string[], values: Record<string, string>): ItemDetail['guide']['materials'] {
  // what applies to the answers; a mailed original is photographed too (domain/cases.ts checkSubmission)
  const uploadable = applicableMaterials(item, values).filter((m) => !sharedVerified.includes(m.id))
  const required = uploadable.filter((m) => m.required)
  return required.length ? required : uploadable.filter((m) => !m.paper).slice(0, 1)
}

/** A new citizen signs in (SMS code read from the dev outbox) and real-names: the access token. */
async function signedInCitizen(ctx: FlowContext, rec: Recorder): Promise<{ who: Citizen; token: string }> {
  const who = citizen(ctx.next())
  // each citizen from an address of their own, as through a reverse proxy (TRUST_PROXY): the per-IP SMS limit is
  // counted (and locked) per citizen, not for the whole bench at once
  await call(ctx, rec, 'POST /api/v1/auth/sms-code', 'POST', '/api/v1/auth/sms-code', { json: { phone: who.phone }, headers: { 'x-forwarded-for': who.ip } })
  const outbox = await call<{ messages: Array<{ code: string | null }> }>(ctx, rec, 'GET /api/v1/dev/outbox', 'GET', `/api/v1/dev/outbox?phone=${who.phone}`)
  const code = outbox.messages[0]?.code
  if (!code) {
    rec.addError('GET /api/v1/dev/outbox', 'no SMS code')
    throw new FlowAborted()
  }
  const { accessToken: token } = await call<{ accessToken: string }>(ctx, rec, 'POST /api/v1/auth/login', 'POST', '/api/v1/auth/login', { json: { phone: who.phone, code } })
  await call(ctx, rec, 'POST /api/v1/auth/realname', 'POST', '/api/v1/auth/realname', { token, json: { name: who.name, idNumber: who.idNumber } })
  return { who, token }
}

interface DraftSeen {
  id: string
  version: number
  sharedVerified: string[]
}

/** A new draft of the item, its form filled with valid values in one save per step, its photos uploaded (with keys). */
async function filledDraft(ctx: FlowContext, rec: Recorder, who: Citizen, token: string, steps: Array<'form' | 'materials'>): Promise<DraftSeen> {
  const { opts, item } = ctx
  let draft = await call<DraftSeen>(ctx, rec, 'POST /api/v1/drafts', 'POST', '/api/v1/drafts', { token, json: { itemId: opts.item, region: opts.region } })
  const values = exampleValues(item.form!, who)
  for (const f of item.form!.fields) if (f.readonly) delete values[f.key]
  for (const step of steps) {
    draft = await call<DraftSeen>(ctx, rec, 'PUT /api/v1/drafts/:id', 'PUT', `/api/v1/drafts/${draft.id}`, { token, json: { values, step, baseVersion: draft.version } })
  }
  for (const m of uploadsFor(item, draft.sharedVerified, values)) {
    ctx.uploaded.add(m.id)
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(ctx.photo)], { type: 'image/jpeg' }), `${m.id}.jpg`)
    await call(ctx, rec, UPLOAD_ROUTE, 'POST', `/api/v1/drafts/${draft.id}/materials/${m.id}`, { token, form, headers: { 'idempotency-key': randomUUID() } })
  }
  return draft
}

async function submitted(ctx: FlowContext, rec: Recorder, token: string, draft: DraftSeen): Promise<{ id: string }> {
  return call<{ id: string }>(ctx, rec, 'POST /api/v1/drafts/:id/submit', 'POST', `/api/v1/drafts/${draft.id}/submit`, {
    token,
    json: {},
    headers: { 'idempotency-key': randomUUID() }
  })
}

async function citizenFlow(ctx: FlowContext, rec: Recorder): Promise<void> {
  const { opts } = ctx
  const region = encodeURIComponent(opts.region)
  await call(ctx, rec, 'GET /api/v1/search', 'GET', `/api/v1/search?q=${encodeURIComponent(ctx.query)}&region=${region}`)
  await call<ItemDetail>(ctx, rec, 'GET /api/v1/items/:id', 'GET', `/api/v1/items/${opts.item}?region=${region}`)
  const { who, token } = await signedInCitizen(ctx, rec)
  const app = await submitted(ctx, rec, token, await filledDraft(ctx, rec, who, token, ['materials']))
  await call(ctx, rec, 'GET /api/v1/applications/:id', 'GET', `/api/v1/applications/${app.id}`, { token })
}

const COMPLAINT = { category: 'delay', text: '办理进度没有及时告知，希望改进' }

/**
 * The write-heavy flow: a new citizen signs in, real-names, fills a draft (two saves), uploads the one photo the
 * item needs from a stranger (the 身份证, as no data-sharing record holds it), submits and files a complaint about
 * the case — 9 writes of 11 requests, each to a random instance.
 */
async function writeFlow(ctx: FlowContext, rec: Recorder): Promise<void> {
  const { who, token } = await signedInCitizen(ctx, rec)
  const app = await submitted(ctx, rec, token, await filledDraft(ctx, rec, who, token, ['form', 'materials']))
  await call(ctx, rec, 'POST /api/v1/complaints', 'POST', '/api/v1/complaints', {
    token,
    json: { subject: 'application', applicationId: app.id, ...COMPLAINT },
    headers: { 'idempotency-key': randomUUID() }
  })
  await call(ctx, rec, 'GET /api/v1/applications/:id', 'GET', `/api/v1/applications/${app.id}`, { token })
}

/**
 * A phone photo of a paper as the app uploads it after on-device compression: a light page with lines of text, slightly
 * blurred, with a little sensor noise (a flat or pure-noise image would make the BFF's re-encoding unrealistically
 * cheap or expensive).
 */
async function paperPhoto(width: number, height: number): Promise<Buffer> {
  const rows = Math.max(1, Math.floor((height - 240) / 40))
  const lines = Array.from(
    { length: rows },
    (_, i) => `<rect x="${Math.round(width * 0.08) + (i % 3) * 12}" y="${120 + i * 40}" width="${Math.round(width * (0.55 + ((i * 37) % 30) / 100))}" height="16" fill="#2a2a2a"/>`
  ).join('')
  const page = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f0ede4"/>${lines}</svg>`)
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 0, sigma: 6 } } })
    .png()
    .toBuffer()
  return sharp(page).composite([{ input: noise, blend: 'add' }]).blur(0.7).jpeg({ quality: 80 }).toBuffer()
}

// ---------------------------------------------------------------- CPU accounting

/** user + system CPU seconds of a process (Linux /proc), with its reaped children when asked; null when unreadable */
function procCpuSeconds(pid: number, withReapedChildren = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[11] utime, fields[12] stime, fields[13] cutime, fields[14] cstime (the 14th–17th of the whole line), in
    // clock ticks (100 Hz on Linux)
    const own = Number(fields[11]) + Number(fields[12])
    return (withReapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / 100
  } catch {
    return null
  }
}

/**
 * CPU seconds of a PostgreSQL server: the postmaster with the backends it reaped, plus the backends alive now (its
 * children). Only this server's processes: other servers on the machine are not counted.
 */
function pgCpuSeconds(postmaster: number): number | null {
  let total = procCpuSeconds(postmaster, true)
  if (total === null) return null
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === postmaster) total += procCpuSeconds(Number(entry)) ?? 0
    } catch {
      // gone meanwhile
    }
  }
  return total
}

/** busy and total jiffies of the whole machine */
function machineJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
    const v = line.trim().split(/\s+/).slice(1).map(Number)
    const idle = v[3] + (v[4] ?? 0)
    const total = v.reduce((a, b) => a + b, 0)
    return { busy: total - idle, total }
  } catch {
    return null
  }
}

// ---------------------------------------------------------------- the BFF instances

/** what to stop when the bench is interrupted (Ctrl-C): the BFF children and the throwaway PostgreSQL server */
const cleanups = new Set<() => void>()
function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const c of cleanups) {
        try {
          c()
        } catch {
          // best effort on the way out
        }
      }
      process.exit(130)
    })
  }
}

interface Bff {
  base: string
  child: ChildProcess
  /** the last lines the BFF wrote (warnings and errors at LOG_LEVEL=warn) */
  tail: string[]
  logLines: () => number
}

/** The instances of a step, on one database and one data folder, and the PostgreSQL server's postmaster (CPU). */
interface Fleet {
  bffs: Bff[]
  dataDir: string
  postmaster: number | null
}

async function startBff(dataDir: string, database: { url: string; schema: string; instances: number } | null): Promise<Bff> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STATIC_DIR: join(dataDir, 'no-h5'),
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    SMS_IP_HOURLY_LIMIT: '100000000',
    SMS_PHONE_DAILY_LIMIT: '100000000',
    STAFF_TOKEN: 'bench-staff-token-0123456789',
    TERMINAL_KEY: 'bench-terminal-key-0123456789',
    PUBLIC_BASE_URL: 'https://ybzsb.example.gov.cn',
    TRUST_PROXY: 'true'
  }
  for (const k of ['DATABASE_URL', 'DATABASE_SCHEMA', 'DATABASE_POOL_SIZE', 'STORAGE', 'STORAGE_DISK_SHARED']) delete env[k]
  if (database) {
    env.DATABASE_URL = database.url
    env.DATABASE_SCHEMA = database.schema
    // the instances of a step share this machine's disk: one files folder that every one of them sees
    env.STORAGE_DISK_SHARED = 'true'
  }
  // one process (no tsx CLI wrapper), so the CPU figures are the BFF's own
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bff/src/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
  cleanups.add(kill)
  child.once('exit', () => cleanups.delete(kill))
  const tail: string[] = []
  let lines = 0
  const keep = (chunk: Buffer): void => {
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue
      lines++
      tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line)
      if (tail.length > 20) tail.shift()
    }
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the BFF exited at start (code ${child.exitCode}):\n${tail.join('\n')}`)
    try {
      const r = await fetch(`${base}/healthz`)
      if (r.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the BFF did not become healthy in 120 s:\n${tail.join('\n')}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const startLines = lines
  return { base, child, tail, logLines: () => lines - startLines }
}

async function stopBff(bff: Bff): Promise<void> {
  const { child } = bff
  if (child.exitCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
}

/** K instances on one fresh data folder (and schema): the first migrates and seeds, the others find it done. */
async function startFleet(k: number, pg: { url: string; dataDir: string } | null, step: string): Promise<Fleet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-bench-load-'))
  cleanups.add(() => rmSync(dataDir, { recursive: true, force: true }))
  const database = pg ? { url: pg.url, schema: `bench_${step}`, instances: k } : null
  const first = await startBff(dataDir, database)
  const rest = await Promise.all(Array.from({ length: k - 1 }, () => startBff(dataDir, database)))
  let postmaster: number | null = null
  if (pg) {
    try {
      postmaster = Number(readFileSync(join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    } catch {
      postmaster = null
    }
  }
  return { bffs: [first, ...rest], dataDir, postmaster }
}

async function stopFleet(fleet: Fleet): Promise<void> {
  await Promise.all(fleet.bffs.map(stopBff))
  rmSync(fleet.dataDir, { recursive: true, force: true })
}

// ---------------------------------------------------------------- steps

interface StepResult {
  instances: number
  users: number
  seconds: number
  flows: number
  flowsFailed: number
  requests: number
  reqPerSec: number
  /** requests that write (POST, PUT, DELETE) per second */
  writesPerSec: number
  flowsPerSec: number
  all: Dist
  /** every request but the uploads */
  withoutUploads: Dist
  upload: Dist | null
  routes: Array<{ route: string } & Dist>
  errors: Array<{ error: string; count: number }>
  errorCount: number
  /** all instances together, % of ONE core */
  cpuBff: number | null
  cpuPg: number | null
  /**
   * CPU milliseconds one flow costs the instances and PostgreSQL: what a core of each can carry, whatever else ran on
   * the machine meanwhile (a shared machine gives the step less CPU, not cheaper requests)
   */
  bffMsPerFlow: number | null
  pgMsPerFlow: number | null
  cpuLoadgen: number
  cpuMachine: number | null
  bffLogLines: number
  loadBefore: string
}

async function runStep(ctx: FlowContext, fleet: Fleet, users: number, seconds: number): Promise<StepResult> {
  const rec = new Recorder()
  const flow = ctx.opts.mix === 'write' ? writeFlow : citizenFlow
  const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ')
  const bffCpu = (): number | null => {
    let t = 0
    for (const b of fleet.bffs) {
      const c = b.child.pid ? procCpuSeconds(b.child.pid) : null
      if (c === null) return null
      t += c
    }
    return t
  }
  const bff0 = bffCpu()
  const pg0 = fleet.postmaster ? pgCpuSeconds(fleet.postmaster) : null
  const m0 = machineJiffies()
  const me0 = process.cpuUsage()
  const logs0 = fleet.bffs.reduce((n, b) => n + b.logLines(), 0)
  const t0 = performance.now()
  const end = t0 + seconds * 1000
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      try {
        await flow(ctx, rec)
        rec.flowsDone++
      } catch (err) {
        if (!(err instanceof FlowAborted)) throw err
        rec.flowsFailed++
      }
      const dead = fleet.bffs.find((b) => b.child.exitCode !== null)
      if (dead) throw new Error(`a BFF exited (code ${dead.child.exitCode}):\n${dead.tail.join('\n')}`)
    }
  }
  await Promise.all(Array.from({ length: users }, worker))
  const wall = (performance.now() - t0) / 1000
  const bff1 = bffCpu()
  const pg1 = fleet.postmaster ? pgCpuSeconds(fleet.postmaster) : null
  const m1 = machineJiffies()
  const me1 = process.cpuUsage(me0)

  const allTimes: number[] = []
  const otherTimes: number[] = []
  const routes: StepResult['routes'] = []
  let writes = 0
  for (const [route, xs] of rec.times) {
    allTimes.push(...xs)
    if (route !== UPLOAD_ROUTE) otherTimes.push(...xs)
    if (!route.startsWith('GET ')) writes += xs.length
    routes.push({ route, ...dist(xs) })
  }
  const uploadTimes = rec.times.get(UPLOAD_ROUTE)
  const percentOfCore = (a: number | null, b: number | null): number | null => (a !== null && b !== null ? Math.round(((b - a) / wall) * 100) : null)
  return {
    instances: fleet.bffs.length,
    users,
    seconds: r1(wall),
    flows: rec.flowsDone,
    flowsFailed: rec.flowsFailed,
    requests: allTimes.length,
    reqPerSec: r1(allTimes.length / wall),
    writesPerSec: r1(writes / wall),
    flowsPerSec: Math.round((rec.flowsDone / wall) * 100) / 100,
    all: dist(allTimes),
    withoutUploads: dist(otherTimes),
    upload: uploadTimes ? dist(uploadTimes) : null,
    routes,
    errors: [...rec.errors].map(([error, count]) => ({ error, count })).sort((a, b) => b.count - a.count),
    errorCount: rec.errorCount,
    cpuBff: percentOfCore(bff0, bff1),
    cpuPg: percentOfCore(pg0, pg1),
    bffMsPerFlow: bff0 !== null && bff1 !== null && rec.flowsDone ? Math.round(((bff1 - bff0) * 1000) / rec.flowsDone) : null,
    pgMsPerFlow: pg0 !== null && pg1 !== null && rec.flowsDone ? Math.round(((pg1 - pg0) * 1000) / rec.flowsDone) : null,
    cpuLoadgen: Math.round(((me1.user + me1.system) / 1e6 / wall) * 100),
    // % of the whole machine (all cores)
    cpuMachine: m0 && m1 && m1.total > m0.total ? Math.round(((m1.busy - m0.busy) / (m1.total - m0.total)) * 100) : null,
    bffLogLines: fleet.bffs.reduce((n, b) => n + b.logLines(), 0) - logs0,
    loadBefore
  }
}

function printStep(db: string, s: StepResult, opts: Options): void {
  const ok = s.errorCount === 0 && s.all.p99 < opts.limitMs
  console.log(
    `\n[${db}] ${s.instances} instance(s), N=${s.users}: ${s.flows} flows (${s.flowsFailed} failed) in ${s.seconds} s = ${s.flowsPerSec} flows/s, ` +
      `${s.requests} requests = ${s.reqPerSec} req/s (${s.writesPerSec} writes/s); all requests p50 ${s.all.p50} ms p99 ${s.all.p99} ms max ${s.all.max} ms ` +
      `(without uploads p50 ${s.withoutUploads.p50} p99 ${s.withoutUploads.p99}); errors ${s.errorCount}; ` +
      `CPU BFFs ${s.cpuBff ?? '?'} % of a core (${s.bffMsPerFlow ?? '?'} ms per flow), PostgreSQL ${s.cpuPg ?? '-'} % (${s.pgMsPerFlow ?? '-'} ms per flow), ` +
      `load generator ${s.cpuLoadgen} %, machine ${s.cpuMachine ?? '?'} % ` +
      `(load average before: ${s.loadBefore}) ${ok ? '✓' : '✗'}`
  )
  if (opts.routes) {
    const table: Record<string, { n: number; 'p50 ms': number; 'p99 ms': number; 'max ms': number; 'req/s': number }> = {}
    for (const r of s.routes) table[r.route] = { n: r.n, 'p50 ms': r.p50, 'p99 ms': r.p99, 'max ms': r.max, 'req/s': r1(r.n / s.seconds) }
    console.table(table)
  }
  for (const e of s.errors) console.log(`  error: ${e.error} ×${e.count}`)
  if (s.bffLogLines > 0) console.log(`  the BFFs logged ${s.bffLogLines} warning/error line(s) in this step`)
}

interface DbResult {
  db: 'sqlite' | 'postgres'
  steps: StepResult[]
  skipped?: string
  stoppedEarly?: string
}

async function runDb(db: 'sqlite' | 'postgres', opts: Options, photo: Buffer): Promise<DbResult> {
  let pg: { url: string; dataDir: string; stop(): void } | null = null
  if (db === 'postgres') {
    try {
      const mod = createRequire(__filename)(join(ROOT, 'scripts/postgres.cjs')) as { startPostgres: () => Promise<{ url: string; dataDir: string; stop(): void }> }
      pg = await mod.startPostgres()
      const started = pg
      cleanups.add(() => started.stop())
    } catch (err) {
      const why = (err as Error).message.split('\n')[0]
      console.log(`\n[postgres] skipped: ${why}`)
      return { db, steps: [], skipped: why }
    }
  }
  const steps: StepResult[] = []
  let stoppedEarly: string | undefined
  try {
    // SQLite is one process's file: one instance
    const counts = db === 'sqlite' ? [1] : opts.instances
    for (const k of counts) {
      const t = performance.now()
      const fleet = await startFleet(k, pg, `${k}_${Date.now().toString(36)}`)
      try {
        const bases = fleet.bffs.map((b) => b.base)
        console.log(
          `\n=== ${db}: ${k} BFF instance(s) at ${bases.join(', ')} (pids ${fleet.bffs.map((b) => b.child.pid).join(', ')}, up in ${Math.round(performance.now() - t)} ms)${pg ? `, PostgreSQL ${pg.url}` : ''} ===`
        )
        const itemRes = await fetch(`${bases[0]}/api/v1/items/${encodeURIComponent(opts.item)}?region=${encodeURIComponent(opts.region)}`)
        if (!itemRes.ok) throw new Error(`item ${opts.item} in ${opts.region}: ${itemRes.status} ${await itemRes.text()}`)
        const item = (await itemRes.json()) as ItemDetail
        const query = opts.query ?? (opts.item === 'offsite-care-filing' ? '异地就医' : item.name)
        let counter = 0
        const base = (): string => bases[Math.floor(Math.random() * bases.length)]
        const ctx: FlowContext = { base, opts, item, query, photo, uploaded: new Set(), next: () => counter++ }
        // warm-up, not measured: JIT, sharp's first use, the database's caches — three flows on every instance
        const warm = new Recorder()
        for (let i = 0; i < 3 * k; i++) {
          try {
            await (opts.mix === 'write' ? writeFlow : citizenFlow)({ ...ctx, base: () => bases[i % k] }, warm)
          } catch (err) {
            if (!(err instanceof FlowAborted)) throw err
            throw new Error(`the flow fails without load: ${[...warm.errors.keys()].join('; ')}\n${fleet.bffs.map((b) => b.tail.join('\n')).join('\n')}`)
          }
        }
        if (k === counts[0]) {
          const uploads = [...ctx.uploaded]
          const ph = opts.photo ?? defaultPhoto(opts.mix)
          console.log(
            `flow (${opts.mix}): ${opts.mix === 'write' ? 'SMS code → outbox → login → real-name → draft → save → save' : `search "${query}" → guide ${opts.item} → SMS code → outbox → login → real-name → draft → form`} → ` +
              `${uploads.length} upload(s) (${uploads.join(', ')}; ${ph.width}×${ph.height} ${Math.round(photo.length / 1024)} KB JPEG, re-encoded by the BFF) → submit` +
              `${opts.mix === 'write' ? ' → complaint' : ''} → progress; each flow a new citizen, no think time, each request to a random instance`
          )
        }
        for (const users of opts.users) {
          const s = await runStep(ctx, fleet, users, opts.seconds)
          steps.push(s)
          printStep(db, s, opts)
          if (s.errorCount > 0) {
            stoppedEarly = `errors with ${k} instance(s) at N=${users}`
            break
          }
          if (s.withoutUploads.p99 > opts.stopMs && users !== opts.users[opts.users.length - 1]) {
            console.log(`[${db}] ${k} instance(s): ramp stopped, p99 without uploads ${s.withoutUploads.p99} ms > ${opts.stopMs} ms at N=${users}`)
            break
          }
        }
      } finally {
        await stopFleet(fleet)
      }
      if (stoppedEarly) break
    }
    if (stoppedEarly) console.log(`[${db}] stopped: ${stoppedEarly}`)
    return { db, steps, stoppedEarly }
  } finally {
    if (pg) {
      pg.stop()
      cleanups.clear()
    }
  }
}

function defaultPhoto(mix: Mix): { width: number; height: number } {
  return mix === 'write' ? { width: 1280, height: 960 } : { width: 1920, height: 2560 }
}

/** the slowest route by p99 other than the upload */
function worstOther(s: StepResult): string {
  const w = s.routes.filter((r) => r.route !== UPLOAD_ROUTE).reduce((a, r) => (r.p99 > a.p99 ? r : a), { route: '-', p99: 0 } as { route: string; p99: number })
  return `${w.p99} ${w.route.replace('/api/v1', '')}`
}

/** The largest N of the ramp, before the first step that misses the goal, whose step passes `ok`. */
function largestN(steps: StepResult[], ok: (s: StepResult) => boolean): number | null {
  let best: number | null = null
  for (const s of steps) {
    if (!ok(s)) break
    best = s.users
  }
  return best
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  cleanUpOnSignals()
  console.log(
    `node ${process.version}, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ` +
      `mix ${opts.mix}, instances ${opts.instances.join(',')}, N=${opts.users.join(',')}, ${opts.seconds} s per step, item ${opts.item} in ${opts.region}, databases ${opts.dbs.join(', ')}`
  )
  const ph = opts.photo ?? defaultPhoto(opts.mix)
  const photo = await paperPhoto(ph.width, ph.height)

  const results: DbResult[] = []
  for (const db of opts.dbs) results.push(await runDb(db, opts, photo))

  console.log('\n=== summary (latencies in ms over all requests of a step; CPU in % of one core, machine in % of all cores) ===')
  const summary: Record<string, Record<string, string | number>> = {}
  for (const r of results) {
    const one = new Map(r.steps.filter((s) => s.instances === 1).map((s) => [s.users, s.reqPerSec]))
    for (const s of r.steps) {
      const base = one.get(s.users)
      summary[`${r.db} ×${s.instances} N=${s.users}`] = {
        'req/s': s.reqPerSec,
        'writes/s': s.writesPerSec,
        'flows/s': s.flowsPerSec,
        'vs 1 instance': base ? `${(s.reqPerSec / base).toFixed(2)}×` : '-',
        p50: s.all.p50,
        p99: s.all.p99,
        'upload p50/p99': s.upload ? `${s.upload.p50}/${s.upload.p99}` : '-',
        'worst other route p99': worstOther(s),
        errors: s.errorCount,
        'BFFs cpu': s.cpuBff ?? '?',
        'PG cpu': s.cpuPg ?? '-',
        'cpu ms/flow BFF/PG': `${s.bffMsPerFlow ?? '?'}/${s.pgMsPerFlow ?? '-'}`,
        'loadgen cpu': s.cpuLoadgen,
        'machine cpu': s.cpuMachine ?? '?'
      }
    }
  }
  console.table(summary)
  if (opts.users.length > 1) {
    const fmt = (ok: (s: StepResult) => boolean): string =>
      results
        .flatMap((r) =>
          r.skipped
            ? [`${r.db} — (skipped: ${r.skipped})`]
            : [...new Set(r.steps.map((s) => s.instances))].map((k) => {
                const steps = r.steps.filter((s) => s.instances === k)
                return `${r.db} ×${k} N=${largestN(steps, ok) ?? `none (N=${steps[0]?.users ?? '?'} misses)`}`
              })
        )
        .join(', ')
    console.log(`largest N with p99 < ${opts.limitMs} ms and no errors: ${fmt((s) => s.errorCount === 0 && s.all.p99 < opts.limitMs)}`)
    console.log(`  without the upload route (photo re-encoding, CPU-bound): ${fmt((s) => s.errorCount === 0 && s.withoutUploads.p99 < opts.limitMs)}`)
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err)
      process.exit(1)
    }
  )
}
