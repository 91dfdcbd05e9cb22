import { randomUUID } from 'node:crypto'
import {
  FAMILY_CONSENT_AGE,
  FAMILY_MAX_MEMBERS,
  GRANT_SCOPES,
  GRANT_SCOPE_LABELS,
  MEMBER_STATUS_LABELS,
  RELATIONSHIP_LABELS,
  type FamilyMember,
  type FamilyRequest,
  type Grant,
  type GrantScope,
  type MemberStatus,
  type ProxyLogEntry,
  type Relationship
} from '../../../contract/family'
import { shanghaiToday } from '../../../contract/forms'
import { birthDateOf, maskIdNumber, maskName, maskPhone } from '../../../contract/identity'
import type { DataSharingAdapter } from '../adapters/datasharing/types'
import type { IdentityAdapter } from '../adapters/identity/types'
import type { Db } from '../db'
import { errors } from '../errors'
import type { InsuredPerson, PersonAccess } from './access'
import type { ActingUser } from './apply'
import type { NotificationService } from './notifications'

interface MemberRow {
  id: string
  proxy_user_id: string
  relationship: Relationship
  name: string
  id_number: string
  minor: number
  status: MemberStatus
  requested_scopes_json: string
  scopes_json: string
  added_at: string
  decided_at: string | null
}

export interface FamilyDeps {
  db: Db
  identity: IdentityAdapter
  dataSharing: DataSharingAdapter
  notifications: NotificationService
  now: () => Date
}

/** Whole years between a YYYY-MM-DD birth date and a YYYY-MM-DD day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number)
  const [y, m, d] = day.split('-').map(Number)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** The member is the proxy's …; seen from the member, the proxy is their … (for the member's request list). */
const INVERSE: Record<Relationship, Relationship> = {
  parent: 'child',
  child: 'parent',
  spouse: 'spouse',
  grandparent: 'grandchild',
  grandchild: 'grandparent',
  sibling: 'sibling',
  other: 'other'
}

function scopesOf(json: string): GrantScope[] {
  const s = JSON.parse(json) as string[]
  // kept in the contract's order, unknown values dropped
  return GRANT_SCOPES.filter((g) => s.includes(g))
}

/**
 * Family accounts (亲情账户), proxies (亲友代办) and grants (授权代理): 002 适老化 "医保信息系统支持授权代理、亲友代办",
 * 003 附录 1.14. The one place that decides whether an account may act for a person (PersonAccess): every route about
 * a person resolves `insuredId` here, so revoking a grant takes effect on the very next request.
 */
export class FamilyService implements PersonAccess {
  constructor(private readonly d: FamilyDeps) {}

  private get db(): Db {
    return this.d.db
  }

  private self(user: ActingUser): { name: string; idNumber: string } {
    if (!user.realName) throw errors.realnameRequired()
    return user.realName
  }

  private today(): string {
    return shanghaiToday(this.d.now())
  }

  private accountOf(idNumber: string): { id: string } | undefined {
    return this.db.prepare<[string], { id: string }>('SELECT id FROM users WHERE real_id_number = ?').get(idNumber)
  }

  private userName(userId: string): { name: string; phone: string } {
    const u = this.db
      .prepare<[string], { real_name: string | null; phone: string }>('SELECT real_name, phone FROM users WHERE id = ?')
      .get(userId)
    return { name: u?.real_name ?? '', phone: u?.phone ?? '' }
  }

  private memberView(r: MemberRow): FamilyMember {
    return {
      id: r.id,
      relationship: r.relationship,
      relationshipLabel: RELATIONSHIP_LABELS[r.relationship],
      name: maskName(r.name),
      idNumber: maskIdNumber(r.id_number),
      age: ageOn(birthDateOf(r.id_number), this.today()),
      minor: r.minor === 1,
      status: r.status,
      statusLabel: MEMBER_STATUS_LABELS[r.status],
      scopes: r.status === 'active' ? scopesOf(r.scopes_json) : [],
      requestedScopes: scopesOf(r.requested_scopes_json),
      addedAt: r.added_at
    }
  }

  // ---------- the proxy's side ----------

  listMembers(user: ActingUser): FamilyMember[] {
    return this.db
      .prepare<[string], MemberRow>('SELECT * FROM family_members WHERE proxy_user_id = ? ORDER BY added_at')
      .all(user.id)
      .map((r) => this.memberView(r))
  }

  /**
   * Adds a member. Under 16 (FAMILY_CONSENT_AGE): active at once, every scope, on the user's declaration plus a
   * household-relation check through the data-sharing adapter. 16 and over: pending until the member accepts from
   * their own real-named account (the national app likewise needs the member's own verification).
   */
  async addMember(
    user: ActingUser,
    req: { relationship: Relationship; name: string; idNumber: string; scopes?: GrantScope[] }
  ): Promise<FamilyMember> {
    const me = this.self(user)
    const idNumber = req.idNumber.toUpperCase()
    const name = req.name.trim()
    if (idNumber === me.idNumber) throw errors.familySelf()
    const existing = this.db
      .prepare<[string, string], MemberRow>('SELECT * FROM family_members WHERE proxy_user_id = ? AND id_number = ?')
      .get(user.id, idNumber)
    if (existing && (existing.status === 'active' || existing.status === 'pending')) throw errors.familyMemberExists()
    const count = this.db
      .prepare<[string], { n: number }>(
        "SELECT COUNT(*) AS n FROM family_members WHERE proxy_user_id = ? AND status IN ('active', 'pending')"
      )
      .get(user.id)!.n
    if (count >= FAMILY_MAX_MEMBERS) throw errors.familyLimit(FAMILY_MAX_MEMBERS)
    if ((await this.d.identity.verifyRealName({ name, idNumber })) === 'mismatch') throw errors.familyIdentityMismatch()

    const minor = ageOn(birthDateOf(idNumber), this.today()) < FAMILY_CONSENT_AGE
    if (minor && !(await this.householdRelated(me.idNumber, idNumber))) throw errors.householdUnverified()
    const requested = req.scopes?.length ? req.scopes : [...GRANT_SCOPES]
    const at = this.d.now().toISOString()
    const id = existing?.id ?? randomUUID()
    const status: MemberStatus = minor ? 'active' : 'pending'
    const scopes = minor ? [...GRANT_SCOPES] : []
    this.db
      .prepare(
        `INSERT INTO family_members (id, proxy_user_id, relationship, name, id_number, minor, status, requested_scopes_json, scopes_json, added_at, decided_at)
         VALUES (@id, @proxy, @relationship, @name, @idNumber, @minor, @status, @requested, @scopes, @at, @decided)
         ON CONFLICT (proxy_user_id, id_number) DO UPDATE SET relationship = excluded.relationship, name = excluded.name,
           minor = excluded.minor, status = excluded.status, requested_scopes_json = excluded.requested_scopes_json,
           scopes_json = excluded.scopes_json, added_at = excluded.added_at, decided_at = excluded.decided_at`
      )
      .run({
        id,
        proxy: user.id,
        relationship: req.relationship,
        name,
        idNumber,
        minor: minor ? 1 : 0,
        status,
        requested: JSON.stringify(requested),
        scopes: JSON.stringify(scopes),
        at,
        decided: minor ? at : null
      })
    if (!minor) {
      // the member learns of the request in the app (and by SMS) when they have an account; else on first sign-in
      const account = this.accountOf(idNumber)
      if (account) {
        const n = this.d.notifications.record(account.id, {
          title: '亲情账户授权申请',
          body: `${maskName(me.name)}申请将您添加为家庭成员，并代您${requested.map((s) => GRANT_SCOPE_LABELS[s]).join('、')}。请在“亲情账户”中确认或拒绝。`,
          sms: true
        })
        await n.send()
      }
    }
    return this.memberView(this.memberRow(user, id))
  }

  /** Whether the data-sharing platform records the two as one household: one is the other's child. */
  private async householdRelated(a: string, b: string): Promise<boolean> {
    const [pa, pb] = await Promise.all([this.d.dataSharing.person(a), this.d.dataSharing.person(b)])
    return Boolean(pa?.children.some((c) => c.idNumber === b) || pb?.children.some((c) => c.idNumber === a))
  }

  private memberRow(user: ActingUser, id: string): MemberRow {
    const row = this.db
      .prepare<[string, string], MemberRow>('SELECT * FROM family_members WHERE id = ? AND proxy_user_id = ?')
      .get(id, user.id)
    if (!row) throw errors.familyMemberUnknown()
    return row
  }

  /** The user removes a member at any time; every grant ends with it. */
  removeMember(user: ActingUser, id: string): void {
    this.memberRow(user, id)
    this.db.prepare('DELETE FROM family_members WHERE id = ?').run(id)
  }

  // ---------- the member's side ----------

  private incomingRow(user: ActingUser, id: string, status: MemberStatus): MemberRow {
    const me = this.self(user)
    const row = this.db
      .prepare<[string, string, MemberStatus], MemberRow>('SELECT * FROM family_members WHERE id = ? AND id_number = ? AND status = ?')
      .get(id, me.idNumber, status)
    if (!row) throw status === 'pending' ? errors.familyRequestUnknown() : errors.grantUnknown()
    return row
  }

  requests(user: ActingUser): FamilyRequest[] {
    const me = this.self(user)
    return this.db
      .prepare<[string], MemberRow>("SELECT * FROM family_members WHERE id_number = ? AND status = 'pending' ORDER BY added_at")
      .all(me.idNumber)
      .map((r) => {
        const from = this.userName(r.proxy_user_id)
        const rel = INVERSE[r.relationship]
        return {
          id: r.id,
          fromName: maskName(from.name),
          fromPhone: maskPhone(from.phone),
          relationship: rel,
          relationshipLabel: RELATIONSHIP_LABELS[rel],
          requestedScopes: scopesOf(r.requested_scopes_json),
          createdAt: r.added_at
        }
      })
  }

  private grantView(r: MemberRow): Grant {
    const from = this.userName(r.proxy_user_id)
    const rel = INVERSE[r.relationship]
    return {
      id: r.id,
      proxyName: maskName(from.name),
      proxyPhone: maskPhone(from.phone),
      relationship: rel,
      relationshipLabel: RELATIONSHIP_LABELS[rel],
      scopes: scopesOf(r.scopes_json),
      grantedAt: r.decided_at ?? r.added_at
    }
  }

  private async tellProxy(r: MemberRow, title: string, body: string): Promise<void> {
    await this.d.notifications.record(r.proxy_user_id, { title, body, sms: true }).send()
  }

  async accept(user: ActingUser, id: string, scopes: GrantScope[]): Promise<Grant> {
    const row = this.incomingRow(user, id, 'pending')
    const at = this.d.now().toISOString()
    this.db
      .prepare("UPDATE family_members SET status = 'active', scopes_json = ?, decided_at = ? WHERE id = ?")
      .run(JSON.stringify(scopes), at, id)
    await this.tellProxy(row, '亲情账户：对方已同意', `${maskName(row.name)}已同意您代为${scopes.map((s) => GRANT_SCOPE_LABELS[s]).join('、')}。`)
    return this.grantView({ ...row, status: 'active', scopes_json: JSON.stringify(scopes), decided_at: at })
  }

  async decline(user: ActingUser, id: string): Promise<void> {
    const row = this.incomingRow(user, id, 'pending')
    this.db.prepare("UPDATE family_members SET status = 'declined', decided_at = ? WHERE id = ?").run(this.d.now().toISOString(), id)
    await this.tellProxy(row, '亲情账户：对方已拒绝', `${maskName(row.name)}拒绝了您的家庭成员添加申请。`)
  }

  grants(user: ActingUser): Grant[] {
    const me = this.self(user)
    return this.db
      .prepare<[string], MemberRow>("SELECT * FROM family_members WHERE id_number = ? AND status = 'active' ORDER BY decided_at")
      .all(me.idNumber)
      .map((r) => this.grantView(r))
  }

  updateGrant(user: ActingUser, id: string, scopes: GrantScope[]): Grant {
    const row = this.incomingRow(user, id, 'active')
    this.db.prepare('UPDATE family_members SET scopes_json = ? WHERE id = ?').run(JSON.stringify(scopes), id)
    return this.grantView({ ...row, scopes_json: JSON.stringify(scopes) })
  }

  /** The member revokes a grant: from the next request on, the proxy can do nothing for them. */
  async revoke(user: ActingUser, id: string): Promise<void> {
    const row = this.incomingRow(user, id, 'active')
    this.db
      .prepare("UPDATE family_members SET status = 'revoked', scopes_json = '[]', decided_at = ? WHERE id = ?")
      .run(this.d.now().toISOString(), id)
    await this.tellProxy(row, '亲情账户：对方已取消授权', `${maskName(row.name)}已取消对您的授权。`)
  }

  proxyLog(user: ActingUser): ProxyLogEntry[] {
    const me = this.self(user)
    return this.db
      .prepare<
        [string],
        { id: string; at: string; actor_name: string; action: string; label: string; application_id: string | null }
      >('SELECT id, at, actor_name, action, label, application_id FROM proxy_log WHERE applicant_id_number = ? ORDER BY at DESC, rowid DESC LIMIT 200')
      .all(me.idNumber)
      .map((r) => ({ id: r.id, at: r.at, actorName: maskName(r.actor_name), action: r.action, label: r.label, applicationId: r.application_id }))
  }

  // ---------- PersonAccess ----------

  resolve(user: ActingUser, insuredId: string | undefined, scope: GrantScope): InsuredPerson {
    if (insuredId === undefined || insuredId === 'self') {
      const me = this.self(user)
      return { name: me.name, idNumber: me.idNumber, memberId: null }
    }
    this.self(user)
    const row = this.memberRow(user, insuredId)
    if (row.status !== 'active' || !scopesOf(row.scopes_json).includes(scope)) throw errors.grantRequired(GRANT_SCOPE_LABELS[scope])
    return { name: row.name, idNumber: row.id_number, memberId: row.id }
  }

  allows(userId: string, idNumber: string, scope: GrantScope): boolean {
    const own = this.db.prepare<[string], { real_id_number: string | null }>('SELECT real_id_number FROM users WHERE id = ?').get(userId)
    if (own?.real_id_number && own.real_id_number === idNumber) return true
    const row = this.db
      .prepare<[string, string], { scopes_json: string }>(
        "SELECT scopes_json FROM family_members WHERE proxy_user_id = ? AND id_number = ? AND status = 'active'"
      )
      .get(userId, idNumber)
    return row ? scopesOf(row.scopes_json).includes(scope) : false
  }

  /** The member id under which this user acts for the person, or null (themselves, or no active link). */
  memberIdFor(userId: string, idNumber: string): string | null {
    return (
      this.db
        .prepare<[string, string], { id: string }>(
          "SELECT id FROM family_members WHERE proxy_user_id = ? AND id_number = ? AND status = 'active'"
        )
        .get(userId, idNumber)?.id ?? null
    )
  }

  logProxyAction(user: ActingUser, person: InsuredPerson, action: string, label: string, applicationId: string | null = null): void {
    if (person.idNumber === user.realName?.idNumber) return
    // the same action on the same thing within 10 minutes is one entry (the e-voucher page refreshes its code
    // every minute; the member wants to read "showed your code at 10:02", not sixty lines)
    const since = new Date(this.d.now().getTime() - 10 * 60_000).toISOString()
    const recent = this.db
      .prepare(
        'SELECT 1 FROM proxy_log WHERE applicant_id_number = ? AND actor_user_id = ? AND action = ? AND application_id IS ? AND at >= ? LIMIT 1'
      )
      .get(person.idNumber, user.id, action, applicationId, since)
    if (recent) return
    this.db
      .prepare(
        'INSERT INTO proxy_log (id, applicant_id_number, actor_user_id, actor_name, action, label, application_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run(randomUUID(), person.idNumber, user.id, user.realName?.name ?? '', action, label, applicationId, this.d.now().toISOString())
  }
}
