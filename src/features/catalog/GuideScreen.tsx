import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState, type ReactNode } from 'react'
import { GUIDE_ELEMENTS, MATERIAL_FORM_LABEL, PRACTICE_ELEMENT_NOTE, PRACTICE_MATERIAL_NOTE, PRACTICE_NOTE, type Guide, type ItemDetail, type Material } from '@contract'
import { countText, sourceText, timeLimitText } from '@/shared/format'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { useRegionCode } from '@/shared/region/store'
import { AsyncView, Bullets, Button, EmptyState, Field, ModeTag, Notice, Screen, Section, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { ReadAloudButton } from '@/shared/speech/ReadAloudButton'
import { speechLines, speechText } from '@/shared/speech/text'
import { fetchItemDetail } from './api'
import { collapsedElements, guideLayout, type GuideLayout } from './guideSections'
import './catalog.scss'

/**
 * 办事指南 (001 §4.1.2): every one of the 16 elements, in the order and with the headings of GUIDE_ELEMENTS, plus
 * 办事须知 and 温馨提示 (001 §4.2.2), the mailing information for paper originals (001 §5.1.4), the seed clauses the
 * item comes from, and a plain notice when the place-dependent values are sample data. Online application opens
 * in a later issue: the button says so and is disabled.
 */
export function GuideScreen({ itemId, regionCode, layout = guideLayout() }: { itemId?: string; regionCode?: string; layout?: GuideLayout }) {
  const code = useRegionCode(regionCode)
  const detail = useQuery(itemId ? `item:${itemId}:${code}` : null, () => fetchItemDetail(itemId ?? '', code))

  useEffect(() => {
    if (detail.data) Taro.setNavigationBarTitle({ title: detail.data.popularName }).catch(() => undefined)
  }, [detail.data])

  if (!itemId) {
    return (
      <Screen className='guide'>
        <EmptyState
          title='没有指定要查看的事项'
          hint='请从首页、部门或搜索进入事项'
          action={<Button onClick={() => Taro.reLaunch({ url: ROUTES.home }).catch(() => undefined)}>返回首页</Button>}
        />
      </Screen>
    )
  }

  return (
    <Screen
      className='guide'
      footer={
        <View className='guide-footer'>
          {detail.data?.onlineApply && detail.data.handlingMode === 'query' ? (
            // 001 §5.2.1: query services answer at once, without a form or a case
            <Button block onClick={() => navigate(ROUTES.applyQuery, { itemId, region: detail.data?.region.code ?? code })}>
              立即查询
            </Button>
          ) : detail.data?.onlineApply ? (
            // 001 §5.1.2: applying starts with 办事须知 (query services answer at once instead, 001 §5.2.1)
            <Button block onClick={() => navigate(ROUTES.applyNotice, { itemId, region: detail.data?.region.code ?? code })}>
              在线办理
            </Button>
          ) : (
            <>
              <Button block disabled>
                在线办理（即将开放）
              </Button>
              <Text className='guide-footer__hint'>
                {detail.data && detail.data.serviceObject !== 'person'
                  ? '本事项由单位或机构办理，需单位账号登录，暂未开放在线申请，现可按本指南到窗口办理'
                  : '在线申请将在后续版本开放，现可按本指南到窗口办理'}
              </Text>
            </>
          )}
        </View>
      }
    >
      <AsyncView query={detail} loadingText='正在加载办事指南…'>
        {(d) => <GuideContent detail={d} layout={layout} />}
      </AsyncView>
    </Screen>
  )
}

function GuideContent({ detail: d, layout }: { detail: ItemDetail; layout: GuideLayout }) {
  const [collapsed, setCollapsed] = useState<Set<keyof Guide>>(() => (layout === 'sections' ? collapsedElements(d.guide) : new Set()))
  const toggle = (key: keyof Guide) =>
    setCollapsed((c) => {
      const next = new Set(c)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })
  const practice = practiceElements(d)
  return (
    <View>
      <View className='guide-head'>
        <Text className='guide-head__title' {...role('heading')} aria-level={1}>
          {d.popularName}
        </Text>
        <Text className='guide-head__name'>{d.name}</Text>
        <View className='guide-head__meta'>
          <ModeTag mode={d.handlingMode} />
          {timeLimitText(d.timeLimitDays) ? <Tag tone='neutral'>{`办结时限 ${timeLimitText(d.timeLimitDays)}`}</Tag> : null}
        </View>
        <Text className='guide-head__where'>
          {d.region.fullName} · {d.department.name}
        </Text>
        <ReadAloudButton className='guide-head__read' getText={() => guideSpeech(d)} />
      </View>

      {d.sampleData ? (
        <Notice tone='warning' title='示例数据'>
          <Text>本页的办公地址、电话、办公时间、收费和寄送地址等为示例数据，不是经办机构的真实联系方式，请以当地医保部门公布的信息为准。</Text>
        </Notice>
      ) : null}

      {d.mailing ? (
        <Notice tone='info' title='本事项需要寄送纸质材料'>
          <Text>提交申请后，请按「申请材料目录」中的寄送说明寄出纸质材料。</Text>
        </Notice>
      ) : null}

      <Section title='办事须知'>
        <Bullets items={d.notice} />
      </Section>

      {GUIDE_ELEMENTS.map(([key, heading], i) => {
        const shut = collapsed.has(key)
        const canFold = layout === 'sections'
        return (
          <Section
            key={key}
            id={`guide-${key}`}
            index={i + 1}
            title={heading}
            extra={
              canFold ? (
                <Text className='guide-link guide-fold' {...role('button')} aria-expanded={!shut} aria-label={`${shut ? '展开' : '收起'}${heading}`} onClick={() => toggle(key)}>
                  {shut ? '展开' : '收起'}
                </Text>
              ) : undefined
            }
          >
            {shut ? (
              <Text className='guide-fold__hint' {...role('button')} onClick={() => toggle(key)}>
                {`点“展开”查看${heading}`}
              </Text>
            ) : (
              <>
                {renderElement[key](d)}
                {practice.has(key) ? <Text className='guide-note'>{PRACTICE_ELEMENT_NOTE}</Text> : null}
              </>
            )}
          </Section>
        )
      })}

      <Section title='温馨提示'>
        <Bullets items={d.tips} />
      </Section>

      <Section title='本指南依据'>
        <Bullets items={d.sources.map(sourceText)} />
      </Section>

      <View className='guide-more'>
        <Button variant='secondary' onClick={() => navigate(ROUTES.search)}>
          查找其他事项
        </Button>
      </View>
    </View>
  )
}

/** The elements no seed states (catalog `practice`): the citizen is told the local agency's word decides. */
const practiceElements = (d: ItemDetail): Set<keyof Guide> => new Set(d.practice ?? [])

const orNone = (s: string): string => (s.trim() ? s : '无')

/** What 朗读 reads (语音版): the item's name, 办事须知, the 16 elements with their headings, 温馨提示. */
export function guideSpeech(d: ItemDetail): string {
  const practice = practiceElements(d)
  return speechText([
    d.popularName,
    d.name !== d.popularName ? d.name : null,
    `${d.region.fullName}，${d.department.name}`,
    '办事须知',
    ...d.notice,
    ...GUIDE_ELEMENTS.flatMap(([key, heading], i) => [`第${i + 1}项，${heading}`, ...speechLines(d.guide[key]), ...(practice.has(key) ? [PRACTICE_NOTE] : [])]),
    '温馨提示',
    ...d.tips
  ])
}

/** One renderer per element of 001 §4.1.2; the Record type makes a missing element a type error. */
const renderElement: Record<keyof Guide, (d: ItemDetail) => ReactNode> = {
  scope: ({ guide: { scope } }) => (
    <>
      <Field label='涉及内容'>{scope.content}</Field>
      <Field label='适用对象'>
        <Bullets items={scope.targets} />
      </Field>
      <Field label='适用地域'>{scope.area}</Field>
    </>
  ),
  itemType: ({ guide: { itemType } }) => (
    <>
      <View className='guide-line'>
        <ModeTag mode={itemType.handlingMode} />
      </View>
      <Text className='guide-text'>{itemType.description}</Text>
    </>
  ),
  basis: ({ guide }) => <Bullets items={guide.basis} />,
  authority: ({ guide: { authority } }) => (
    <>
      <Field label='受理机构'>{authority.accepting}</Field>
      <Field label='决定机构'>{authority.deciding}</Field>
      <Field label='数量限制'>{authority.quantityLimit}</Field>
    </>
  ),
  conditions: ({ guide: { conditions } }) => (
    <>
      {/* numbered as a 不予办理 cites them (依据办事指南第 N 项, domain/guide-contract.ts) */}
      <Field label='申请条件'>
        <Bullets items={conditions.requirements} numbered />
      </Field>
      <Field label='禁止性要求'>
        <Bullets items={conditions.prohibitions} numbered />
      </Field>
    </>
  ),
  materials: (d) => <Materials detail={d} />,
  intake: ({ guide: { intake } }) => (
    <>
      <Field label='申请方式'>
        <Bullets items={intake.methods} />
      </Field>
      <Field label='联系电话'>{orNone(intake.phone)}</Field>
      <Field label='办公地址'>{orNone(intake.address)}</Field>
      <Field label='传真'>{orNone(intake.fax)}</Field>
      <Field label='网址'>{orNone(intake.website)}</Field>
    </>
  ),
  process: ({ guide: { process } }) => (
    <>
      <Field label='办理流程'>
        <View className='guide-steps'>
          {process.steps.map((s, i) => (
            <View key={i} className='guide-step'>
              <Text className='guide-step__no'>{i + 1}</Text>
              <Text className='guide-step__text'>{s}</Text>
            </View>
          ))}
        </View>
      </Field>
      <Field label='办理方式'>{process.mode}</Field>
      {/* 000 §6.1.2.1.2: the agency's own period for 视同同意办理 (the seeds give none), said as such */}
      {process.deemedConsent ? <Field label='视同同意办理'>{process.deemedConsent.text}</Field> : null}
    </>
  ),
  timeLimit: ({ guide: { timeLimit } }) => (
    <>
      {timeLimit.workingDays !== null ? <Field label='承诺时限'>{timeLimitText(timeLimit.workingDays) ?? ''}</Field> : null}
      <Text className='guide-text'>{timeLimit.text}</Text>
    </>
  ),
  fees: ({ guide: { fees } }) => (
    <>
      <Field label='收费标准'>{fees.charged ? fees.standard : `不收费${fees.standard && fees.standard !== '不收费' ? `（${fees.standard}）` : ''}`}</Field>
      <Field label='收费依据'>{orNone(fees.basis)}</Field>
    </>
  ),
  result: ({ guide: { result } }) => (
    <>
      <Field label='办理结果'>
        <Bullets items={result.documents} />
      </Field>
      <Field label='结果送达'>
        <Bullets items={result.delivery} />
      </Field>
    </>
  ),
  rightsAndObligations: ({ guide: { rightsAndObligations: r } }) => (
    <>
      <Field label='权利'>
        <Bullets items={r.rights} />
      </Field>
      <Field label='义务'>
        <Bullets items={r.obligations} />
      </Field>
    </>
  ),
  consultation: ({ guide: { consultation } }) => (
    <>
      <Field label='咨询途径'>
        <Bullets items={consultation.channels} />
      </Field>
      <Field label='监督投诉渠道'>
        <Bullets items={consultation.complaintChannels} />
      </Field>
    </>
  ),
  office: ({ guide: { office } }) => (
    <>
      <Field label='办公地址'>{orNone(office.address)}</Field>
      <Field label='办公时间'>{orNone(office.hours)}</Field>
    </>
  ),
  progressQuery: ({ guide }) => <Bullets items={guide.progressQuery} />,
  help: ({ guide: { help } }) => (
    <>
      <Field label='示范文本'>
        {help.samples.length ? <Bullets items={help.samples.map((s) => `${s.material}：${s.text}`)} /> : <Text>本事项暂无示范文本</Text>}
      </Field>
      <Field label='常见错误示例'>
        {help.commonErrors.length ? <Bullets items={help.commonErrors} /> : <Text>暂无</Text>}
      </Field>
      <Field label='常见问题解答'>
        <View className='guide-faq'>
          {help.faq.map((f, i) => (
            <View key={i} className='guide-faq__item'>
              <Text className='guide-faq__q'>问：{f.q}</Text>
              <Text className='guide-faq__a'>答：{f.a}</Text>
            </View>
          ))}
        </View>
      </Field>
    </>
  )
}

/** 申请材料目录 with each material's form, count and rules, and the mailing information (001 §5.1.4). */
function Materials({ detail: d }: { detail: ItemDetail }) {
  const materials = d.guide.materials
  if (materials.length === 0) return <Text className='guide-text'>本事项无需提交申请材料。</Text>
  const shared = materials.some((m) => m.sharedVerifiable)
  const paper = materials.filter((m) => m.paper)
  return (
    <View>
      <Text className='guide-text'>共 {materials.length} 项材料</Text>
      {shared ? (
        // 001 §3.2.2: held by the data-sharing platform → verified without upload
        <Text className='guide-note'>标有「免提交·已核验」的材料，政务数据共享平台已有存档，核验通过后无需上传。</Text>
      ) : null}
      {materials.map((m, i) => (
        <MaterialCard key={m.id} material={m} index={i + 1} />
      ))}
      {d.mailing ? (
        <View className='guide-mailing'>
          <Text className='guide-mailing__title'>纸质材料寄送</Text>
          {paper.length > 0 ? (
            <Field label='需寄送的材料'>
              <Bullets items={paper.map((m) => `${m.name}（${MATERIAL_FORM_LABEL[m.form]}，${countText(m.count)}）`)} />
            </Field>
          ) : null}
          <Field label='寄送时限'>{`提交申请后 ${d.mailing.deadlineDays} 日内寄出`}</Field>
          <Field label='收件地址'>{d.mailing.address}</Field>
          <Field label='收件人'>{d.mailing.recipient}</Field>
          <Field label='联系电话'>{d.mailing.phone}</Field>
        </View>
      ) : null}
    </View>
  )
}

function MaterialCard({ material: m, index }: { material: Material; index: number }) {
  const [open, setOpen] = useState<'sample' | 'errors' | null>(null)
  const toggle = (k: 'sample' | 'errors') => setOpen((o) => (o === k ? null : k))
  return (
    <View className='guide-material'>
      <Text className='guide-material__name'>
        {index}. {m.name}
      </Text>
      <View className='guide-material__tags'>
        <Tag tone='info'>{MATERIAL_FORM_LABEL[m.form]}</Tag>
        <Tag tone='neutral'>{countText(m.count)}</Tag>
        <Tag tone={m.required ? 'warning' : 'neutral'}>{m.required ? '必须提供' : '按情况提供'}</Tag>
        {m.sharedVerifiable ? <Tag tone='success'>免提交·已核验</Tag> : null}
        {m.paper ? <Tag tone='warning'>需寄送纸质件</Tag> : null}
      </View>
      {m.source === 'practice' ? <Text className='guide-material__line'>{PRACTICE_MATERIAL_NOTE}</Text> : null}
      {m.condition ? <Text className='guide-material__line'>{`提供情形：${m.condition}`}</Text> : null}
      {!m.sharedVerifiable ? <Text className='guide-material__line'>{`上传要求：${m.uploadRule}`}</Text> : null}
      {m.sample || m.commonErrors.length > 0 ? (
        <View className='guide-material__links'>
          {m.sample ? (
            <Text className='guide-link' {...role('button')} aria-expanded={open === 'sample'} onClick={() => toggle('sample')}>
              {open === 'sample' ? '收起示范文本' : '查看示范文本'}
            </Text>
          ) : null}
          {m.commonErrors.length > 0 ? (
            <Text className='guide-link' {...role('button')} aria-expanded={open === 'errors'} onClick={() => toggle('errors')}>
              {open === 'errors' ? '收起常见错误' : '常见错误示例'}
            </Text>
          ) : null}
        </View>
      ) : null}
      {open === 'sample' && m.sample ? (
        <View className='guide-material__panel'>
          <Text>{m.sample}</Text>
        </View>
      ) : null}
      {open === 'errors' ? (
        <View className='guide-material__panel'>
          <Bullets items={m.commonErrors} />
        </View>
      ) : null}
    </View>
  )
}
