import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db'

export interface ScheduledJob {
  name: string
  periodMs: number
  run: () => Promise<unknown>
}

/** runs older than this many periods are deleted when a new one is claimed */
const KEEP_PERIODS = 1000

/**
 * Periodic work that runs once per period across every instance sharing the database, not once per process:
 * each instance's timer tries to claim the current period with one `INSERT … ON CONFLICT DO NOTHING` into
 * `scheduled_runs (job, slot)`, and only the instance whose insert wins runs the job. Timers fire several times a
 * period, so a period whose tick was missed (an instance restarting) is still claimed by someone.
 * If the winner dies mid-run, that period's work waits for the next one: jobs must be safe to run again (the 好差评
 * sweep is: it claims each case it acts on).
 */
export class Scheduler {
  readonly instanceId = randomUUID()
  private readonly timers: NodeJS.Timeout[] = []
  private stopped = false

  constructor(private readonly d: { db: Db; now: () => Date; log: FastifyBaseLogger; ticksPerPeriod?: number }) {}

  /** Starts the job's timer (unref'd: it never keeps the process alive). */
  every(job: ScheduledJob): void {
    const tick = Math.max(1000, Math.floor(job.periodMs / (this.d.ticksPerPeriod ?? 10)))
    const timer = setInterval(() => {
      this.runIfDue(job).catch((err: unknown) => this.d.log.warn({ err, job: job.name }, 'scheduled job failed'))
    }, tick)
    timer.unref()
    this.timers.push(timer)
  }

  /**
   * Claims the job's current period and runs it when this instance won the claim. Resolves true when it ran here,
   * false when another instance (or an earlier tick) already had this period.
   */
  async runIfDue(job: ScheduledJob, at: Date = this.d.now()): Promise<boolean> {
    if (this.stopped || !this.d.db.open) return false
    const slot = Math.floor(at.getTime() / job.periodMs)
    const claim = await this.d.db
      .prepare<[string, number, string, string]>(
        'INSERT INTO scheduled_runs (job, slot, instance_id, started_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'
      )
      .run(job.name, slot, this.instanceId, at.toISOString())
    if (claim.changes !== 1) return false
    let outcome = 'ok'
    try {
      await job.run()
    } catch (err) {
      outcome = err instanceof Error ? err.message.slice(0, 500) : String(err)
      throw err
    } finally {
      if (this.d.db.open) {
        await this.d.db
          .prepare<[string, string, string, number]>('UPDATE scheduled_runs SET finished_at = ?, outcome = ? WHERE job = ? AND slot = ?')
          .run(this.d.now().toISOString(), outcome, job.name, slot)
        await this.d.db.prepare<[string, number]>('DELETE FROM scheduled_runs WHERE job = ? AND slot < ?').run(job.name, slot - KEEP_PERIODS)
      }
    }
    return true
  }

  stop(): void {
    this.stopped = true
    for (const t of this.timers.splice(0)) clearInterval(t)
  }
}
