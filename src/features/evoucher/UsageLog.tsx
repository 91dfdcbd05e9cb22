import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { EVoucherUsageEntry } from '@contract'
import { shanghaiDateTime } from '@/shared/format'
import { usePrefsStore } from '@/shared/theme/prefs'
import { Bullets, Button, ErrorState, LoadingState, Notice, Section, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import type { EVoucherUsageState } from './useEVoucherUsage'

export const USAGE_TITLE = '使用记录'
export const NOT_ME = '不是我'
export const ELDER_USAGE_HINT = '医保码每被扫一次，这里就记一次。哪一次不是您或家人在看病、买药，请点“不是我”。'

function FrozenNotice({ until }: { until: string }) {
  return (
    <Notice tone='warning' title={`医保码已暂停使用至 ${shanghaiDateTime(until)}`}>
      <Text>暂停期间谁都无法获取新的医保码。如需提前恢复，请拨打 12393 或到医保经办窗口办理。</Text>
    </Notice>
  )
}

interface EntryProps {
  e: EVoucherUsageEntry
  u: EVoucherUsageState
  confirming: boolean
  setConfirming: (id: string | null) => void
  elder: boolean
  onReported: () => void
}

function Entry({ e, u, confirming, setConfirming, elder, onReported }: EntryProps) {
  const busy = u.reporting === e.id
  return (
    <View className='evoucher-use' {...role('listitem')}>
      <View className='evoucher-use__head'>
        <Tag tone='info'>{e.terminalKindLabel}</Tag>
        <Text className='evoucher-use__place'>{e.institutionName}</Text>
      </View>
      <Text className='evoucher-use__meta'>
        {shanghaiDateTime(e.decodedAt)} · 终端 {e.terminalId}
      </Text>
      {e.fetchedBy ? <Text className='evoucher-use__proxy'>由 {e.fetchedBy} 在其手机上出示（亲情账户代办）</Text> : null}
      {e.reportedAt ? (
        <Text className='evoucher-use__reported'>
          已报告“不是我”{e.complaintNo ? `，投诉编号 ${e.complaintNo}` : ''}
        </Text>
      ) : confirming ? (
        <View className='evoucher-use__confirm' {...role('group')} aria-label='确认不是本人使用'>
          <Text className='evoucher-use__confirm-text'>确认这次不是本人或家人使用？确认后医保码暂停使用 24 小时，并向医保部门投诉“冒用”。</Text>
          <Button block variant='primary' disabled={busy} onClick={() =>
              void u.notMe(e.id).then((r) => {
                if (!r) return
                setConfirming(null)
                onReported()
              })
            }
          >
            {busy ? '正在报告…' : '确认不是我'}
          </Button>
          <Button block variant='text' disabled={busy} onClick={() => setConfirming(null)}>
            取消
          </Button>
        </View>
      ) : (
        <Button variant='secondary' size={elder ? 'normal' : 'small'} block={elder} onClick={() => setConfirming(e.id)}>
          {NOT_ME}
        </Button>
      )}
    </View>
  )
}

/**
 * 使用记录 on the 医保码 page: every decode of the person's codes (time, the institution and what the terminal is for,
 * the masked terminal id, the proxy who showed the code), and 「不是我」 on each, confirmed once, which stops new codes
 * for 24 h, reports the use to the agency as 冒用, and says what to do next. `onReported`: the page drops the code
 * on screen (the next fetch is refused while frozen).
 */
export function UsageLog({ u, onReported }: { u: EVoucherUsageState; onReported: () => void }) {
  const [confirming, setConfirming] = useState<string | null>(null)
  const elder = usePrefsStore((s) => s.elderMode)
  let body
  if (u.loading && !u.usage) body = <LoadingState text='正在查询使用记录…' />
  else if (!u.usage) body = u.error ? <ErrorState error={u.error} onRetry={u.reload} /> : null
  else if (u.usage.entries.length === 0) body = <Text className='evoucher-use__empty'>还没有使用记录。医保码在医院、药店被扫码后，会记在这里。</Text>
  else
    body = (
      <View className='evoucher-uses' {...role('list')} aria-label={`${u.usage.name}的医保码使用记录`}>
        {u.usage.entries.map((e) => (
          <Entry key={e.id} e={e} u={u} confirming={confirming === e.id} setConfirming={setConfirming} elder={elder} onReported={onReported} />
        ))}
      </View>
    )
  return (
    <Section title={USAGE_TITLE}>
      {u.report ? (
        <Notice tone='danger' title='已暂停医保码，并报告医保部门'>
          <Text className='evoucher-next__lead'>
            {u.report.complaintNo ? `投诉编号 ${u.report.complaintNo}。` : ''}接下来请这样做：
          </Text>
          <Bullets items={u.report.nextSteps} />
        </Notice>
      ) : null}
      {u.reportError ? (
        <Text className='evoucher-error' {...role('alert')}>
          报告没有成功：{u.reportError.message}
        </Text>
      ) : null}
      {u.usage?.frozenUntil ? <FrozenNotice until={u.usage.frozenUntil} /> : null}
      {elder ? (
        <View {...role('note')}>
          <Text className='evoucher-use__hint'>{ELDER_USAGE_HINT}</Text>
        </View>
      ) : null}
      {body}
    </Section>
  )
}
