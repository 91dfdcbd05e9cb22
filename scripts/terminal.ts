/**
 * `npm run terminal -- <command>`: the register of counters' terminals that may decode e-voucher codes (X-Terminal-Key).
 * Each terminal belongs to one 定点医药机构 and is for 挂号 (registration), 结算 (settlement) or 购药 (pharmacy); the
 * citizen's 使用记录 shows the institution, the kind and the masked terminal id of every decode.
 *   add --id <terminal id> --institution <机构名称> --kind registration|settlement|pharmacy
 *                                  prints the terminal's key once (only its SHA-256 is kept)
 *   revoke --id <terminal id>      the key decodes nothing from now on
 * Opens the BFF's database as the BFF does (DATA_DIR / DATABASE_URL, migrated). TERMINAL_KEY with TERMINAL_ID,
 * TERMINAL_INSTITUTION and TERMINAL_KIND names one more terminal from the environment.
 */
import { parseArgs } from 'node:util'
import { TerminalKindSchema } from '../contract/evoucher'
import { loadConfig } from '../bff/src/config'
import { openDatabase } from '../bff/src/db'
import { TerminalRegistry } from '../bff/src/services/terminals'

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2)
  const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, institution: { type: 'string' }, kind: { type: 'string' } } })
  if (!values.id || !/^[\w-]{4,32}$/.test(values.id)) throw new Error('--id: 4 to 32 letters, digits, - or _')
  const config = loadConfig()
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema })
  try {
    const registry = new TerminalRegistry({ db, configured: { key: null, terminal: config.terminalInfo }, now: () => new Date() })
    if (command === 'add') {
      const kind = TerminalKindSchema.safeParse(values.kind)
      if (!kind.success) throw new Error('--kind: registration, settlement or pharmacy')
      const institution = values.institution?.trim() ?? ''
      if (institution.length < 2 || institution.length > 60) throw new Error('--institution: 2 to 60 characters')
      const { key } = await registry.register({ id: values.id, institutionName: institution, kind: kind.data })
      console.log(`terminal ${values.id} (${institution}, ${kind.data}) registered; its X-Terminal-Key (shown once):\n${key}`)
    } else if (command === 'revoke') {
      console.log((await registry.revoke(values.id)) ? `terminal ${values.id} revoked` : `no active terminal ${values.id}`)
    } else {
      throw new Error('usage: npm run terminal -- add --id <id> --institution <name> --kind <kind> | revoke --id <id>')
    }
  } finally {
    await db.close()
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
