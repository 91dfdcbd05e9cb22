import { Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import {
  CommentRequestSchema,
  EVALUATION_DEFAULT_AFTER_DAYS,
  EVALUATION_TEXT_MAX,
  FeedbackRequestSchema,
  type Evaluation
} from '@contract'
import { toAppError } from '@/shared/api/errors'
import { shanghaiDateTime } from '@/shared/format'
import { Button, Field, Notice, Section, Tag } from '@/shared/ui'
import { Timeline, type TimelineNode } from '@/shared/ui/Timeline'
import { answerFeedback, commentEvaluation, uploadEvaluationPhoto } from './api'
import { levelTone } from './format'
import { ErrorLine, fieldErrors, TextBox } from './parts'
import { PhotoField, type ChosenPhoto } from './PhotoField'

const FEEDBACK_TITLE = { rectified: '整改情况', explained: '解释说明' } as const

/**
 * A rated case (000 §8.1–8.2): the rating (系统默认好评 said in words when the system recorded it), one 追评, one
 * photo when none was given, and for a 差评 the loop (000 §8.2.1): its steps as a timeline, the due date, the
 * agency's feedback with 接受 / 有异议 (a dispute once, with a reason).
 */
export function EvaluationSection({
  evaluation: ev,
  onChange,
  pendingPhoto = null,
  pendingPhotoError = null
}: {
  evaluation: Evaluation
  onChange: (ev: Evaluation) => void
  /** a photo chosen with the rating whose upload failed: offered again here */
  pendingPhoto?: ChosenPhoto | null
  pendingPhotoError?: string | null
}) {
  return (
    <View>
      <RatingBlock ev={ev} />
      {ev.canAddPhoto ? <AddPhoto ev={ev} onChange={onChange} initial={pendingPhoto} initialError={pendingPhotoError} /> : null}
      {ev.loop ? <LoopBlock ev={ev} onChange={onChange} /> : null}
      <CommentBlock ev={ev} onChange={onChange} />
    </View>
  )
}

function RatingBlock({ ev }: { ev: Evaluation }) {
  return (
    <Section title='我的评价' extra={<Tag tone={levelTone(ev.level)}>{ev.levelLabel}</Tag>}>
      {ev.defaulted ? (
        <Notice tone='info' title={ev.defaultedLabel ?? '系统默认好评'}>
          <Text>{`办结后 ${EVALUATION_DEFAULT_AFTER_DAYS} 日内未评价，系统已默认记为“${ev.levelLabel}”。如有意见，可在下方追评或提出投诉。`}</Text>
        </Notice>
      ) : null}
      <Field label='评价等级'>
        <View className='eval-level'>
          <Text className='eval-level__text'>{ev.levelLabel}</Text>
          {ev.defaulted ? <Tag tone='neutral'>{ev.defaultedLabel ?? '系统默认好评'}</Tag> : null}
        </View>
      </Field>
      {ev.reasonLabels.length > 0 ? <Field label='不满意原因'>{ev.reasonLabels.join('、')}</Field> : null}
      {ev.text ? <Field label='评价内容'>{ev.text}</Field> : null}
      {ev.photo ? <Field label='照片'>已上传 1 张照片</Field> : null}
      <Field label='评价时间'>{shanghaiDateTime(ev.ratedAt)}</Field>
      <Field label='评价人'>{ev.actorName}</Field>
      <Text className='eval-hint'>评价为实名评价，仅经办机构用于改进服务，不向其他人公开。</Text>
    </Section>
  )
}

function AddPhoto({ ev, onChange, initial, initialError }: { ev: Evaluation; onChange: (ev: Evaluation) => void; initial: ChosenPhoto | null; initialError: string | null }) {
  const [photo, setPhoto] = useState<ChosenPhoto | null>(initial)
  const [progress, setProgress] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(initialError)

  const upload = async () => {
    if (!photo || progress !== null) return
    setError(null)
    setProgress(0)
    try {
      const next = await uploadEvaluationPhoto(ev.applicationId, photo.file, { onProgress: setProgress })
      onChange(next)
    } catch (e) {
      setError(`照片未上传：${toAppError(e).message}`)
    } finally {
      setProgress(null)
    }
  }

  return (
    <Section title='补充照片'>
      <PhotoField photo={photo} onChange={setPhoto} progress={progress} error={error} title='照片（选填，1 张）' />
      {photo ? (
        <Button block variant='secondary' disabled={progress !== null} onClick={() => void upload()}>
          {error ? '重新上传照片' : '上传照片'}
        </Button>
      ) : null}
    </Section>
  )
}

function CommentBlock({ ev, onChange }: { ev: Evaluation; onChange: (ev: Evaluation) => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const sending = useRef(false)

  if (ev.comment) {
    return (
      <Section title='追评'>
        <Text className='eval-text'>{ev.comment.text}</Text>
        <Text className='eval-hint'>{`追评时间：${shanghaiDateTime(ev.comment.at)}`}</Text>
      </Section>
    )
  }
  if (!ev.canComment) return null

  const send = async () => {
    if (sending.current) return
    const parsed = CommentRequestSchema.safeParse({ text })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请填写追评内容')
      return
    }
    sending.current = true
    setBusy(true)
    setError(null)
    try {
      onChange(await commentEvaluation(ev.applicationId, parsed.data.text))
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      sending.current = false
      setBusy(false)
    }
  }

  return (
    <Section title='追评'>
      <Text className='eval-hint'>办结后有新的情况或想法，可以追加一次评价（仅一次）。</Text>
      <TextBox label='追评内容' value={text} max={EVALUATION_TEXT_MAX} placeholder='请填写追评内容' onChange={setText} error={error} />
      <Button block disabled={busy} onClick={() => void send()}>
        {busy ? '正在提交…' : '提交追评'}
      </Button>
    </Section>
  )
}

function loopNodes(ev: Evaluation): TimelineNode[] {
  const loop = ev.loop!
  const rated: TimelineNode = {
    id: `rated-${ev.id}`,
    at: ev.ratedAt,
    label: `您的评价：${ev.levelLabel}`,
    actor: ev.actorName,
    note: [ev.reasonLabels.join('、'), ev.text].filter(Boolean).join('；') || null
  }
  return [rated, ...loop.events.map((e) => ({ id: e.id, at: e.at, label: e.label, actor: e.actor.name, note: e.note }))]
}

function LoopBlock({ ev, onChange }: { ev: Evaluation; onChange: (ev: Evaluation) => void }) {
  const loop = ev.loop!
  const [disputing, setDisputing] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const sending = useRef(false)
  const waiting = loop.state === 'awaitingFollowUp' || loop.state === 'followedUp' || loop.state === 'verified' || loop.state === 'disputed'

  const send = async (accept: boolean) => {
    if (sending.current) return
    const parsed = FeedbackRequestSchema.safeParse(accept ? { accept: true } : { accept: false, text: text.trim() || undefined })
    if (!parsed.success) {
      setError(fieldErrors(parsed.error.issues).text ?? parsed.error.issues[0]?.message ?? '请说明对处理结果的异议')
      return
    }
    sending.current = true
    setBusy(true)
    setError(null)
    try {
      const next = await answerFeedback(ev.applicationId, parsed.data)
      setDisputing(false)
      setText('')
      onChange(next)
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      sending.current = false
      setBusy(false)
    }
  }

  return (
    <Section title='差评处理进度' extra={<Tag tone={loop.state === 'accepted' || loop.state === 'closed' ? 'success' : 'warning'}>{loop.stateLabel}</Tag>}>
      <Text className='eval-loop__state'>{loop.stateLabel}</Text>
      {waiting && loop.dueDate ? <Field label='处理期限'>{`${loop.dueDate} 前反馈处理结果`}</Field> : null}
      <Timeline nodes={loopNodes(ev)} latestTag />
      {loop.feedback ? (
        <View className='eval-feedback' aria-label='处理结果反馈'>
          <Text className='eval-feedback__title'>{FEEDBACK_TITLE[loop.feedback.kind]}</Text>
          <Text className='eval-feedback__note'>{loop.feedback.note}</Text>
          <Text className='eval-hint'>{`${loop.feedback.by} · ${shanghaiDateTime(loop.feedback.at)}`}</Text>
        </View>
      ) : null}
      {loop.dispute ? <Field label='您的异议'>{`${loop.dispute.text}（${shanghaiDateTime(loop.dispute.at)}）`}</Field> : null}
      {loop.acceptedAt ? <Field label='认可时间'>{shanghaiDateTime(loop.acceptedAt)}</Field> : null}
      {loop.canAccept ? (
        <View className='eval-feedback__actions'>
          <Text className='eval-feedback__ask'>您是否认可以上处理结果？</Text>
          {!loop.canDispute ? <Text className='eval-hint'>您已提出过一次异议，本次处理结果请确认。如仍有意见，可提出投诉。</Text> : null}
          {disputing ? (
            <View>
              <TextBox label='异议内容' value={text} max={EVALUATION_TEXT_MAX} placeholder='请说明您对处理结果的意见' onChange={setText} error={error} />
              <Button block disabled={busy} onClick={() => void send(false)}>
                {busy ? '正在提交…' : '提交异议'}
              </Button>
              <Button
                block
                variant='text'
                disabled={busy}
                onClick={() => {
                  setDisputing(false)
                  setError(null)
                }}
              >
                取消
              </Button>
            </View>
          ) : (
            <View>
              <Button block disabled={busy} onClick={() => void send(true)}>
                {busy ? '正在提交…' : '接受'}
              </Button>
              {loop.canDispute ? (
                <Button block variant='secondary' disabled={busy} onClick={() => setDisputing(true)}>
                  有异议
                </Button>
              ) : null}
              {error ? <ErrorLine text={error} /> : null}
            </View>
          )}
          {disputing ? <Text className='eval-hint'>异议只能提出一次，工作人员将再次处理并反馈。</Text> : null}
        </View>
      ) : null}
    </Section>
  )
}
