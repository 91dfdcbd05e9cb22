// Over 400 lines: one authorisation decision (PersonAccess) with the member, request and grant flows that feed it.
import { v7 as uuidv7 } from 'uuid'
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
import { errors } from '../../../domain/errors'
import type { InsuredPerson, PersonAccess } from './access'
import type { AuthUser } from './auth-user'
import type { NotificationService } from './notifications'
import { Throttles } from './throttle'

/**
 * SMS a citizen's family requests may send to other people's phones: one a day to the same person, five a day in all.
 * The request itself always reaches the member in the app; only the SMS is held back (an add/remove loop must not
 * turn the BFF into an SMS cannon aimed at someone else's phone).
 */
export const FAMILY_INVITE_SMS_PER_PERSON_DAY = 1
export const FAMILY_INVITE_SMS_PER_DAY = 5
const DAY_MS = 24 * 3600_000

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

const MEMBER_COLUMNS =
  'id, proxy_user_id, relationship, name, id_number, minor, status, requested_scopes_json, scopes_json, added_at, decided_at'

/**
 * Family accounts (亲情账户), proxies (亲友代办) and grants (授权代理): 002 适老化 "医保信息系统支持授权代理、亲友代办",
 * 003 附录 1.14. The one place that decides whether an account may act for a person (PersonAccess): every route about
 * a person resolves `insuredId` here, so revoking a grant takes effect on the very next request.
 *
 * Every change of a member's status is one conditional UPDATE (`… AND status = 'pending'`), so two requests racing
 * (accept and decline, two instances) cannot both succeed; the in-app notification is written in the same
 * transaction and its SMS sent after it commits.
 */
export class FamilyService implements PersonAccess {
  private readonly q
  private readonly throttles: Throttles

  constructor(private readonly d: FamilyDeps) {
    const db = d.db
    this.throttles = new Throttles(db)
    this.q = {
      accountOf: db.prepare<[string], { id: string }>('SELECT id FROM users WHERE real_id_number = ?'),
      userName: db.prepare<[string], { real_name: string | null; phone: string }>('SELECT real_name, phone FROM users WHERE id = ?'),
      ownIdNumber: db.prepare<[string], { real_id_number: string | null }>('SELECT real_id_number FROM users WHERE id = ?'),
      members: db.prepare<[string], MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM family_members WHERE proxy_user_id = ? ORDER BY added_at, id`
      ),
      memberByIdNumber: db.prepare<[string, string], MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM family_members WHERE proxy_user_id = ? AND id_number = ?`
      ),
      openCount: db.prepare<[string], { n: number }>(
        "SELECT COUNT(*) AS n FROM family_members WHERE proxy_user_id = ? AND status IN ('active', 'pending')"
      ),
      upsertMember: db.prepare<Record<string, unknown>>(
        `INSERT INTO family_members (id, proxy_user_id, relationship, name, id_number, minor, status, requested_scopes_json, scopes_json, added_at, decided_at)
         VALUES (@id, @proxy, @relationship, @name, @idNumber, @minor, @status, @requested, @scopes, @at, @decided)
         ON CONFLICT (proxy_user_id, id_number) DO UPDATE SET relationship = excluded.relationship, name = excluded.name,
           minor = excluded.minor, status = excluded.status, requested_scopes_json = excluded.requested_scopes_json,
           scopes_json = excluded.scopes_json, added_at = excluded.added_at, decided_at = excluded.decided_at`
      ),
      memberRow: db.prepare<[string, string], MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM family_members WHERE id = ? AND proxy_user_id = ?`
      ),
      removeMember: db.prepare<[string, string]>('DELETE FROM family_members WHERE id = ? AND proxy_user_id = ?'),
      incoming: db.prepare<[string, MemberStatus], MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM family_members WHERE id_number = ? AND status = ? ORDER BY added_at, id`
      ),
      grants: db.prepare<[string], MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM family_members WHERE id_number = ? AND status = 'active' ORDER BY decided_at, id`
      ),
      accept: db.prepare<[string, string, string, string], MemberRow>(
        `UPDATE family_members SET status = 'active', scopes_json = ?, decided_at = ? WHERE id = ? AND id_number = ? AND status = 'pending'
         RETURNING ${MEMBER_COLUMNS}`
      ),
      decline: db.prepare<[string, string, string], MemberRow>(
        `UPDATE family_members SET status = 'declined', decided_at = ? WHERE id = ? AND id_number = ? AND status = 'pending'
         RETURNING ${MEMBER_COLUMNS}`
      ),
      updateGrant: db.prepare<[string, string, string], MemberRow>(
        `UPDATE family_members SET scopes_json = ? WHERE id = ? AND id_number = ? AND status = 'active' RETURNING ${MEMBER_COLUMNS}`
      ),
      revoke: db.prepare<[string, string, string], MemberRow>(
        `UPDATE family_members SET status = 'revoked', scopes_json = '[]', decided_at = ? WHERE id = ? AND id_number = ? AND status = 'active'
         RETURNING ${MEMBER_COLUMNS}`
      ),
      proxyLog: db.prepare<
        [string],
        { id: string; at: string; actor_name: string; action: string; label: string; application_id: string | null }
      >(
        // id is a UUIDv7, ordered by time: the tie-breaker for entries of the same instant
        'SELECT id, at, actor_name, action, label, application_id FROM proxy_log WHERE applicant_id_number = ? ORDER BY at DESC, id DESC LIMIT 200'
      ),
      confirmedReminder: db.prepare<[string, string], { one: number }>(
        "SELECT 1 AS one FROM reminders WHERE owner_id_number = ? AND for_id_number = ? AND status <> 'declined' LIMIT 1"
      ),
      activeScopes: db.prepare<[string, string], { id: string; scopes_json: string }>(
        "SELECT id, scopes_json FROM family_members WHERE proxy_user_id = ? AND id_number = ? AND status = 'active'"
      ),
      recentProxyAction: db.prepare<[string, string, string, string | null, string], { one: number }>(
        'SELECT 1 AS one FROM proxy_log WHERE applicant_id_number = ? AND actor_user_id = ? AND action = ? AND application_id IS NOT DISTINCT FROM ? AND at >= ? LIMIT 1'
      ),
      insertProxyAction: db.prepare<[string, string, string, string, string, string, string | null, string]>(
        'INSERT INTO proxy_log (id, applicant_id_number, actor_user_id, actor_name, action, label, application_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      )
    }
  }

  private get db(): Db {
    return this.d.db
  }

  private self(user: AuthUser): { name: string; idNumber: string } {
    if (!user.realName) throw errors.realnameRequired()
    return user.realName
  }

  private today(): string {
    return shanghaiToday(this.d.now())
  }

  private async userName(userId: string): Promise<{ name: string; phone: string }> {
    const u = await this.q.userName.get(userId)
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
      minor: Number(r.minor) === 1,
      status: r.status,
      statusLabel: MEMBER_STATUS_LABELS[r.status],
      scopes: r.status === 'active' ? scopesOf(r.scopes_json) : [],
      requestedScopes: scopesOf(r.requested_scopes_json),
      addedAt: r.added_at
    }
  }

  // ---------- the proxy's side ----------

  async listMembers(user: AuthUser): Promise<FamilyMember[]> {
    return (await this.q.members.all(user.id)).map((r) => this.memberView(r))
  }

  /** 409 FAMILY_MEMBER_EXISTS / FAMILY_LIMIT when the person cannot be added now; the existing row, if any */
  private async checkAddable(userId: string, idNumber: string): Promise<MemberRow | undefined> {
    const existing = await this.q.memberByIdNumber.get(userId, idNumber)
    if (existing && (existing.status === 'active' || existing.status === 'pending')) throw errors.familyMemberExists()
    const count = (await this.q.openCount.get(userId))?.n ?? 0
    if (count >= FAMILY_MAX_MEMBERS) throw errors.familyLimit(FAMILY_MAX_MEMBERS)
    return existing
  }

  /**
   * Adds a member. Under 16 (FAMILY_CONSENT_AGE): active at once, every scope, on the user's declaration plus a
   * household-relation check through the data-sharing adapter. 16 and over: pending until the member accepts from
   * their own real-named account (the national app likewise needs the member's own verification).
   */
  async addMember(
    user: AuthUser,
    req: { relationship: Relationship; name: string; idNumber: string; scopes?: GrantScope[]; phone?: string }
  ): Promise<FamilyMember> {
    const me = this.self(user)
    const idNumber = req.idNumber.toUpperCase()
    const name = req.name.trim()
    if (idNumber === me.idNumber) throw errors.familySelf()
    await this.checkAddable(user.id, idNumber)
    if ((await this.d.identity.verifyRealName({ name, idNumber })) === 'mismatch') throw errors.familyIdentityMismatch()

    const minor = ageOn(birthDateOf(idNumber), this.today()) < FAMILY_CONSENT_AGE
    if (minor && !(await this.householdRelated(me.idNumber, idNumber))) throw errors.householdUnverified()
    const requested = req.scopes?.length ? req.scopes : [...GRANT_SCOPES]
    const at = this.d.now().toISOString()
    const status: MemberStatus = minor ? 'active' : 'pending'
    const scopes = minor ? [...GRANT_SCOPES] : []
    const invite = `${maskName(me.name)}申请将您添加为家庭成员，并代您${requested.map((s) => GRANT_SCOPE_LABELS[s]).join('、')}。`
    const { row, invitePhone } = await this.db.tx(async () => {
      // checked again under the account's lock: another request (on any instance) may have added a member while the
      // upstream checks ran, and two at once must not pass the limit together
      await this.db.lock(`family-of:${user.id}`)
      const existing = await this.checkAddable(user.id, idNumber)
      const id = existing?.id ?? uuidv7()
      await this.q.upsertMember.run({
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
      // a 16+ member is told at once: in the app when they have an account (their home shows the request until they
      // answer), and by SMS — to their account's phone, else to the phone the user gave
      let invitePhone: string | null = null
      if (!minor) {
        const account = await this.q.accountOf.get(idNumber)
        if (account) {
          await this.d.notifications.record(account.id, { title: '亲情账户授权申请', body: `${invite}请在首页或“亲情账户”中同意或拒绝。` })
          invitePhone = (await this.userName(account.id)).phone || null
        }
        invitePhone ??= req.phone ?? null
        // the SMS only within the limits on what one account sends to other people's phones; the request itself
        // always waits in the app (on the member's home)
        if (invitePhone) {
          const t = this.d.now().getTime()
          const sms =
            (await this.throttles.take(`invite-sms:${user.id}:${idNumber}`, t, { max: FAMILY_INVITE_SMS_PER_PERSON_DAY, windowMs: DAY_MS })) &&
            (await this.throttles.take(`invite-sms:${user.id}`, t, { max: FAMILY_INVITE_SMS_PER_DAY, windowMs: DAY_MS }))
          if (!sms) invitePhone = null
        }
      }
      const row = await this.q.memberRow.get(id, user.id)
      return { row: row!, invitePhone }
    })
    if (invitePhone) {
      await this.d.notifications.smsToOther(
        user.id,
        invitePhone,
        `亲情账户授权申请：${invite}请登录“医保掌上办”，在首页或“亲情账户”中同意或拒绝；如不认识对方，请拒绝。`
      )
    }
    return this.memberView(row)
  }

  /** Whether the data-sharing platform records the two as one household: one is the other's child. */
  private async householdRelated(a: string, b: string): Promise<boolean> {
    const [pa, pb] = await Promise.all([this.d.dataSharing.person(a), this.d.dataSharing.person(b)])
    return Boolean(pa?.children.some((c) => c.idNumber === b) || pb?.children.some((c) => c.idNumber === a))
  }

  private async memberRow(user: AuthUser, id: string): Promise<MemberRow> {
    const row = await this.q.memberRow.get(id, user.id)
    if (!row) throw errors.familyMemberUnknown()
    return row
  }

  /** The user removes a member at any time; every grant ends with it. */
  async removeMember(user: AuthUser, id: string): Promise<void> {
    const { changes } = await this.q.removeMember.run(id, user.id)
    if (changes === 0) throw errors.familyMemberUnknown()
  }

  // ---------- the member's side ----------

  async requests(user: AuthUser): Promise<FamilyRequest[]> {
    const me = this.self(user)
    const rows = await this.q.incoming.all(me.idNumber, 'pending')
    return Promise.all(
      rows.map(async (r) => {
        const from = await this.userName(r.proxy_user_id)
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
    )
  }

  private async grantView(r: MemberRow): Promise<Grant> {
    const from = await this.userName(r.proxy_user_id)
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

  /**
   * Changes a request or grant addressed to the user (one conditional UPDATE … RETURNING, `missing` when it is not
   * theirs or no longer in the expected status) and records the proxy's in-app message in the same transaction;
   * the SMS goes out after the commit.
   */
  private async decide(
    change: () => Promise<MemberRow | undefined>,
    missing: () => Error,
    tell: ((row: MemberRow) => { title: string; body: string }) | null
  ): Promise<MemberRow> {
    const { row, notice } = await this.db.tx(async () => {
      const row = await change()
      if (!row) throw missing()
      const message = tell?.(row)
      const notice = message ? await this.d.notifications.record(row.proxy_user_id, { ...message, sms: true }) : null
      return { row, notice }
    })
    if (notice) await notice.send()
    return row
  }

  async accept(user: AuthUser, id: string, scopes: GrantScope[]): Promise<Grant> {
    const me = this.self(user)
    const at = this.d.now().toISOString()
    const row = await this.decide(
      () => this.q.accept.get(JSON.stringify(scopes), at, id, me.idNumber),
      () => errors.familyRequestUnknown(),
      (r) => ({ title: '亲情账户：对方已同意', body: `${maskName(r.name)}已同意您代为${scopes.map((s) => GRANT_SCOPE_LABELS[s]).join('、')}。` })
    )
    return this.grantView(row)
  }

  async decline(user: AuthUser, id: string): Promise<void> {
    const me = this.self(user)
    await this.decide(
      () => this.q.decline.get(this.d.now().toISOString(), id, me.idNumber),
      () => errors.familyRequestUnknown(),
      (r) => ({ title: '亲情账户：对方已拒绝', body: `${maskName(r.name)}拒绝了您的家庭成员添加申请。` })
    )
  }

  async grants(user: AuthUser): Promise<Grant[]> {
    const me = this.self(user)
    const rows = await this.q.grants.all(me.idNumber)
    return Promise.all(rows.map((r) => this.grantView(r)))
  }

  async updateGrant(user: AuthUser, id: string, scopes: GrantScope[]): Promise<Grant> {
    const me = this.self(user)
    const row = await this.q.updateGrant.get(JSON.stringify(scopes), id, me.idNumber)
    if (!row) throw errors.grantUnknown()
    return this.grantView(row)
  }

  /** The member revokes a grant: from the next request on, the proxy can do nothing for them. */
  async revoke(user: AuthUser, id: string): Promise<void> {
    const me = this.self(user)
    await this.decide(
      () => this.q.revoke.get(this.d.now().toISOString(), id, me.idNumber),
      () => errors.grantUnknown(),
      (r) => ({ title: '亲情账户：对方已取消授权', body: `${maskName(r.name)}已取消对您的授权。` })
    )
  }

  async proxyLog(user: AuthUser): Promise<ProxyLogEntry[]> {
    const me = this.self(user)
    return (await this.q.proxyLog.all(me.idNumber)).map((r) => ({
      id: r.id,
      at: r.at,
      actorName: maskName(r.actor_name),
      action: r.action,
      label: r.label,
      applicationId: r.application_id
    }))
  }

  // ---------- PersonAccess ----------

  async resolve(user: AuthUser, insuredId: string | undefined, scope: GrantScope): Promise<InsuredPerson> {
    if (insuredId === undefined || insuredId === 'self') {
      const me = this.self(user)
      return { name: me.name, idNumber: me.idNumber, memberId: null }
    }
    this.self(user)
    const row = await this.memberRow(user, insuredId)
    if (!(await this.allows(user.id, row.id_number, scope))) throw errors.grantRequired(GRANT_SCOPE_LABELS[scope])
    return { name: row.name, idNumber: row.id_number, memberId: row.id }
  }

  /**
   * THE authorisation decision for data about a person (PersonAccess.allows): the account's own identity; an active
   * grant of the person holding `scope`; or, for applying and following the case only, a 提醒办 the agency addressed
   * to this account about that person and the account has not declined (000 §6.1.2.1.2, e.g. a newborn's insurance). Nothing
   * else — having submitted a case, rated it or filed about it earlier gives no access once the grant is gone. Read
   * from the database on every call, so a revoke or a narrowed grant holds from the very next request.
   */
  async allows(userId: string, idNumber: string, scope: GrantScope): Promise<boolean> {
    const own = await this.q.ownIdNumber.get(userId)
    if (!own?.real_id_number) return false
    if (own.real_id_number === idNumber) return true
    const row = await this.q.activeScopes.get(userId, idNumber)
    if (row && scopesOf(row.scopes_json).includes(scope)) return true
    if (scope === 'apply' || scope === 'cases') return Boolean(await this.q.confirmedReminder.get(own.real_id_number, idNumber))
    return false
  }

  /** The member id under which this user acts for the person, or null (themselves, or no active link). */
  async memberIdFor(userId: string, idNumber: string): Promise<string | null> {
    return (await this.q.activeScopes.get(userId, idNumber))?.id ?? null
  }

  async logProxyAction(
    user: AuthUser,
    person: InsuredPerson,
    action: string,
    label: string,
    applicationId: string | null = null
  ): Promise<void> {
    if (person.idNumber === user.realName?.idNumber) return
    // the same action on the same thing within 10 minutes is one entry (the e-voucher page refreshes its code
    // every minute; the member wants to read "showed your code at 10:02", not sixty lines)
    const now = this.d.now()
    const since = new Date(now.getTime() - 10 * 60_000).toISOString()
    await this.db.tx(async () => {
      await this.db.lock(`proxy-log:${person.idNumber}:${user.id}:${action}:${applicationId ?? ''}`)
      if (await this.q.recentProxyAction.get(person.idNumber, user.id, action, applicationId, since)) return
      await this.q.insertProxyAction.run(
        uuidv7(),
        person.idNumber,
        user.id,
        user.realName?.name ?? '',
        action,
        label,
        applicationId,
        now.toISOString()
      )
    })
  }
}
