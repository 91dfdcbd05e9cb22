import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { toAppError } from '@/shared/api/errors'
import { currentPlatform, type MediaPlatform } from '@/shared/media'
import { navigate, ROUTES, type Route } from '@/shared/nav'
import { AsyncView, Button, Cell, CellGroup, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { inform } from '@/shared/ui/inform'
import { fetchOverview, type Outcome, type RecordOverview } from './api'
import { openCertificate } from './download'
import { byDate, byPeriod, money, newestFirst, periodLabel } from './format'
import { DemoNote, RecordFrame, useRecordQuery } from './RecordFrame'

function summary<T>(o: Outcome<T>, text: (d: T) => string): string {
  return o.ok ? text(o.data) : `暂时无法加载：${o.error.message}`
}

/** The five sections as large cells, each with the one line an old person looks for first. */
export function overviewCells(o: RecordOverview): Array<{ title: string; description: string; route: Route }> {
  return [
    {
      title: '参保信息',
      route: ROUTES.recordEnrollment,
      description: summary(o.enrollment, (e) => (e.insured ? `${e.status} · ${e.insuranceType ?? ''}` : '未参保'))
    },
    {
      title: '缴费记录',
      route: ROUTES.recordContributions,
      description: summary(o.contributions, (c) => {
        const last = newestFirst(c.contributions, byPeriod)[0]
        return last ? `最近一期 ${periodLabel(last.period)}，个人缴费 ${money(last.personal)}` : '暂无缴费记录'
      })
    },
    {
      title: '个人账户',
      route: ROUTES.recordAccount,
      description: summary(o.account, (a) => (a.hasAccount ? `余额 ${money(a.balance)}` : '没有个人账户（城乡居民医保不设个人账户）'))
    },
    {
      title: '就诊明细',
      route: ROUTES.recordVisits,
      description: summary(o.visits, (v) => {
        const last = newestFirst(v.visits, byDate)[0]
        return last ? `近两年 ${v.visits.length} 次，最近 ${last.date} ${last.institution}` : '近两年没有就诊结算记录'
      })
    },
    {
      title: '家庭共济',
      route: ROUTES.recordFamilySharing,
      description: summary(o.familySharing, (f) =>
        f.available ? (f.sharedWith.length ? `共济 ${f.sharedWith.length} 人，今年已支付 ${money(f.usedThisYear)}` : '尚未绑定共济人员') : '暂不能使用家庭共济'
      )
    }
  ]
}

/** 参保证明: download (H5) or open (mini-programs) the signed PDF of the person acted for. */
export function CertificateBlock({ insuredId, insured, platform = currentPlatform() }: { insuredId: string; insured: boolean | null; platform?: MediaPlatform }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = async () => {
    setBusy(true)
    setError(null)
    try {
      await openCertificate(insuredId, platform)
      if (platform === 'h5') inform('已开始下载', 'success')
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Section title='参保证明'>
      <Text className='record-text'>
        {insured === false ? '未查询到参保信息，暂不能开具参保证明。' : '可下载加盖电子签章的参保证明（PDF），证明上的二维码可供核验真伪。'}
      </Text>
      {error ? (
        <Text className='record-error' {...role('alert')}>
          {error}
        </Text>
      ) : null}
      {insured === false ? null : (
        <Button block variant='secondary' disabled={busy} onClick={() => void open()}>
          {busy ? '正在获取参保证明…' : '下载参保证明'}
        </Button>
      )}
    </Section>
  )
}

function Overview({ platform }: { platform?: MediaPlatform }) {
  const q = useRecordQuery('overview', fetchOverview)
  return (
    <AsyncView query={q} loadingText='正在加载医保档案…'>
      {(o) => {
        const demo = [o.enrollment, o.contributions, o.account, o.visits, o.familySharing].some((x) => x.ok && x.data.demo)
        return (
          <View className='record-overview'>
            <DemoNote demo={demo} />
            <CellGroup title='医保档案'>
              {overviewCells(o).map((c) => (
                <Cell key={c.title} title={c.title} description={c.description} onClick={() => navigate(c.route)} />
              ))}
            </CellGroup>
            <CertificateBlock insuredId={q.insuredId} insured={o.enrollment.ok ? o.enrollment.data.insured : null} platform={platform} />
          </View>
        )
      }}
    </AsyncView>
  )
}

/** 医保云档案 (000 §3.3, §6.1.6 b): 参保信息, 缴费记录, 个人账户, 就诊明细, 家庭共济, and the 参保证明. */
export function RecordHomeScreen({ platform }: { platform?: MediaPlatform }) {
  return (
    <RecordFrame route={ROUTES.record}>
      <Overview platform={platform} />
    </RecordFrame>
  )
}
