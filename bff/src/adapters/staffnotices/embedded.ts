import { randomUUID } from 'node:crypto'
import type { Db } from '../../db'
import type { StaffNotice, StaffNoticeKind, StaffNotifier } from './types'

interface Row {
  id: string
  staff_id: string
  kind: StaffNoticeKind
  title: string
  body: string
  application_id: string | null
  created_at: string
  read_at: string | null
}

/** The default staff channel: every notice lands in `staff_notices`, where the workbench shows it. */
export class EmbeddedStaffNotifier implements StaffNotifier {
  readonly kind = 'embedded'

  constructor(private readonly db: Db) {}

  async notify(n: { staffId: string; kind: StaffNoticeKind; title: string; body: string; applicationId: string | null }, at: Date): Promise<boolean> {
    const r = await this.db
      .prepare(
        'INSERT INTO staff_notices (id, staff_id, kind, title, body, application_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'
      )
      .run(randomUUID(), n.staffId, n.kind, n.title, n.body, n.applicationId, at.toISOString())
    return r.changes === 1
  }

  async inbox(staffId: string, limit: number): Promise<StaffNotice[]> {
    const rows = await this.db
      .prepare<[string, number], Row>('SELECT * FROM staff_notices WHERE staff_id = ? ORDER BY created_at DESC, id LIMIT ?')
      .all(staffId, limit)
    return rows.map((r) => ({
      id: r.id,
      staffId: r.staff_id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      applicationId: r.application_id,
      createdAt: r.created_at,
      readAt: r.read_at
    }))
  }
}
