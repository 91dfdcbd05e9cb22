import { loadCatalogFiles } from '../../../catalog/index'
import type { Material } from '../../../contract/catalog'
import { idNumberCheckChar } from '../../../contract/identity'
import {
  DOCUMENT_KINDS,
  EmbeddedDataSharing,
  MATERIAL_DOCUMENT_KINDS,
  NOT_PERSONAL_MATERIALS,
  createDataSharingAdapter,
  sharedVerifiedMaterialIds
} from '../../src/adapters/datasharing'
import samplePersons from '../../src/adapters/sample/persons.json'

const ZHANG = '331102198803120025' // 张丽华: married, newborn child, employee insured
const WANG = '331121195106080019' // 王建国: retiree, resident insured
const LI = '330802199001010037' // 李明: registered unemployed, employee insured
const LIU = '430602197005200026' // 刘芳: not enrolled
const CHILD = '331102202610150040' // 王小宝, 张丽华's newborn
/** a valid 身份证号 of nobody in the sample; its check character is X */
const STRANGER = '11010519491231002X'


const items = loadCatalogFiles().items
function materialsOf(itemId: string): Material[] {
  const item = items.find((i) => i.id === itemId)
  if (!item) throw new Error(`no catalog item ${itemId}`)
  return item.guide.materials
}

const ds = createDataSharingAdapter('embedded')
async function verified(idNumber: string, itemId: string): Promise<string[]> {
  return sharedVerifiedMaterialIds(materialsOf(itemId), await ds.heldDocuments(idNumber))
}

describe('the embedded data-sharing platform (sample persons)', () => {
  it('knows every sample person as the file lists them', async () => {
    for (const p of samplePersons.persons) {
      const r = await ds.person(p.idNumber)
      expect(r).toMatchObject({ idNumber: p.idNumber, name: p.name, regionCode: p.regionCode, enrollment: p.enrollment })
      expect(r?.documents).toEqual(p.documents)
      expect(r?.children).toEqual(p.children)
      expect(await ds.heldDocuments(p.idNumber)).toEqual(new Set(p.documents))
    }
  })

  it('knows a sample person’s child as a person of its own: same region, insured as listed', async () => {
    const child = await ds.person(CHILD)
    expect(child).toMatchObject({ name: '王小宝', regionCode: '331102', enrollment: 'none', children: [] })
    expect(await ds.heldDocuments(CHILD)).toEqual(new Set(['id-card', 'household-register', 'household-or-id', 'birth-certificate']))
  })

  it('has no record of anyone else; a valid 身份证号 holds only the identity card, an invalid one nothing', async () => {
    expect(await ds.person(STRANGER)).toBeNull()
    expect(await ds.heldDocuments(STRANGER)).toEqual(new Set(['id-card']))
    const wrongCheck = STRANGER.slice(0, 17) + (STRANGER[17] === '0' ? '1' : '0')
    expect(await ds.heldDocuments(wrongCheck)).toEqual(new Set())
    expect(await ds.heldDocuments('')).toEqual(new Set())
  })

  it('finds a person whatever the spaces and the case of X', async () => {
    expect((await ds.person(` ${ZHANG} `))?.name).toBe('张丽华')
    expect(idNumberCheckChar(STRANGER.slice(0, 17))).toBe('X')
    expect(await ds.heldDocuments(STRANGER.toLowerCase())).toEqual(new Set(['id-card']))
    expect(await ds.heldDocuments(` ${STRANGER} `)).toEqual(new Set(['id-card']))
  })

  it('hands out copies: a caller cannot change the platform’s record', async () => {
    const r = await ds.person(ZHANG)
    r?.documents.push('residence-permit')
    r?.children.splice(0, 1)
    const again = await ds.person(ZHANG)
    expect(again?.documents).not.toContain('residence-permit')
    expect(again?.children).toHaveLength(1)
  })

  it('refuses a malformed sample file', () => {
    expect(() => new EmbeddedDataSharing({ persons: [{ idNumber: '123', name: 'x' }] })).toThrow()
    expect(() => new EmbeddedDataSharing({})).toThrow()
  })
})

describe('免提交·已核验 materials (001 §3.2.2)', () => {
  it('maps every shared-verifiable catalog material to document kinds, or says why it cannot', () => {
    const shared = new Set(items.flatMap((i) => i.guide.materials.filter((m) => m.sharedVerifiable).map((m) => m.id)))
    for (const id of shared) {
      expect([id, id in MATERIAL_DOCUMENT_KINDS || NOT_PERSONAL_MATERIALS.includes(id)]).toEqual([id, true])
    }
    for (const id of NOT_PERSONAL_MATERIALS) expect(id in MATERIAL_DOCUMENT_KINDS).toBe(false)
    for (const kinds of Object.values(MATERIAL_DOCUMENT_KINDS)) {
      for (const k of kinds) expect(DOCUMENT_KINDS).toContain(k)
    }
    // what the sample persons hold is in the vocabulary
    for (const p of samplePersons.persons) for (const d of p.documents) expect(DOCUMENT_KINDS).toContain(d)
  })

  it('张丽华: 未就业配偶生育医疗待遇 — her certificates are verified, her spouse’s ID and an unemployment card she lacks are not', async () => {
    expect(await verified(ZHANG, 'unemployed-spouse-maternity')).toEqual([
      'id-card',
      'marriage-certificate',
      'birth-registration',
      'birth-certificate'
    ])
  })

  it('张丽华: 家庭共济 — the relationship proof through her marriage certificate, not the family member’s ID', async () => {
    expect(await verified(ZHANG, 'family-sharing-filing')).toEqual(['id-card', 'relationship-proof'])
  })

  it('李明: 一次性营养补助 — ID and 就业失业登记证, no birth certificates', async () => {
    expect(await verified(LI, 'maternity-nutrition-subsidy')).toEqual(['id-card', 'unemployment-registration'])
  })

  it('王建国: 待遇变更 — the 退休审批 shared by 人社', async () => {
    expect(await verified(WANG, 'benefit-change')).toEqual(['retirement-approval'])
    expect(await verified(LI, 'benefit-change')).toEqual([])
  })

  it('王建国 and 刘芳: 异地就医备案 — the 户口簿 only for who holds it', async () => {
    expect(await verified(WANG, 'offsite-care-filing')).toEqual(['id-card', 'household-register'])
    expect(await verified(LIU, 'offsite-care-filing')).toEqual(['id-card'])
  })

  it('城乡居民参保登记: 户口簿或身份证 (either) for the newborn, 刘芳 and a stranger; never the 居住证 nobody holds', async () => {
    for (const id of [CHILD, LIU, STRANGER]) {
      expect(await verified(id, 'resident-enrollment')).toEqual(['household-or-id'])
    }
  })

  it('a stranger: only identity-card materials', async () => {
    expect(await verified(STRANGER, 'maternity-reimbursement')).toEqual(['id-card'])
    expect(await verified(STRANGER, 'employer-enrollment')).toEqual([])
  })

  it('never marks a material the catalog does not call shared-verifiable, even when the document is held', () => {
    const m = (id: string, sharedVerifiable: boolean): Material => ({
      id,
      name: id,
      form: 'electronic',
      count: 1,
      required: true,
      uploadRule: '',
      commonErrors: [],
      sharedVerifiable,
      paper: false
    })
    const held = new Set(['id-card', 'marriage-certificate', 'death-certificate'])
    expect(sharedVerifiedMaterialIds([m('id-card', false), m('marriage-certificate', true), m('death-certificate', true)], held)).toEqual([
      'marriage-certificate'
    ])
    expect(sharedVerifiedMaterialIds([m('id-card', true)], new Set())).toEqual([])
  })
})
