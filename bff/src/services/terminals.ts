import { RegisterTerminalRequestSchema, TERMINAL_KIND_LABELS, type TerminalKind } from '../../../contract/evoucher'
import type { StaffTerminal } from '../../../contract/workbench'
import { errors } from '../../../domain/errors'
import { isUniqueViolation, type Db } from '../db'
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

interface TerminalRow {
  terminal_id: string
  institution_name: string
  kind: TerminalKind
  created_at: string
  revoked_at: string | null
  last_decoded_at: string | null
}

/** the last decode of a terminal the usage log keeps (index evoucher_decodes_terminal: a lookup, not a scan) */
const LAST_DECODE = '(SELECT MAX(d.decoded_at) FROM evoucher_decodes d WHERE d.terminal_id = t.terminal_id) AS last_decoded_at'

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

  /** The register as the workbench lists it: TERMINAL_KEY's terminal (if a key is set), then the active ones, newest first. */
  async list(): Promise<StaffTerminal[]> {
    const rows = await this.d.db
      .prepare<[], TerminalRow>(
        `SELECT t.terminal_id, t.institution_name, t.kind, t.created_at, t.revoked_at, ${LAST_DECODE} FROM evoucher_terminals t
         ORDER BY CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END, t.created_at DESC, t.terminal_id`
      )
      .all()
    const out = rows.map((r) => this.view(r))
    const configured = await this.configuredView()
    return configured ? [configured, ...out] : out
  }

  /**
   * Registers a terminal and answers its key (shown once: only its hash is kept). The input is checked here, for the
   * CLI and the staff route alike (contract/evoucher.ts): 400 TERMINAL_INVALID; an id registered before — revoked ones
   * too, since citizens' usage logs still name them — or TERMINAL_KEY's own is 409 TERMINAL_EXISTS.
   */
  async register(input: unknown): Promise<{ terminal: StaffTerminal; key: string }> {
    const parsed = RegisterTerminalRequestSchema.safeParse(input)
    if (!parsed.success) throw errors.terminalInvalid(parsed.error.issues)
    const t = parsed.data
    if (this.d.configured.key && t.id === this.d.configured.terminal.id) throw errors.terminalExists(t.id)
    const key = `term-${randomToken(24)}`
    const at = this.d.now().toISOString()
    try {
      await this.d.db
        .prepare('INSERT INTO evoucher_terminals (terminal_id, key_sha256, institution_name, kind, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(t.id, sha256Hex(key), t.institutionName, t.kind, at)
    } catch (err) {
      if (isUniqueViolation(err)) throw errors.terminalExists(t.id)
      throw err
    }
    return { terminal: this.view({ terminal_id: t.id, institution_name: t.institutionName, kind: t.kind, created_at: at, revoked_at: null, last_decoded_at: null }), key }
  }

  /**
   * The terminal's key stops decoding at once. 404 TERMINAL_UNKNOWN, 409 TERMINAL_REVOKED when it was already,
   * 409 TERMINAL_CONFIGURED for TERMINAL_KEY's terminal (the deployment's configuration stops that one).
   */
  async revoke(terminalId: string): Promise<StaffTerminal> {
    const r = await this.d.db
      .prepare('UPDATE evoucher_terminals SET revoked_at = ? WHERE terminal_id = ? AND revoked_at IS NULL')
      .run(this.d.now().toISOString(), terminalId)
    const row = await this.row(terminalId)
    if (!row) {
      if (this.d.configured.key && terminalId === this.d.configured.terminal.id) throw errors.terminalConfigured(terminalId)
      throw errors.terminalUnknown()
    }
    if (r.changes !== 1) throw errors.terminalRevoked(terminalId)
    return this.view(row)
  }

  private row(terminalId: string): Promise<TerminalRow | undefined> {
    return this.d.db
      .prepare<[string], TerminalRow>(`SELECT t.terminal_id, t.institution_name, t.kind, t.created_at, t.revoked_at, ${LAST_DECODE} FROM evoucher_terminals t WHERE t.terminal_id = ?`)
      .get(terminalId)
  }

  private async configuredView(): Promise<StaffTerminal | null> {
    if (!this.d.configured.key) return null
    const c = this.d.configured.terminal
    const last = await this.d.db
      .prepare<[string], { at: string | null }>('SELECT MAX(decoded_at) AS at FROM evoucher_decodes WHERE terminal_id = ?')
      .get(c.id)
    return { id: c.id, institutionName: c.institutionName, kind: c.kind, kindLabel: TERMINAL_KIND_LABELS[c.kind], registeredAt: null, revokedAt: null, lastDecodedAt: last?.at ?? null, configured: true }
  }

  private view(r: TerminalRow): StaffTerminal {
    return {
      id: r.terminal_id,
      institutionName: r.institution_name,
      kind: r.kind,
      kindLabel: TERMINAL_KIND_LABELS[r.kind],
      registeredAt: r.created_at,
      revokedAt: r.revoked_at,
      lastDecodedAt: r.last_decoded_at,
      configured: false
    }
  }
}
