/**
 * A warm spare of the real BFF for the kill drill: this process loads the BFF's modules (bff/src/app and what it
 * imports, and the packages Fastify, its schema compilers and the API docs load only when an app is built) and waits.
 * When the driver writes a line to its stdin it runs the real entry point, bff/src/main.ts (configuration from the
 * environment, buildApp, listen): the database and the data folder are opened only then, after the killed process is
 * gone. Loading modules is most of a cold start (about 2 s of CPU); the driver keeps two spares loading while the
 * current BFF serves (bff.ts), so 100 restarts fit in the time CI gives. Only code is loaded here: no app is built,
 * no state.
 *
 * If the driver dies, stdin closes and this process exits (no orphan BFF keeps the port).
 */
import Database from 'better-sqlite3'
import { createRequire } from 'node:module'
import '../../bff/src/app'

const LOADED_AT_START: Array<[string, string[]]> = [
  ['fastify', ['pino', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler']],
  ['@fastify/ajv-compiler', ['ajv/dist/jtd', 'ajv/dist/standalone']],
  ['@fastify/fast-json-stringify-compiler', ['fast-json-stringify', 'fast-json-stringify/lib/validator', 'fast-json-stringify/lib/schema-validator']],
  ['@fastify/swagger', ['json-schema-resolver', 'yaml']],
  ['@fastify/swagger-ui', ['@fastify/static']]
]
for (const [from, mods] of LOADED_AT_START) {
  let load: NodeRequire
  try {
    load = createRequire(require.resolve(from))
  } catch {
    continue
  }
  for (const m of mods) {
    try {
      load(m)
    } catch {
      // a layout this list does not know: the BFF loads it when it starts, as it would anyway
    }
  }
}
// better-sqlite3 loads its native binding on the first open
new Database(':memory:').close()

// the driver counts the restarts that found their spare ready (bff.ts)
process.stdout.write('spare loaded\n')
process.stdin.on('end', () => process.exit(1))
process.stdin.once('data', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require('../../bff/src/main')
})
