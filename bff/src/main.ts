import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import type { SearchIndexOutcome } from './services/search-index'

const SEARCH_INDEX_SOURCE: Record<SearchIndexOutcome['source'], string> = { memory: 'kept in memory', file: 'read from its file', built: 'built' }

/** postgres://user:secret@host/db → postgres://user:***@host/db (never print a password) */
function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://…'
  }
}

/**
 * `npm run bff` / `npm start`: starts the BFF with the embedded adapters, prints where it listens, and closes the
 * server and the database on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const config = loadConfig()
  const app = await buildApp({ config })
  let closing = false
  const shutdown = (signal: NodeJS.Signals): void => {
    // `npm start` in a terminal: Ctrl+C reaches this process from the terminal and again from scripts/start.mjs,
    // so repeated signals are ignored; the timer below ends a close that hangs
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while closing')
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)

  const listenFrom = performance.now()
  await app.listen({ port: config.port, host: config.host })
  const listened = performance.now()
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const { seed, staticServed } = app
  console.log(`医保掌上办 BFF listening on http://localhost:${port}`)
  if (config.docs) console.log(`  OpenAPI:   http://localhost:${port}/docs`)
  if (config.host !== '127.0.0.1' && config.host !== 'localhost' && config.host !== '::1') console.log(`  listening on ${config.host} (HOST): reachable from the network`)
  console.log(`  data:      ${config.dataDir} (catalog ${seed.action}, ${seed.itemCount} items)`)
  console.log(
    config.databaseUrl
      ? `  database:  PostgreSQL ${redactDatabaseUrl(config.databaseUrl)} (schema ${app.db.dialect === 'postgres' ? config.databaseSchema : '?'})`
      : `  database:  SQLite ${config.dataDir}/yb.sqlite`
  )
  // where uploads and result documents go: every instance on a shared database must see the same store
  console.log(
    config.storage === 's3' && config.s3
      ? `  files:     S3 bucket ${config.s3.bucket}${config.s3.endpoint ? ` at ${config.s3.endpoint}` : ''}`
      : `  files:     ${config.dataDir}/files${config.databaseUrl ? ' (declared shared: STORAGE_DISK_SHARED=true)' : ''}`
  )
  console.log(
    staticServed
      ? `  H5 app:    ${config.staticDir}`
      : `  H5 app:    not built (${config.staticDir} missing) — run \`npm run build:h5\``
  )
  if (config.nodeEnv !== 'production') {
    // a new user can sign in without a real SMS gateway: the embedded SMS adapter keeps what it sends
    console.log(`  SMS codes: http://localhost:${port}/api/v1/dev/outbox?phone=<手机号> (embedded SMS adapter, not in production)`)
  }
  const staff = app.staffBootstrap
  if (staff.source === 'dev-file') {
    console.log(`  staff:     first administrator: \`npm run staff -- bootstrap --user admin --name <姓名>\` (development token ${staff.token}, this machine only)`)
  } else if (staff.source === 'none') {
    console.log('  staff:     STAFF_TOKEN not set — staff accounts are opened by an administrator')
  }
  const { terminal } = app
  if (terminal.source === 'dev-file') {
    console.log(`  terminal:  development key ${terminal.key} — send it as X-Terminal-Key to POST /api/v1/evoucher/decode`)
  } else if (terminal.source === 'none') {
    console.log('  terminal:  TERMINAL_KEY not set — e-voucher decoding refuses every request')
  }
  // what the start cost, step by step (bench/start.ts reads this line)
  const t = app.startTimings
  const index = app.searchService.index
  console.log(
    `  started:   ${Math.round(listened)} ms after the process began: modules ${t.before}, config ${t.config}, database ${t.database}, ` +
      `catalog ${t.catalog}, search index ${t.searchIndex} (${SEARCH_INDEX_SOURCE[index.source]}, ${index.docs} docs), routes ${t.routes}, ` +
      `ready + listen ${Math.round(listened - listenFrom)}`
  )
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message)
  } else {
    console.error('医保掌上办 BFF failed to start:', err)
  }
  process.exit(1)
})
