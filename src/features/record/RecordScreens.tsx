import { Text, View } from '@tarojs/components'
import { navigate, ROUTES } from '@/shared/nav'
import { AsyncView, Button, EmptyState, Field, Section, Tag } from '@/shared/ui'
import { fetchAccount, fetchContributions, fetchEnrollment, fetchFamilySharing } from './api'
import { byDate, byFrom, byPeriod, money, newestFirst, periodLabel, signedMoney, spanText } from './format'
import { DemoNote, RecordFrame, useRecordQuery } from './RecordFrame'

const enrolAction = (
  <Button variant='secondary' onClick={() => navigate(ROUTES.search, { q: '参保登记' })}>
    查找参保登记
  </Button>
)

// ---------- 参保信息 ----------

function Enrollment() {
  const q = useRecordQuery('enrollment', fetchEnrollment)
  return (
    <AsyncView query={q} loadingText='正在加载参保信息…'>
      {(e) => (
        <View>
          <DemoNote demo={e.demo} />
          <Section title='参保信息'>
            <Field label='姓名'>{e.name}</Field>
            <Field label='身份证号'>{e.idNumber}</Field>
            <Field label='参保状态'>
              <Tag tone={e.insured ? 'success' : 'warning'}>{e.status}</Tag>
            </Field>
            {e.insured ? (
              <>
                <Field label='险种'>{e.insuranceType ?? '—'}</Field>
                <Field label='参保地'>{e.insuredPlace?.name ?? '—'}</Field>
                <Field label='累计缴费'>{`${e.paidMonths} 个月`}</Field>
              </>
            ) : null}
          </Section>
          {e.insured ? (
            <Section title='参保经历'>
              {newestFirst(e.periods, byFrom).map((p) => (
                <View key={`${p.from}-${p.insuranceType}`} className='record-item'>
                  <View className='record-item__head'>
                    <Text className='record-item__title'>{p.insuranceType}</Text>
                    <Tag tone={p.to === null ? 'success' : 'neutral'}>{p.status}</Tag>
                  </View>
                  <Text className='record-item__line'>{spanText(p)}</Text>
                  <Text className='record-item__line'>参保地：{p.insuredPlace.name}</Text>
                  {p.employer ? <Text className='record-item__line'>参保单位：{p.employer}</Text> : null}
                </View>
              ))}
            </Section>
          ) : (
            <EmptyState title='未参保' hint='没有查询到基本医疗保险的参保信息。可办理参保登记，参保后可在这里查看参保和缴费记录。' action={enrolAction} />
          )}
        </View>
      )}
    </AsyncView>
  )
}

export function EnrollmentScreen() {
  return (
    <RecordFrame route={ROUTES.recordEnrollment}>
      <Enrollment />
    </RecordFrame>
  )
}

// ---------- 缴费记录 ----------

function ContributionsList() {
  const q = useRecordQuery('contributions', fetchContributions)
  return (
    <AsyncView
      query={q}
      loadingText='正在加载缴费记录…'
      isEmpty={(c) => c.contributions.length === 0}
      empty={<EmptyState title='暂无缴费记录' hint='参保缴费后，缴费到账情况会显示在这里。' action={enrolAction} />}
    >
      {(c) => (
        <View>
          <DemoNote demo={c.demo} />
          <Text className='record-caption'>{`共 ${c.contributions.length} 期，最新的在最前`}</Text>
          {newestFirst(c.contributions, byPeriod).map((x) => (
            <View key={`${x.period}-${x.insuranceType}`} className='record-item' aria-label={`${periodLabel(x.period)}缴费`}>
              <View className='record-item__head'>
                <Text className='record-item__title'>{periodLabel(x.period)}</Text>
                <Tag tone={x.status === '已到账' ? 'success' : 'warning'}>{x.status}</Tag>
              </View>
              <Text className='record-item__line'>{x.insuranceType}</Text>
              <View className='record-amounts'>
                <Field label='个人缴费'>{money(x.personal)}</Field>
                {x.employer > 0 ? <Field label='单位缴费'>{money(x.employer)}</Field> : null}
                {x.subsidy > 0 ? <Field label='财政补助'>{money(x.subsidy)}</Field> : null}
                {x.base !== null ? <Field label='缴费基数'>{money(x.base)}</Field> : null}
              </View>
            </View>
          ))}
        </View>
      )}
    </AsyncView>
  )
}

export function ContributionsScreen() {
  return (
    <RecordFrame route={ROUTES.recordContributions}>
      <ContributionsList />
    </RecordFrame>
  )
}

// ---------- 个人账户 ----------

function Account() {
  const q = useRecordQuery('account', fetchAccount)
  return (
    <AsyncView
      query={q}
      loadingText='正在加载个人账户…'
      isEmpty={(a) => !a.hasAccount}
      empty={<EmptyState title='没有个人账户' hint='城乡居民基本医疗保险不设个人账户；参加职工基本医疗保险的，个人缴费划入个人账户。' />}
    >
      {(a) => (
        <View>
          <DemoNote demo={a.demo} />
          <View className='record-balance'>
            <Text className='record-balance__label'>账户余额</Text>
            <Text className='record-balance__amount'>{money(a.balance)}</Text>
            <View className='record-balance__year'>
              <Text>{`今年划入 ${money(a.yearIn)}`}</Text>
              <Text>{`今年支出 ${money(a.yearOut)}`}</Text>
            </View>
          </View>
          <Section title='收支明细'>
            {a.movements.length === 0 ? <Text className='record-text'>近两年没有收支记录</Text> : null}
            {newestFirst(a.movements, byDate).map((m, i) => (
              <View key={`${m.date}-${i}`} className='record-item record-item--row'>
                <View className='record-item__main'>
                  <Text className='record-item__title'>{m.kind}</Text>
                  <Text className='record-item__line'>{m.date}</Text>
                  {m.note ? <Text className='record-item__line'>{m.note}</Text> : null}
                </View>
                <View className='record-item__side'>
                  <Text className={`record-amount${m.amount < 0 ? ' record-amount--out' : ''}`}>{m.kind === '上期结余' ? money(m.amount) : signedMoney(m.amount)}</Text>
                  <Text className='record-item__line'>余额 {money(m.balanceAfter)}</Text>
                </View>
              </View>
            ))}
          </Section>
        </View>
      )}
    </AsyncView>
  )
}

export function AccountScreen() {
  return (
    <RecordFrame route={ROUTES.recordAccount}>
      <Account />
    </RecordFrame>
  )
}

// ---------- 家庭共济 ----------

function Sharing() {
  const q = useRecordQuery('familySharing', fetchFamilySharing)
  return (
    <AsyncView
      query={q}
      loadingText='正在加载家庭共济…'
      isEmpty={(f) => !f.available}
      empty={q.data ? <EmptyState title='暂不能使用家庭共济' hint={q.data.note} /> : null}
    >
      {(f) => (
        <View>
          <DemoNote demo={f.demo} />
          <Section title='家庭共济'>
            <Field label='今年已为家人支付'>{money(f.usedThisYear)}</Field>
            <Text className='record-text'>{f.note}</Text>
          </Section>
          <Section title='共济人员'>
            {f.sharedWith.length === 0 ? <Text className='record-text'>尚未绑定共济人员，可到参保地医保经办机构或在医保服务平台办理家庭共济绑定。</Text> : null}
            {f.sharedWith.map((p) => (
              <View key={`${p.name}-${p.since}`} className='record-item'>
                <View className='record-item__head'>
                  <Text className='record-item__title'>{p.name}</Text>
                  <Tag tone='info'>{p.relationshipLabel}</Tag>
                </View>
                <Text className='record-item__line'>{`${p.since} 起共济`}</Text>
              </View>
            ))}
          </Section>
        </View>
      )}
    </AsyncView>
  )
}

export function FamilySharingScreen() {
  return (
    <RecordFrame route={ROUTES.recordFamilySharing}>
      <Sharing />
    </RecordFrame>
  )
}
