import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { GUIDE_ELEMENTS, HANDLING_MODE_LABEL, MATERIAL_FORM_LABEL, PRACTICE_ELEMENT_NOTE, PRACTICE_MATERIAL_NOTE, PRACTICE_NOTE } from '@contract'
import { mockApi } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '@/shared/nav'
import { useRegionStore } from '@/shared/region/store'
import { DepartmentsScreen } from './DepartmentsScreen'
import { GuideScreen } from './GuideScreen'
import { collapsedElements, guideLayout } from './guideSections'
import { ItemListScreen } from './ItemListScreen'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  useRegionStore.getState().setRegion({ code: '331102', name: '莲都区', fullName: '浙江省丽水市莲都区', level: 'county' })
})
afterEach(() => nav.restore())

describe('部门导航 (001 §5.1.1): region → department → item', () => {
  it('lists the departments of the region and opens the item list of the one tapped', async () => {
    const expected = (await mockApi()).departments('331102').departments
    renderScreen(<DepartmentsScreen />)
    expect(screen.getByText('正在加载办事部门…')).toBeInTheDocument()
    expect(screen.getByText('浙江省丽水市莲都区')).toBeInTheDocument()
    for (const d of expected) {
      const row = await screen.findByRole('button', { name: (name) => name.startsWith(d.name) })
      expect(within(row).getByText(`${d.itemCount} 项`)).toBeInTheDocument()
    }
    const agency = expected.find((d) => d.kind === 'agency')!
    fireEvent.click(screen.getByText(agency.name))
    expect(nav.last()).toEqual({ route: ROUTES.items, params: { region: '331102', department: agency.id } })

    // the item list the navigation leads to: that department's items, each with its 办理方式 tag
    const { params } = nav.last()!
    const items = (await mockApi()).items(params.region, params.department).items
    renderScreen(<ItemListScreen regionCode={params.region} departmentId={params.department} />)
    expect(await screen.findByText(`共 ${items.length} 个事项`)).toBeInTheDocument()
    expect(await screen.findByText(agency.name, { selector: '.catalog-heading' })).toBeInTheDocument()
    const reimbursement = items.find((i) => i.id === 'medical-reimbursement')!
    const row = screen.getByRole('button', { name: (name) => name.startsWith(reimbursement.popularName) })
    expect(within(row).getByText(reimbursement.name)).toBeInTheDocument()
    expect(within(row).getByText('人工核办')).toBeInTheDocument()
    expect(within(row).getByText('办结时限：10 个工作日')).toBeInTheDocument() // 003 §7.4.1.7
    fireEvent.click(row)
    expect(nav.last()).toEqual({ route: ROUTES.guide, params: { id: 'medical-reimbursement', region: '331102' } })
  })

  it("shows only the tax department's item for the tax department", async () => {
    const expected = (await mockApi()).items('331102', '331102-tax').items
    renderScreen(<ItemListScreen regionCode='331102' departmentId='331102-tax' />)
    expect(await screen.findByText(`共 ${expected.length} 个事项`)).toBeInTheDocument()
    expect(screen.getAllByRole('button', { name: /./ }).filter((b) => b.classList.contains('yb-cell'))).toHaveLength(expected.length)
    expect(screen.getByText(expected[0].popularName)).toBeInTheDocument()
  })

  it('filters the list by 办理方式 (智能办理 / 人工核办 / 查询服务)', async () => {
    const all = (await mockApi()).items('331102').items
    renderScreen(<ItemListScreen regionCode='331102' />)
    expect(await screen.findByText(`共 ${all.length} 个事项`)).toBeInTheDocument()
    fireEvent.click(screen.getByText(HANDLING_MODE_LABEL.query, { selector: '.catalog-filter' }))
    const queries = all.filter((i) => i.handlingMode === 'query')
    expect(screen.getByText(`共 ${queries.length} 个事项`)).toBeInTheDocument()
    for (const q of queries) expect(screen.getByText(q.popularName)).toBeInTheDocument()
    expect(screen.queryByText('看病垫付的钱报销')).not.toBeInTheDocument()
  })
})

describe('办事指南 (001 §4.1.2)', () => {
  it('opens 办事须知 (001 §5.1.2) from 在线办理 for an item that can be applied for online', async () => {
    renderScreen(<GuideScreen itemId='offsite-care-filing' regionCode='331100' />)
    await screen.findByText('去外地看病报备', { selector: '.guide-head__title' }, { timeout: 5000 })
    fireEvent.click(screen.getByText('在线办理', { exact: true }))
    expect(nav.last()).toEqual({ route: ROUTES.applyNotice, params: { itemId: 'offsite-care-filing', region: '331100' } })
  })

  it('shows all 16 elements in order with their headings, and the sample-data notice', async () => {
    renderScreen(<GuideScreen itemId='medical-reimbursement' regionCode='331102' />)
    expect(screen.getByText('正在加载办事指南…')).toBeInTheDocument()
    expect(await screen.findByText('看病垫付的钱报销', { selector: '.guide-head__title' })).toBeInTheDocument()
    const headings = GUIDE_ELEMENTS.map(([, h]) => screen.getByText(h, { selector: '.yb-section__title' }))
    expect(headings).toHaveLength(16)
    for (let i = 1; i < headings.length; i += 1) {
      // each heading comes after the previous one in the page
      expect(headings[i - 1].compareDocumentPosition(headings[i]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
      expect(headings[i].previousElementSibling).toHaveTextContent(String(i + 1))
    }
    // sample data is said plainly
    expect(screen.getByText('示例数据')).toBeInTheDocument()
    expect(screen.getByText(/不是经办机构的真实联系方式/)).toBeInTheDocument()
    // 办事须知 before, 温馨提示 and the seed clauses after
    expect(screen.getByText('办事须知')).toBeInTheDocument()
    expect(screen.getByText('温馨提示')).toBeInTheDocument()
    expect(screen.getByText('DB3209 医疗保障经办运行规范 §7.4.1')).toBeInTheDocument()
    // place-dependent values come from the region (the county's agency)
    const detail = (await mockApi()).item('medical-reimbursement', '331102')
    expect(screen.getAllByText(detail.guide.office.address).length).toBeGreaterThan(0)
    expect(screen.getByText(detail.guide.timeLimit.text)).toBeInTheDocument()
  })

  it('mini-programs: a long guide starts with its heaviest elements collapsed (node budget), every heading kept, 展开 opens one', async () => {
    const detail = (await mockApi()).item('medical-reimbursement', '331102')
    const shut = collapsedElements(detail.guide)
    // the longest guide of the catalogue: 1 419 nodes in one setData when everything was open
    expect([...shut]).toContain('materials')
    expect(collapsedElements((await mockApi()).item('personal-insurance-record', '331102').guide).size).toBe(0)
    renderScreen(<GuideScreen itemId='medical-reimbursement' regionCode='331102' layout='sections' />)
    await screen.findByText('看病垫付的钱报销', { selector: '.guide-head__title' })
    expect(GUIDE_ELEMENTS.map(([, h]) => screen.getByText(h, { selector: '.yb-section__title' }))).toHaveLength(16)
    expect(screen.queryByText(`共 ${detail.guide.materials.length} 项材料`)).toBeNull()
    const open = screen.getByRole('button', { name: '展开申请材料目录' })
    expect(open).toHaveAttribute('aria-expanded', 'false')
    fireEvent.click(open)
    expect(await screen.findByText(`共 ${detail.guide.materials.length} 项材料`)).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '收起申请材料目录' }))
    expect(screen.queryByText(`共 ${detail.guide.materials.length} 项材料`)).toBeNull()
    // H5 (layout 'full') has no node limit: nothing folds
    expect(guideLayout('h5')).toBe('full')
    expect(guideLayout('weapp')).toBe('sections')
    expect(guideLayout('alipay')).toBe('sections')
  })

  it('lists the materials with form (原件/复印件), count, 免提交·已核验 and the mailing information (001 §5.1.4)', async () => {
    const detail = (await mockApi()).item('medical-reimbursement', '331102')
    renderScreen(<GuideScreen itemId='medical-reimbursement' regionCode='331102' />)
    await screen.findByText(`共 ${detail.guide.materials.length} 项材料`)
    for (const [i, m] of detail.guide.materials.entries()) {
      const card = screen.getByText(`${i + 1}. ${m.name}`).closest('.guide-material') as HTMLElement
      expect(within(card).getByText(MATERIAL_FORM_LABEL[m.form])).toBeInTheDocument()
      expect(within(card).getByText(`${m.count} 份`)).toBeInTheDocument()
      if (m.sharedVerifiable) expect(within(card).getByText('免提交·已核验')).toBeInTheDocument()
      else expect(within(card).queryByText('免提交·已核验')).not.toBeInTheDocument()
      if (m.paper) expect(within(card).getByText('需寄送纸质件')).toBeInTheDocument()
    }
    expect(screen.getAllByText('原件').length).toBeGreaterThan(0)
    expect(screen.getAllByText('复印件').length).toBeGreaterThan(0)
    // mailing: where, to whom, by when
    expect(screen.getByText('本事项需要寄送纸质材料')).toBeInTheDocument()
    expect(screen.getByText('纸质材料寄送')).toBeInTheDocument()
    expect(screen.getByText(detail.mailing!.address)).toBeInTheDocument()
    expect(screen.getByText(detail.mailing!.recipient)).toBeInTheDocument()
    expect(screen.getByText(`提交申请后 ${detail.mailing!.deadlineDays} 日内寄出`)).toBeInTheDocument()
  })

  it('opens a material’s 示范文本 and 常见错误示例', async () => {
    const detail = (await mockApi()).item('medical-reimbursement', '331102')
    const m = detail.guide.materials.find((x) => x.sample && x.commonErrors.length > 0)!
    renderScreen(<GuideScreen itemId='medical-reimbursement' regionCode='331102' />)
    const card = (await screen.findByText(`${detail.guide.materials.indexOf(m) + 1}. ${m.name}`)).closest('.guide-material') as HTMLElement
    expect(within(card).queryByText(m.sample!)).not.toBeInTheDocument()
    fireEvent.click(within(card).getByText('查看示范文本'))
    expect(within(card).getByText(m.sample!)).toBeInTheDocument()
    fireEvent.click(within(card).getByText('常见错误示例'))
    expect(within(card).getByText(m.commonErrors[0])).toBeInTheDocument()
    expect(within(card).queryByText(m.sample!)).not.toBeInTheDocument()
  })

  it('a fact no seed states says 以当地经办机构公布为准: 出国(境)带药备案’s travel papers are optional (000 §6.8.1.2), its conditions are practice', async () => {
    const detail = (await mockApi()).item('overseas-medicine-filing', '331102')
    const m = detail.guide.materials.find((x) => x.id === 'travel-document')!
    renderScreen(<GuideScreen itemId='overseas-medicine-filing' regionCode='331102' />)
    const card = (await screen.findByText(`${detail.guide.materials.indexOf(m) + 1}. ${m.name}`)).closest('.guide-material') as HTMLElement
    expect(within(card).getByText('按情况提供')).toBeInTheDocument()
    expect(within(card).getByText(PRACTICE_MATERIAL_NOTE)).toBeInTheDocument()
    // the identity card comes from the seeds: no such note on it
    const id = screen.getByText(`1. ${detail.guide.materials[0].name}`).closest('.guide-material') as HTMLElement
    expect(within(id).queryByText(new RegExp(PRACTICE_NOTE))).not.toBeInTheDocument()
    // an element from practice carries the note; one from the seeds (办理流程, 000 §6.8.1) does not
    expect(within(document.getElementById('guide-conditions')!).getByText(PRACTICE_ELEMENT_NOTE)).toBeInTheDocument()
    expect(within(document.getElementById('guide-process')!).queryByText(new RegExp(PRACTICE_NOTE))).not.toBeInTheDocument()
  })

  it('a guide promising 视同同意办理 shows the agency’s own period as such (000 §6.1.2.1.2, §6.2.6.1)', async () => {
    renderScreen(<GuideScreen itemId='resident-info-change' regionCode='331102' />)
    expect(await screen.findByText(/^规定时间内未确认的视同同意办理：标准未规定具体期限，本经办机构规定自收到提醒之日起 10 个工作日内未表示不同意的，视同同意办理$/)).toBeInTheDocument()
  })

  it('a query service offers 立即查询 (001 §5.2.1) instead of a form, and no mailing', async () => {
    renderScreen(<GuideScreen itemId='personal-insurance-record' regionCode='331102' />)
    await screen.findByText('打印参保证明', { selector: '.guide-head__title' }, { timeout: 5000 })
    expect(screen.queryByText('纸质材料寄送')).not.toBeInTheDocument()
    expect(screen.queryByText('在线办理', { exact: true })).not.toBeInTheDocument()
    fireEvent.click(screen.getByText('立即查询'))
    expect(nav.last()).toEqual({ route: ROUTES.applyQuery, params: { itemId: 'personal-insurance-record', region: '331102' } })
  })

  it('an item without online application (a unit\'s item) has a disabled 在线办理（即将开放） button', async () => {
    renderScreen(<GuideScreen itemId='employer-enrollment' regionCode='331102' />)
    const button = await screen.findByText('在线办理（即将开放）', {}, { timeout: 5000 })
    expect(button).toHaveAttribute('disabled')
    fireEvent.click(button)
    expect(nav.urls).toEqual([])
  })

  it('says in Chinese when the item does not exist, with 重试', async () => {
    renderScreen(<GuideScreen itemId='no-such-item' regionCode='331102' />)
    expect(await screen.findByText('未找到该事项，请返回重新选择')).toBeInTheDocument()
    expect(screen.getByText('重试')).toBeInTheDocument()
  })

  it('asks to go back home when opened without an item', () => {
    renderScreen(<GuideScreen />)
    fireEvent.click(screen.getByText('返回首页'))
    expect(nav.last()?.route).toBe(ROUTES.home)
  })
})

describe('regions', () => {
  it('follows the citizen switching region on a screen opened for another one', async () => {
    renderScreen(<DepartmentsScreen regionCode='320900' />)
    expect(await screen.findByText('江苏省盐城市')).toBeInTheDocument()
    act(() => useRegionStore.getState().setRegion({ code: '331121', name: '青田县', fullName: '浙江省丽水市青田县', level: 'county' }))
    await waitFor(() => expect(screen.getByText('浙江省丽水市青田县')).toBeInTheDocument())
    const expected = (await mockApi()).departments('331121').departments
    expect(await screen.findByText(expected[0].name)).toBeInTheDocument()
  })
})
