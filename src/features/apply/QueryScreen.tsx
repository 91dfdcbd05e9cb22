import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { QueryAnswerSchema, type QueryAnswer } from '@contract'
import { useActingFor } from '@/shared/acting'
import { ActingForBar } from '@/shared/acting/ActingForBar'
import { apiPost } from '@/shared/api/client'
import { isAppError } from '@/shared/api/errors'
import { shanghaiDateTime } from '@/shared/format'
import { buildUrl, navigate, ROUTES } from '@/shared/nav'
import { Button, EmptyState, ErrorState, Field, LoadingState, Notice, Screen, Section } from '@/shared/ui'
import { ensureApplicant } from './session'
import './apply.scss'

type State = { kind: 'loading' } | { kind: 'away' } | { kind: 'error'; message: string } | { kind: 'done'; answer: QueryAnswer }

/**
 * 查询服务 (001 §5.2.1): answered at once for the signed-in, real-named citizen, or for a family member who granted
 * 查看医保档案; the answer is kept in 我的办件 as a query case (000 §6.1.4.2: seen again there and rated like any
 * service). 重新查询 within half an hour refreshes that case rather than adding another (contract QUERY_REPEAT_MINUTES).
 */
export function QueryScreen({ itemId, region }: { itemId?: string; region?: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const acting = useActingFor('record')

  useEffect(() => {
    if (!itemId) return
    let alive = true
    setState({ kind: 'loading' })
    void (async () => {
      try {
        const ok = await ensureApplicant(buildUrl(ROUTES.applyQuery, { itemId, region }))
        if (!ok) {
          if (alive) setState({ kind: 'away' })
          return
        }
        const body = { ...(region ? { region } : {}), ...(acting.id === 'self' ? {} : { insuredId: acting.id }) }
        const answer = await apiPost(`/api/v1/items/${encodeURIComponent(itemId)}/query`, QueryAnswerSchema, body)
        if (alive) setState({ kind: 'done', answer })
      } catch (err) {
        if (alive) setState({ kind: 'error', message: isAppError(err) ? err.message : '查询没有成功，请稍后重试' })
      }
    })()
    return () => {
      alive = false
    }
  }, [itemId, region, attempt, acting.id])

  if (!itemId) return <EmptyState title='没有指定要查询的事项' hint='请从办事指南点“立即查询”进入' />
  if (state.kind === 'loading') return <LoadingState text='正在查询…' />
  if (state.kind === 'away') return <LoadingState text='请先登录并完成实名认证' />
  if (state.kind === 'error') return <ErrorState error={{ message: state.message, code: 'QUERY_FAILED' }} onRetry={() => setAttempt((n) => n + 1)} />
  const a = state.answer
  return (
    <Screen footer={<Button block onClick={() => setAttempt((n) => n + 1)}>重新查询</Button>}>
      <ActingForBar scope='record' />
      <Section title={a.itemName}>
        {a.rows.map((r) => (
          <Field key={r.label} label={r.label}>
            {r.value}
          </Field>
        ))}
        <Field label='查询时间'>{shanghaiDateTime(a.answeredAt)}</Field>
      </Section>
      {a.note ? (
        <View className='apply-text'>
          <Text>{a.note}</Text>
        </View>
      ) : null}
      <Notice title='已存入“我的办件”'>
        <Text>办件编号 {a.caseNo}，可随时再次查看本次查询结果，并对本次服务进行评价。</Text>
      </Notice>
      <Button block variant='secondary' onClick={() => navigate(ROUTES.application, { id: a.applicationId })}>
        在我的办件中查看
      </Button>
      <Button block variant='text' onClick={() => navigate(ROUTES.evaluationRate, { id: a.applicationId })}>
        评价本次服务
      </Button>
    </Screen>
  )
}
