import fp from 'fastify-plugin'
import { hostname } from 'node:os'
import { createDataSharingAdapter, type DataSharingAdapter } from '../../adapters/datasharing'
import { createStorage } from '../../adapters/storage'
import type { FileStorage } from '../../adapters/storage/types'
import type { Config } from '../../config'
import { openDatabase, type Db } from '../../db'
import { Scheduler } from '../../services/scheduler'
import { IdempotencyStore, registerIdempotency } from '../idempotency'

/** how often answers kept for Idempotency-Keys past their time are deleted */
const IDEMPOTENCY_PURGE_MS = 60 * 60_000

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /** the time services see (BuildOptions.clock) */
    clock: () => Date
    db: Db
    storage: FileStorage
    /** the agency's data-sharing platform (免提交 documents, insured status) */
    dataSharing: DataSharingAdapter
    /** periodic work, once per period across instances */
    scheduler: Scheduler
    /** the first answers of requests sent with an Idempotency-Key (plugins/idempotency.ts) */
    idempotency: IdempotencyStore
  }
}

/**
 * What every capability stands on: the configuration, the clock, the database (closed with the app), file storage,
 * the data-sharing platform, the scheduler and the Idempotency-Key mechanism (registered before any route: routes
 * that the app retries declare `config.idempotency` and get the claim as a preHandler).
 */
export const infrastructurePlugin = fp<{ config: Config; clock: () => Date }>(
  async (app, { config, clock }) => {
    const db = await openDatabase({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      databaseSchema: config.databaseSchema,
      databasePoolSize: config.databasePoolSize,
      onConnectionError: (err) => app.log.warn({ err }, 'database connection lost')
    })
    app.addHook('onClose', async () => {
      await db.close()
    })
    app.decorate('config', config)
    app.decorate('clock', clock)
    app.decorate('db', db)
    app.decorate('storage', createStorage(config, app.log))
    app.decorate('dataSharing', createDataSharingAdapter('embedded'))
    // scheduled work runs once per period across all instances on the database
    const scheduler = new Scheduler({ db, now: clock, log: app.log })
    app.decorate('scheduler', scheduler)
    app.addHook('onClose', async () => {
      scheduler.stop()
    })
    const idempotency = new IdempotencyStore({ db, now: clock, address: config.port ? `${hostname()}:${config.port}` : null })
    app.decorate('idempotency', idempotency)
    await registerIdempotency(app, idempotency)
    scheduler.every({ name: 'idempotency-purge', periodMs: IDEMPOTENCY_PURGE_MS, run: () => idempotency.purge() })
  },
  { name: 'yb-infrastructure' }
)
