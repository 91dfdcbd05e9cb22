import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The real BFF as a child process: `node <compiled>/scripts/faults/launch.js` (build.ts) or `node --import tsx
 * scripts/faults/launch.ts`, which preloads the BFF's modules and runs bff/src/main.ts when told (see launch.ts). Spares are kept
 * loading so a restart after kill -9 costs only main()'s own start (open the database, migrate, listen). Two of them:
 * the kill drill restarts every second or two, less than one spare needs to load its modules (about 1 s of CPU) on a
 * machine that also serves the drill's traffic, so a single spare was still loading when the next kill came and the
 * restart waited for it; with two, each has two rounds of the drill to get ready.
 */
const SPARES = 2

export interface BffOptions {
  root: string
  dataDir: string
  port: number
  /** extra environment (DATABASE_URL…) */
  env?: Record<string, string>
  /** stderr and the start banner of every process are appended here */
  logFile: string
  /** the BFF compiled by buildBff (build.ts); unset: TypeScript through tsx */
  compiledDir?: string | null
  /** keep loaded spares for the next starts (the kill drill restarts often); false: one process only */
  spare?: boolean
}

/** set by run.ts once the BFF is compiled (build.ts): every Bff of the run starts from it */
export const bffBuild: { dir: string | null } = { dir: null }

export const STAFF_TOKEN = 'faults-staff-token-0123456789abcdef'

export class Bff {
  /** loaded (or loading) processes waiting for "go", the oldest first */
  private spares: ChildProcess[] = []
  private current: ChildProcess | null = null
  /** ms from "go" to listening, per start */
  readonly startMs: number[] = []
  /** starts whose spare had loaded its modules before "go" (the restart was main()'s own start only) */
  startsOnLoadedSpare = 0
  private readonly loaded = new WeakSet<ChildProcess>()
  starts = 0

  constructor(private readonly o: BffOptions) {}

  get pid(): number | undefined {
    return this.current?.pid
  }

  private spawnSpare(): ChildProcess {
    const env: NodeJS.ProcessEnv = { ...process.env }
    delete env.DATABASE_URL
    delete env.DATABASE_SCHEMA
    delete env.STORAGE_DISK_SHARED
    Object.assign(env, {
      PORT: String(this.o.port),
      HOST: '127.0.0.1',
      DATA_DIR: this.o.dataDir,
      STATIC_DIR: join(this.o.dataDir, 'no-h5'),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      SMS_PHONE_DAILY_LIMIT: '1000',
      SMS_IP_HOURLY_LIMIT: '100000',
      STAFF_TOKEN,
      TERMINAL_KEY: 'faults-terminal-key-0123456789',
      ...(this.o.env ?? {})
    })
    const compiled = this.o.compiledDir ?? bffBuild.dir
    const argv = compiled ? [join(compiled, 'scripts/faults/launch.js')] : ['--import', 'tsx', join(this.o.root, 'scripts/faults/launch.ts')]
    const child = spawn(process.execPath, argv, {
      cwd: this.o.root,
      env,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    child.stderr!.on('data', (b: Buffer) => {
      appendFileSync(this.o.logFile, b)
      if (child === this.current) this.stderrTail = (this.stderrTail + String(b)).slice(-8000)
    })
    // launch.ts prints one line once its modules are loaded, before it waits for "go"
    const onLoaded = (b: Buffer): void => {
      if (!String(b).includes('spare loaded')) return
      this.loaded.add(child)
      child.stdout!.off('data', onLoaded)
    }
    child.stdout!.on('data', onLoaded)
    // the spare is never waited on when the driver ends: it must not keep the driver's event loop alive
    child.on('error', () => undefined)
    return child
  }

  /** Starts the BFF (on the oldest preloaded spare) and resolves when it listens; loads the next spares in the background. */
  async start(timeoutMs = 60_000): Promise<number> {
    if (this.current) throw new Error('BFF already running')
    const child = this.spares.shift() ?? this.spawnSpare()
    if (this.loaded.has(child)) this.startsOnLoadedSpare++
    const t0 = performance.now()
    await new Promise<void>((resolve, reject) => {
      let out = ''
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`BFF did not start within ${timeoutMs} ms (see ${this.o.logFile})`))
      }, timeoutMs)
      const onData = (b: Buffer): void => {
        out += String(b)
        appendFileSync(this.o.logFile, b)
        if (out.includes('listening on')) {
          clearTimeout(timer)
          child.stdout!.off('data', onData)
          child.off('exit', onExit)
          child.stdout!.resume()
          resolve()
        }
      }
      const onExit = (code: number | null): void => {
        clearTimeout(timer)
        reject(new Error(`BFF exited with ${code} before listening (see ${this.o.logFile}):\n${out}`))
      }
      child.stdout!.on('data', onData)
      child.once('exit', onExit)
      child.stdin!.write('go\n')
    })
    const ms = performance.now() - t0
    this.startMs.push(ms)
    this.starts++
    this.current = child
    this.stderrTail = ''
    this.diedAt = null
    child.once('exit', () => {
      if (this.current === child) this.diedAt = performance.now()
    })
    if (this.o.spare !== false) while (this.spares.length < SPARES) this.spares.push(this.spawnSpare())
    return ms
  }

  private static exited(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
    return new Promise((r) => child.once('exit', () => r()))
  }

  /** kill -9 of the serving process; resolves once it is gone (its port and files released). */
  async kill9(): Promise<void> {
    const c = this.current
    if (!c) throw new Error('no BFF to kill')
    this.current = null
    c.kill('SIGKILL')
    await Bff.exited(c)
  }

  /** The serving process died by itself (a crash is a finding): null while it runs. */
  get crashed(): string | null {
    const c = this.current
    if (!c) return null
    return c.exitCode !== null || c.signalCode !== null ? `exit ${c.exitCode ?? c.signalCode}` : null
  }

  /** when the serving process died by itself (performance.now()), or null */
  diedAt: number | null = null

  /** What the serving process wrote to stderr lately (the reason of a crash). */
  stderrTail = ''

  /** The first line of a crash report in stderr: the error that killed the process. */
  crashReason(): string {
    const lines = this.stderrTail.split('\n').map((l) => l.trim())
    const err = lines.find((l) => /^(\w*Error\b|error:)/.test(l)) ?? lines.find((l) => l && !l.startsWith('{')) ?? ''
    const code = /code: '([^']+)'/.exec(this.stderrTail)?.[1]
    return `${err}${code ? ` (code ${code})` : ''}`
  }

  /** If the serving process died by itself: starts another (as an orchestrator would) and returns why it died. */
  async reviveIfDead(): Promise<string | null> {
    const why = this.crashed
    if (!why) return null
    const reason = `${why}: ${this.crashReason()}`
    this.current = null
    await this.start()
    return reason
  }

  /** Ends the serving process (SIGTERM, graceful) and the spares. */
  async stop(): Promise<void> {
    const spares = this.spares
    this.spares = []
    for (const spare of spares) spare.kill('SIGKILL')
    await Promise.all(spares.map((spare) => Bff.exited(spare)))
    const c = this.current
    this.current = null
    if (c) {
      c.kill('SIGTERM')
      const t = setTimeout(() => c.kill('SIGKILL'), 10_000)
      await Bff.exited(c)
      clearTimeout(t)
    }
  }
}
