#!/usr/bin/env node
// A throwaway PostgreSQL server for tests, faults and benchmarks: initdb in a temporary folder, started on a
// free port, listening on 127.0.0.1 only, trust authentication. Uses Debian's postgresql (apt-get install postgresql):
// the binaries in /usr/lib/postgresql/<version>/bin, or PG_BIN. As root the server runs as the `postgres` user (the
// server refuses root).
//
// CommonJS, so that jest tests, tsx scripts and plain node all load it.
//
//   const { startPostgres } = require('./scripts/postgres.cjs')   // or import from an ES module / tsx
//   const pg = await startPostgres()   // { url, port, dataDir, logFile, stopServer(), startServer(), stop() }
//   node scripts/postgres.cjs          // starts one, prints DATABASE_URL, stops on Ctrl-C
'use strict'
const { execFileSync, spawnSync } = require('node:child_process')
const { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } = require('node:fs')
const { createServer } = require('node:net')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

function pgBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    if (versions.length) return join(root, versions[0], 'bin')
  }
  throw new Error('PostgreSQL not found: apt-get install postgresql (or set PG_BIN to the folder of initdb and pg_ctl)')
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** runs a PostgreSQL binary, as the postgres user when we are root */
function pgRun(bin, args, opts = {}) {
  const file = join(pgBin(), bin)
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts })
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${bin} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`)
  return r
}

async function startPostgres({ port: wanted } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'yb-pg-'))
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()))
  const dataDir = join(dir, 'data')
  pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  const port = wanted ?? (await freePort())
  // fsync stays on: the fault tests kill the BFF, not the machine, but they must see what a real server does
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB`
  const start = () => pgRun('pg_ctl', ['-D', dataDir, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
  const stop = (mode = 'fast') => pgRun('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop'], { allowFail: true })
  start()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  return {
    url,
    port,
    dataDir,
    logFile: join(dir, 'server.log'),
    /** stops the server (fast shutdown: open connections are cut) */
    stopServer: () => stop('fast'),
    /** starts it again on the same port and data */
    startServer: start,
    /** stops the server for good and removes its folder */
    stop() {
      stop('immediate')
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

module.exports = { pgBin, startPostgres }

if (require.main === module) {
  startPostgres({ port: process.env.PGPORT ? Number(process.env.PGPORT) : undefined }).then((pg) => {
    console.log(`DATABASE_URL=${pg.url}`)
    const bye = () => {
      pg.stop()
      process.exit(0)
    }
    process.on('SIGINT', bye)
    process.on('SIGTERM', bye)
    setInterval(() => {}, 1 << 30)
  })
}
