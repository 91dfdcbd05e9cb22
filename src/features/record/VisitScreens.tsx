import { Text, View } from '@tarojs/components'
import type { Visit } from '@contract'
import { goBack, navigate, ROUTES } from '@/shared/nav'
import { AsyncView, Button, EmptyState, Field, Section, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchVisits } from './api'
import { byDate, linesTotal, money, newestFirst } from './format'
import { DemoNote, RecordFrame, useRecordQuery } from './RecordFrame'

/** The three payers of a settlement, in the order of a 结算单. */
function PaidBy({ v }: { v: Visit }) {
  return (
    <View className='record-amounts'>
      <Field label='统筹基金支付'>{money(v.fundPaid)}</Field>
      <Field label='个人账户支付'>{money(v.accountPaid)}</Field>
      <Field label='个人现金支付'>{money(v.cashPaid)}</Field>
    </View>
  )
}

// ---------- 就诊明细 ----------

function VisitsList() {
  const q = useRecordQuery('visits', fetchVisits)
  return (
    <AsyncView
      query={q}
      loadingText='正在加载就诊明细…'
      isEmpty={(v) => v.visits.length === 0}
      empty={<EmptyState title='暂无就诊记录' hint='近两年没有使用医保结算的就诊和购药记录。' />}
    >
      {(v) => (
        <View>
          <DemoNote demo={v.demo} />
          <Text className='record-caption'>{`近两年 ${v.visits.length} 次，最新的在最前，点击查看结算清单`}</Text>
          {newestFirst(v.visits, byDate).map((x) => (
            <View
              key={x.settlementNo}
              className='record-item'
              hoverClass='record-item--pressed'
              {...role('button')}
              onClick={() => navigate(ROUTES.recordVisit, { no: x.settlementNo })}
            >
              <View className='record-item__head'>
                <Text className='record-item__title'>{x.institution}</Text>
                <Tag tone='info'>{x.kind}</Tag>
              </View>
              <Text className='record-item__line'>{x.date}</Text>
              <Field label='总费用'>{money(x.total)}</Field>
              <Text className='record-item__line'>{`统筹 ${money(x.fundPaid)} · 个账 ${money(x.accountPaid)} · 现金 ${money(x.cashPaid)}`}</Text>
              <Text className='record-item__more'>查看结算清单 ›</Text>
            </View>
          ))}
        </View>
      )}
    </AsyncView>
  )
}

export function VisitsScreen() {
  return (
    <RecordFrame route={ROUTES.recordVisits}>
      <VisitsList />
    </RecordFrame>
  )
}

// ---------- 结算清单 of one visit ----------

function VisitDetail({ settlementNo }: { settlementNo: string | undefined }) {
  const q = useRecordQuery('visits', fetchVisits)
  return (
    <AsyncView query={q} loadingText='正在加载结算清单…'>
      {(all) => {
        const v = all.visits.find((x) => x.settlementNo === settlementNo)
        if (!v) {
          return (
            <EmptyState
              title='未找到这次就诊记录'
              hint='可能已切换了办理对象，请回到就诊明细重新选择。'
              action={
                <Button variant='secondary' onClick={() => goBack()}>
                  返回就诊明细
                </Button>
              }
            />
          )
        }
        const sum = linesTotal(v)
        return (
          <View>
            <DemoNote demo={all.demo} />
            <Section title={v.institution}>
              <Field label='就诊日期'>{v.date}</Field>
              <Field label='类别'>{v.kind}</Field>
              <Field label='结算单号'>{v.settlementNo}</Field>
            </Section>
            <Section title='结算清单'>
              {v.lines.map((l, i) => (
                <View key={`${l.name}-${i}`} className='record-line'>
                  <View className='record-line__main'>
                    <Text className='record-line__name'>{l.name}</Text>
                    <Text className='record-line__category'>{l.category}</Text>
                  </View>
                  <Text className='record-line__amount'>{money(l.amount)}</Text>
                </View>
              ))}
              <View className='record-line record-line--total' aria-label={`合计 ${money(sum)}`}>
                <Text className='record-line__name'>合计</Text>
                <Text className='record-line__amount'>{money(sum)}</Text>
              </View>
              {sum !== v.total ? <Text className='record-error'>{`清单合计与总费用（${money(v.total)}）不一致，请以医疗机构结算单为准`}</Text> : null}
            </Section>
            <Section title='费用结算'>
              <Field label='总费用'>{money(v.total)}</Field>
              <PaidBy v={v} />
            </Section>
          </View>
        )
      }}
    </AsyncView>
  )
}

export function VisitScreen({ settlementNo }: { settlementNo: string | undefined }) {
  // after signing in, back to the list (the settlement number is not carried through sign-in)
  return (
    <RecordFrame route={ROUTES.recordVisits}>
      <VisitDetail settlementNo={settlementNo} />
    </RecordFrame>
  )
}
