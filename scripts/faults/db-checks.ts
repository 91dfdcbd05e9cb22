import Database from 'better-sqlite3'
import type { Findings } from './report'

/**
 * The database behind the API, checked directly after the BFF stopped: the engine's own integrity check (SQLite),
 * then the same cross-table rules on either engine — one case per draft, every case with its submit event, every
 * idempotency key and every submitted draft pointing at a case that exists, no upload left pointing at nothing.
 */
const RULES: Array<[string, string]> = [
  ['two cases for one draft', 'SELECT draft_id AS x FROM applications GROUP BY draft_id HAVING COUNT(*) > 1'],
  ['a case without events', 'SELECT a.id AS x FROM applications a WHERE NOT EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = a.id)'],
  ["a case whose first event is not the submit", "SELECT e.application_id AS x FROM application_events e WHERE e.seq = (SELECT MIN(seq) FROM application_events f WHERE f.application_id = e.application_id) AND e.action <> 'submit'"],
  ['an idempotency key pointing at no case', 'SELECT k.key AS x FROM idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = k.application_id)'],
  ['a submitted draft without its case', 'SELECT d.id AS x FROM drafts d WHERE d.application_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = d.application_id)'],
  ['a case whose draft is not marked submitted', 'SELECT a.id AS x FROM applications a JOIN drafts d ON d.id = a.draft_id WHERE d.application_id IS NULL OR d.application_id <> a.id'],
  ["an upload of a draft that does not exist", "SELECT u.id AS x FROM uploads u WHERE u.owner_kind = 'draft' AND NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = u.owner_id)"],
  ["an upload of a case that does not exist", "SELECT u.id AS x FROM uploads u WHERE u.owner_kind = 'application' AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = u.owner_id)"],
  ['a submitted draft still holding uploads', "SELECT u.id AS x FROM uploads u JOIN drafts d ON d.id = u.owner_id WHERE u.owner_kind = 'draft' AND d.application_id IS NOT NULL"]
]

export async function dbChecks(target: { sqliteFile: string } | { pg: { url: string; schema: string } }, f: Findings): Promise<string> {
  const found: string[] = []
  if ('sqliteFile' in target) {
    const db = new Database(target.sqliteFile, { readonly: true, fileMustExist: true })
    try {
      const ic = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>
      const integrity = ic.map((r) => r.integrity_check).join('; ')
      if (integrity !== 'ok') f.violation(`SQLite PRAGMA integrity_check: ${integrity}`)
      const fk = db.prepare('PRAGMA foreign_key_check').all()
      if (fk.length) f.violation(`SQLite PRAGMA foreign_key_check: ${fk.length} rows, e.g. ${JSON.stringify(fk[0])}`)
      for (const [what, sql] of RULES) {
        const rows = db.prepare(sql).all() as Array<{ x: string }>
        if (rows.length) found.push(`${what}: ${rows.length} (${rows.slice(0, 3).map((r) => r.x).join(', ')})`)
      }
      for (const s of found) f.violation(`database: ${s}`)
      const n = (db.prepare('SELECT COUNT(*) AS n FROM applications').get() as { n: number }).n
      return `PRAGMA integrity_check ok=${integrity === 'ok'}, foreign_key_check ${fk.length} rows, ${RULES.length} cross-table rules ${found.length ? 'FAILED' : 'ok'} (${n} cases)`
    } finally {
      db.close()
    }
  }
  const { Client } = await import('pg')
  const client = new Client({ connectionString: target.pg.url })
  await client.connect()
  try {
    await client.query(`SET search_path TO ${target.pg.schema}`)
    for (const [what, sql] of RULES) {
      const r = await client.query<{ x: string }>(sql)
      if (r.rows.length) found.push(`${what}: ${r.rows.length} (${r.rows.slice(0, 3).map((x) => x.x).join(', ')})`)
    }
    for (const s of found) f.violation(`database: ${s}`)
    const n = (await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM applications')).rows[0].n
    return `PostgreSQL ${RULES.length} cross-table rules ${found.length ? 'FAILED' : 'ok'} (${n} cases)`
  } finally {
    await client.end()
  }
}
