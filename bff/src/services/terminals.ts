import type { TerminalKind } from '../../../contract/evoucher'
import type { Db } from '../db'
import { secretMatches } from '../dev-secrets'
import { randomToken, sha256Hex } from './tokens'

/** A counter's scanner at a 定点医药机构: what the citizen's 使用记录 says about a decode made with its key. */
export interface Terminal {
  id: string
  institutionName: string
  kind: TerminalKind
}

export interface TerminalRegistryDeps {
  db: Db
  /** TERMINAL_KEY (or the development key), and the terminal it belongs to (TERMINAL_ID / _INSTITUTION / _KIND) */
  configured: { key: string | null; terminal: Terminal }
  now: () => Date
}

/**
 * Which terminal an X-Terminal-Key belongs to: the one TERMINAL_KEY names (compared in constant time), or one of the
 * terminals registered in the database (table evoucher_terminals, only the key's SHA-256 kept; a lookup by a
 * 256-bit hash leaks nothing a timing attack could use). A revoked terminal's key decodes nothing.
 */
export class TerminalRegistry {
  constructor(private readonly d: TerminalRegistryDeps) {}

  /** The terminal of a presented key, and whether it was the configured key (TERMINAL_KEY or the development one). */
  async identify(presented: string | string[] | undefined): Promise<{ terminal: Terminal; configuredKey: boolean } | null> {
    const key = (Array.isArray(presented) ? presented[0] : presented)?.trim()
    if (!key) return null
    if (secretMatches(this.d.configured.key, key)) return { terminal: this.d.configured.terminal, configuredKey: true }
    const row = await this.d.db
      .prepare<[string], { terminal_id: string; institution_name: string; kind: TerminalKind }>(
        'SELECT terminal_id, institution_name, kind FROM evoucher_terminals WHERE key_sha256 = ? AND revoked_at IS NULL'
      )
      .get(sha256Hex(key))
    return row ? { terminal: { id: row.terminal_id, institutionName: row.institution_name, kind: row.kind }, configuredKey: false } : null
  }

  /** Registers a terminal and answers its key (shown once: only its hash is kept). */
  async register(t: Terminal): Promise<{ terminal: Terminal; key: string }> {
    const key = `term-${randomToken(24)}`
    await this.d.db
      .prepare('INSERT INTO evoucher_terminals (terminal_id, key_sha256, institution_name, kind, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(t.id, sha256Hex(key), t.institutionName, t.kind, this.d.now().toISOString())
    return { terminal: t, key }
  }

  /** The terminal's key stops decoding at once; false when no such terminal is registered. */
  async revoke(terminalId: string): Promise<boolean> {
    const r = await this.d.db
      .prepare('UPDATE evoucher_terminals SET revoked_at = ? WHERE terminal_id = ? AND revoked_at IS NULL')
      .run(this.d.now().toISOString(), terminalId)
    return r.changes === 1
  }
}
