/**
 * `npm run terminal -- <command>`: the register of counters' terminals that may decode e-voucher codes (X-Terminal-Key).
 * Each terminal belongs to one 定点医药机构 and is for 挂号 (registration), 结算 (settlement) or 购药 (pharmacy); the
 * citizen's 使用记录 shows the institution, the kind and the masked terminal id of every decode.
 *   add --id <terminal id> --institution <机构名称> --kind registration|settlement|pharmacy
 *                                  prints the terminal's key once (only its SHA-256 is kept)
 *   revoke --id <terminal id>      the key decodes nothing from now on
 * The workbench's 扫码终端 screen keeps the same register (routes in contract/workbench.ts), with the same checks.
 * Opens the BFF's database as the BFF does (DATA_DIR / DATABASE_URL, migrated). TERMINAL_KEY with TERMINAL_ID,
 * TERMINAL_INSTITUTION and TERMINAL_KIND names one more terminal from the environment.
 */
import { parseArgs } from 'node:util'
import { TERMINAL_KIND_LABELS } from '../contract/evoucher'
import { AppError } from '../domain/errors'
import { loadConfig } from '../bff/src/config'
import { openDatabase } from '../bff/src/db'
import { resolveTerminalKey } from '../bff/src/services/evoucher'
import { TerminalRegistry } from '../bff/src/services/terminals'

/** the register's option names, as `fields` of its refusals name them */
const OPTION = { id: '--id', institutionName: '--institution', kind: '--kind' } as Record<string, string>

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2)
  const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, institution: { type: 'string' }, kind: { type: 'string' } } })
  if (command !== 'add' && command !== 'revoke') {
    throw new Error('usage: npm run terminal -- add --id <id> --institution <name> --kind registration|settlement|pharmacy | revoke --id <id>')
  }
  const config = loadConfig()
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema })
  try {
    // the registry checks the terminal as the workbench's 扫码终端 screen has it checked (contract/evoucher.ts), and
    // knows TERMINAL_KEY's terminal (or the development one) as the BFF does, so its id is not registered twice
    const registry = new TerminalRegistry({ db, configured: { key: resolveTerminalKey(config).key, terminal: config.terminalInfo }, now: () => new Date() })
    if (command === 'add') {
      const { terminal, key } = await registry.register({ id: values.id, institutionName: values.institution, kind: values.kind })
      console.log(`terminal ${terminal.id} (${terminal.institutionName}, ${TERMINAL_KIND_LABELS[terminal.kind]}) registered; its X-Terminal-Key (shown once):\n${key}`)
    } else {
      if (!values.id) throw new Error('--id: the terminal to revoke')
      await registry.revoke(values.id)
      console.log(`terminal ${values.id} revoked`)
    }
  } finally {
    await db.close()
  }
}

main().catch((err: unknown) => {
  if (err instanceof AppError && err.fields) {
    for (const [field, message] of Object.entries(err.fields)) console.error(`${OPTION[field] ?? field}: ${message}`)
  } else {
    console.error(err instanceof Error ? err.message : err)
  }
  process.exit(1)
})
