import { Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { EVALUATION_TEXT_MAX, RateComplaintRequestSchema, type Complaint } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { shanghaiDateTime } from '@/shared/format'
import { buildUrl, goBack, navigate, ROUTES } from '@/shared/nav'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { AsyncView, Button, EmptyState, Field, Notice, Section, Tag } from '@/shared/ui'
import { Timeline } from '@/shared/ui/Timeline'
import { fetchComplaint, rateComplaint } from './api'
import { complaintTone } from './format'
import { ChoiceGroup, ErrorLine, TextBox } from './parts'
import { useReloadOn, useResource } from './useResource'
import './evaluation.scss'

/**
 * 投诉详情 (003 §11.3): what was filed, the handling as a timeline, the due date (已超期 in words), the agency's answer,
 * and — once answered — the citizen's rating of the answer, which closes the complaint.
 */
export function ComplaintScreen({ id, reloadSignal = 0, onReloaded }: { id?: string; reloadSignal?: number; onReloaded?: () => void }) {
  const auth = useSignedIn(id ? buildUrl(ROUTES.complaint, { id }) : ROUTES.complaints, reloadSignal)
  const c = useResource(id && auth.state === 'ready' ? `complaint:${id}` : null, () => fetchComplaint(id!))
  useReloadOn(reloadSignal, c.reload, onReloaded)

  return (
    <SignedInScreen
      auth={auth}
      className='eval'
      missing={id ? null : <EmptyState title='没有指定投诉' hint='请从“我的投诉”中选择' action={<Button onClick={() => navigate(ROUTES.complaints)}>查看我的投诉</Button>} />}
    >
      <AsyncView query={c} loadingText='正在加载投诉…'>
        {(data) => <ComplaintBody c={data} onChange={c.setData} />}
      </AsyncView>
    </SignedInScreen>
  )
}

function ComplaintBody({ c, onChange }: { c: Complaint; onChange: (c: Complaint) => void }) {
  return (
    <View>
      <View className='eval-head'>
        <View className='eval-card__head'>
          <Text className='eval-head__title'>{`投诉：${c.categoryLabel}`}</Text>
          <Tag tone={complaintTone(c.status)}>{c.statusLabel}</Tag>
        </View>
        <Field label='投诉编号'>{c.complaintNo}</Field>
        <Field label='投诉对象'>{c.subjectLabel}</Field>
        {c.subject === 'application' ? <Field label='办件'>{`${c.itemName ?? ''}（${c.caseNo ?? ''}）`}</Field> : null}
        {c.subject === 'staff' && c.staffName ? <Field label='工作人员'>{c.staffName}</Field> : null}
        <Field label='地区'>{c.region.name}</Field>
        <Field label='提交时间'>{shanghaiDateTime(c.createdAt)}</Field>
        {c.status === 'received' || c.status === 'handling' ? (
          <Field label='答复期限'>
            <View className='eval-card__due'>
              <Text>{`${c.dueDate} 前`}</Text>
              {c.overdue ? <Text className='eval-overdue'>已超期</Text> : null}
            </View>
          </Field>
        ) : null}
      </View>
      <Section title='投诉内容'>
        <Text className='eval-text'>{c.text}</Text>
      </Section>
      {c.answer ? (
        <Section title='答复'>
          <Text className='eval-text'>{c.answer.text}</Text>
          <Text className='eval-hint'>{`${c.answer.by} · ${shanghaiDateTime(c.answer.at)}`}</Text>
        </Section>
      ) : (
        <Notice tone='info' title='正在处理'>
          <Text>{`我们会在 ${c.dueDate} 前答复您，答复后会通过消息和短信通知您。`}</Text>
        </Notice>
      )}
      {c.rating ? (
        <Section title='我对答复的评价'>
          <Field label='评价'>{c.rating.satisfied ? '满意' : '不满意'}</Field>
          {c.rating.text ? <Field label='意见'>{c.rating.text}</Field> : null}
          <Field label='评价时间'>{shanghaiDateTime(c.rating.at)}</Field>
        </Section>
      ) : null}
      {c.canRate ? <RateAnswer c={c} onChange={onChange} /> : null}
      <Section title='处理进度'>
        <Timeline latestTag nodes={c.events.map((e) => ({ id: e.id, at: e.at, label: e.label, actor: e.actor.name, note: e.note }))} />
      </Section>
      <Button block variant='text' onClick={goBack}>
        返回
      </Button>
    </View>
  )
}

const SATISFIED_CHOICES = [
  { value: 'yes', label: '满意' },
  { value: 'no', label: '不满意' }
] as const

function RateAnswer({ c, onChange }: { c: Complaint; onChange: (c: Complaint) => void }) {
  const [choice, setChoice] = useState<'yes' | 'no' | null>(null)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const sending = useRef(false)

  const send = async () => {
    if (sending.current) return
    const parsed = RateComplaintRequestSchema.safeParse({ satisfied: choice === null ? undefined : choice === 'yes', text: text.trim() || undefined })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请选择对答复是否满意')
      return
    }
    sending.current = true
    setBusy(true)
    setError(null)
    try {
      onChange(await rateComplaint(c.id, parsed.data))
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      sending.current = false
      setBusy(false)
    }
  }

  return (
    <Section title='评价答复'>
      <Text className='eval-hint'>评价答复后，本投诉办结。如仍不满意，可再次投诉。</Text>
      <ChoiceGroup
        label='您对答复是否满意？'
        choices={SATISFIED_CHOICES}
        value={choice}
        onChange={(v) => {
          setChoice(v)
          setError(null)
        }}
      />
      <TextBox label='意见' optional value={text} max={EVALUATION_TEXT_MAX} placeholder='可补充您的意见（选填）' onChange={setText} />
      {error ? <ErrorLine text={error} /> : null}
      <Button block disabled={busy} onClick={() => void send()}>
        {busy ? '正在提交…' : '提交评价并办结'}
      </Button>
    </Section>
  )
}
