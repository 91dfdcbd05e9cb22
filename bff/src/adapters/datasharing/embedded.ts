import { z } from 'zod'
import { isValidIdNumber } from '../../../../contract/identity'
import samplePersons from '../sample/persons.json'
import type { DataSharingAdapter, PersonRecord } from './types'

const SamplePersonsSchema = z.object({
  persons: z.array(
    z.object({
      idNumber: z.string().refine(isValidIdNumber, 'not a valid 身份证号'),
      name: z.string().min(1),
      phone: z.string().nullable(),
      regionCode: z.string().regex(/^\d{6}$/),
      documents: z.array(z.string()),
      enrollment: z.enum(['employee', 'resident', 'none']),
      children: z.array(
        z.object({
          idNumber: z.string(),
          name: z.string().min(1),
          birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          enrolled: z.boolean()
        })
      ),
      events: z
        .array(z.object({ kind: z.enum(['identity-change', 'chronic-diagnosis', 'childbirth']), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), detail: z.string().min(1), values: z.record(z.string()).optional() }))
        .optional()
    })
  )
})

/**
 * What the platform holds for a child of a sample person: the newborn's 户籍登记 (000 §6.2.3.1 新生儿在公安部门完成
 * 户籍登记) gave it a 身份证号 and a 户口簿 entry, and the 出生医学证明 is the child's own.
 */
const CHILD_DOCUMENTS = ['id-card', 'household-register', 'household-or-id', 'birth-certificate']

/** Anyone else with a valid 身份证号: the platform knows the identity itself (real-name, 001 §3.1.2) and nothing more. */
const STRANGER_DOCUMENTS = ['id-card']

function normalise(idNumber: string): string {
  return idNumber.trim().toUpperCase()
}

/**
 * The default data-sharing adapter: the repository's SAMPLE persons (bff/src/adapters/sample/persons.json,
 * invented people). A sample person is known with their enrollment, children and certificates; a child listed
 * under a sample person is known as a person of its own (same region, enrolled or not as listed); anyone else with
 * a valid 身份证号 has no record (`person` → null) and holds only their identity card (`heldDocuments` →
 * {'id-card'}), so 身份证 materials are still verified without upload for every real-named citizen.
 */
export class EmbeddedDataSharing implements DataSharingAdapter {
  readonly kind = 'embedded'
  private readonly byId = new Map<string, PersonRecord>()

  constructor(source: unknown = samplePersons) {
    const parsed = SamplePersonsSchema.parse(source)
    for (const p of parsed.persons) {
      const record: PersonRecord = {
        idNumber: normalise(p.idNumber),
        name: p.name,
        phone: p.phone,
        regionCode: p.regionCode,
        documents: [...p.documents],
        enrollment: p.enrollment,
        children: p.children.map((c) => ({ ...c, idNumber: normalise(c.idNumber) })),
        events: p.events ?? []
      }
      this.byId.set(record.idNumber, record)
    }
    for (const parent of [...this.byId.values()]) {
      for (const c of parent.children) {
        if (this.byId.has(c.idNumber)) continue
        this.byId.set(c.idNumber, {
          idNumber: c.idNumber,
          name: c.name,
          phone: null,
          regionCode: parent.regionCode,
          documents: [...CHILD_DOCUMENTS],
          enrollment: c.enrolled ? 'resident' : 'none',
          children: []
        })
      }
    }
  }

  async person(idNumber: string): Promise<PersonRecord | null> {
    const p = this.byId.get(normalise(idNumber))
    // a copy: callers cannot change the platform's record
    return p ? { ...p, documents: [...p.documents], children: p.children.map((c) => ({ ...c })) } : null
  }

  async heldDocuments(idNumber: string): Promise<Set<string>> {
    const id = normalise(idNumber)
    const p = this.byId.get(id)
    if (p) return new Set(p.documents)
    return new Set(isValidIdNumber(id) ? STRANGER_DOCUMENTS : [])
  }
}
