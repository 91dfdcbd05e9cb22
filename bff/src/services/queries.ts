import { randomUUID } from 'node:crypto'
import type { QueryAnswer } from '../../../contract/apply'
import { errors } from '../../../domain/errors'
import type { AgencyAdapter } from '../adapters/agency/types'
import type { CaseSystem } from '../adapters/casesystem/types'
import type { DataSharingAdapter } from '../adapters/datasharing/types'
import type { Db } from '../db'
import type { InsuredPerson } from './access'
import type { ApplyService } from './apply'
import type { AuthUser } from './auth-user'

export interface QueryDeps {
  db: Db
  /** the items, as the apply service serves them */
  apply: ApplyService
  agency: AgencyAdapter
  dataSharing: DataSharingAdapter
  cases: CaseSystem
  now: () => Date
  defaultRegion: string
}

/**
 * 查询服务 (001 §5.2.1): the agency answers at once, for the signed-in real-named citizen or a family member whose
 * `record` grant they hold; the answer is kept by the case system as a query case in 我的办件 (seen again there and
 * rated like any case, 000 §6.1.4.2), and who asked what stays in the query audit.
 */
export class QueryService {
  constructor(private readonly d: QueryDeps) {}

  async ask(user: AuthUser, itemId: string, person: InsuredPerson, region?: string): Promise<QueryAnswer> {
    const item = this.d.apply.item(itemId, region ?? this.d.defaultRegion)
    if (item.handlingMode !== 'query') throw errors.itemNotApplyable(item.name)
    const record = await this.d.dataSharing.person(person.idNumber)
    const now = this.d.now()
    const answeredAt = now.toISOString()
    const answer = await this.d.agency.answerQuery({ itemId: item.id, itemName: item.name, applicant: { name: person.name, idNumber: person.idNumber }, person: record, now })
    const kept = await this.d.cases.recordQuery(user, {
      item: { id: item.id, name: item.name, region: { code: item.region.code, name: item.region.name }, agencyName: item.guide.authority.accepting },
      person,
      answer: { answeredAt, rows: answer.rows, note: answer.note }
    })
    await this.d.db
      .prepare('INSERT INTO query_audit (id, user_id, applicant_id_number, item_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(randomUUID(), user.id, person.idNumber, item.id, answeredAt)
    return { applicationId: kept.applicationId, caseNo: kept.caseNo, itemId: item.id, itemName: item.name, answeredAt, rows: answer.rows, note: answer.note }
  }
}
