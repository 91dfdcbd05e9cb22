import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import type { ApplicationDetail } from '@contract'
import { shanghaiDate, shanghaiDateTime } from '@/shared/format'
import { buildUrl, goBack, navigate, ROUTES } from '@/shared/nav'
import { AsyncView, Bullets, Button, EmptyState, Field, ModeTag, Notice, Section, Tag } from '@/shared/ui'
import { Timeline } from '@/shared/ui/Timeline'
import { inform } from '@/shared/ui/inform'
import { fetchApplication } from './api'
import {
  actorText,
  addDays,
  DECISION_LABEL,
  DELIVERY_METHOD_LABEL,
  extensionNote,
  isOpen,
  materialFormText,
  resultBasisTexts,
  statusTone,
  supplementDeadlineText,
  supplementNoteText,
  supplementRequests,
  timeLimitText
} from './format'
import { FiledGuideBlock } from './FiledGuideBlock'
import { ResultBlock } from './ResultBlock'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { SupplementBlock } from './SupplementBlock'
import { useLoad } from '@/shared/hooks/useLoad'
import { ReadAloudButton } from '@/shared/speech/ReadAloudButton'
import { speechText } from '@/shared/speech/text'
import './progress.scss'

/** What the citizen must do now, in one line at the top of the case. */
export function nextStepNotice(app: ApplicationDetail): { tone: 'info' | 'warning' | 'danger'; title: string; text: string | null } | null {
  if (app.status === 'supplementRequested' && app.supplement) {
    return { tone: 'warning', title: '需要您补正材料', text: app.nextStep ?? `请在 ${app.supplement.deadline} 前补正：${app.supplement.materials.join('、')}` }
  }
  if (app.nextStep) return { tone: 'warning', title: '需要您办理', text: app.nextStep }
  if (isOpen(app.status)) return { tone: 'info', title: '无需您操作', text: '工作人员正在办理，办理进展会通过消息和短信通知您' }
  return null
}

/**
 * What 朗读 reads of a 补正 (001 §5.2.3.5; 003 §5.1.1 一次性告知), in the page's words: by when, the staff's note, and
 * each material asked for with the guide entry it rests on — a listener hears what, why and by when.
 */
function supplementSpeech(s: NonNullable<ApplicationDetail['supplement']>): string[] {
  const asked = supplementRequests(s)
  return [
    supplementDeadlineText(s).text,
    supplementNoteText(s),
    `需要补正的材料共 ${asked.length} 项`,
    ...asked.map((r, i) => `材料${i + 1}：${r.name ?? '请查看页面'}${r.citation ? `，${r.citation}` : ''}`)
  ]
}

/**
 * What 朗读 reads on a case (语音版): the item and its status, what to do now (a 补正 with each material and its guide
 * entry), the result (decision, its words and the guide entries a rejection rests on), the time limit and why it was
 * extended, and the progress nodes from the newest. Names of people and the form's values are not read.
 */
export function applicationSpeech(app: ApplicationDetail): string {
  const next = nextStepNotice(app)
  const events = [...app.events].reverse()
  const extended = extensionNote(app)
  return speechText([
    `${app.itemName}，当前状态：${app.statusLabel}`,
    app.overdue ? '该办件已超过承诺办结期限' : null,
    next ? `${next.title}${next.text ? `：${next.text}` : ''}` : null,
    ...(app.status === 'supplementRequested' && app.supplement ? supplementSpeech(app.supplement) : []),
    app.result ? `办理结果：${DECISION_LABEL[app.result.decision]}` : null,
    app.result?.text,
    // the guide entries the result text does not already say (a rejection's text may name them in brackets)
    ...(app.result ? resultBasisTexts(app.result).filter((t) => !app.result!.text.includes(t)) : []),
    app.queryAnswer ? `查询结果：${app.queryAnswer.rows.map((r) => `${r.label}，${r.value}`).join('；')}` : null,
    app.dueDate && isOpen(app.status) ? `办结期限：${app.dueDate} 前` : null,
    extended ? `时限延长：${extended}` : null,
    events.length ? `办理进度，共 ${events.length} 条，从最新的开始` : null,
    ...events.map((e) => `${shanghaiDateTime(e.at)}，${e.label}${e.note ? `，${e.note}` : ''}`)
  ])
}

function HeadCard({ app }: { app: ApplicationDetail }) {
  return (
    <View className='progress-head'>
      <View className='progress-case__head'>
        <Text className='progress-head__title'>{app.itemName}</Text>
        <Tag tone={statusTone(app.status)}>{app.statusLabel}</Tag>
      </View>
      <View className='progress-head__tags'>
        <ModeTag mode={app.handlingMode} />
        {app.overdue ? <Text className='progress-overdue'>已超期</Text> : null}
      </View>
      <Field label='办件编号'>{app.caseNo}</Field>
      <Field label='申请人'>{app.applicantName}</Field>
      {app.actorName !== app.applicantName ? <Field label='代办人'>{app.actorName}</Field> : null}
      <Field label='办理地区'>{app.region.name}</Field>
      <Field label={app.handlingMode === 'query' ? '查询时间' : '提交时间'}>{shanghaiDateTime(app.submittedAt)}</Field>
    </View>
  )
}

/** 查询服务 (001 §5.2.1): the answer as last given, seen again here (000 §6.1.4.2), and a way to ask again. */
function QueryAnswerBlock({ app, answer }: { app: ApplicationDetail; answer: NonNullable<ApplicationDetail['queryAnswer']> }) {
  return (
    <Section title='查询结果' id='query-answer'>
      {answer.rows.map((r) => (
        <Field key={r.label} label={r.label}>
          {r.value}
        </Field>
      ))}
      <Field label='查询时间'>{shanghaiDateTime(answer.answeredAt)}</Field>
      {answer.note ? <Text className='progress-result__hint'>{answer.note}</Text> : null}
      <Button block variant='secondary' onClick={() => navigate(ROUTES.applyQuery, { itemId: app.itemId, region: app.region.code })}>
        重新查询
      </Button>
    </Section>
  )
}

function TimeLimitBlock({ app }: { app: ApplicationDetail }) {
  const open = isOpen(app.status)
  const extended = extensionNote(app)
  return (
    <Section title='办理时限'>
      {/* a query is answered at once (即时办结) */}
      <Field label='承诺时限'>{timeLimitText(app.handlingMode === 'query' ? 0 : app.timeLimitDays)}</Field>
      {app.dueDate ? (
        <Field label='办结期限'>
          <View className='progress-due'>
            <Text className={app.overdue ? 'progress-case__line--overdue' : ''}>{app.dueDate} 前</Text>
            {app.overdue ? <Text className='progress-overdue'>已超期</Text> : null}
          </View>
        </Field>
      ) : open && app.handlingMode === 'manual' && (app.timeLimitDays ?? 0) > 0 ? (
        <Field label='办结期限'>受理后开始计算</Field>
      ) : null}
      {/* 特殊情况 (003 §7.4.1.7): the agency extended the limit; the citizen reads why */}
      {extended ? <Field label='时限延长'>{extended}</Field> : null}
      {app.status === 'supplementRequested' ? <Text className='progress-result__hint'>补正期间暂停计时，重新提交后继续计算</Text> : null}
      {app.overdue ? (
        <Notice tone='danger' title='该办件已超过承诺办结期限'>
          <Text>经办机构已收到超期提醒并将尽快办结，您也可以在“消息”中关注办理进展。</Text>
        </Notice>
      ) : null}
    </Section>
  )
}

/** 001 §5.1.4: paper originals — what, how many, original or copy, where, to whom, by when; 已收到 once received. */
function PaperBlock({ app }: { app: ApplicationDetail }) {
  const p = app.paper!
  const deadline = addDays(shanghaiDate(app.submittedAt), p.mailing.deadlineDays)
  return (
    <Section title='纸质材料寄送' extra={p.received ? <Tag tone='success'>已收到</Tag> : <Tag tone='warning'>待寄送</Tag>}>
      {p.materials.map((m, i) => (
        <View key={`${m.name}-${i}`} className='progress-paper'>
          <Text className='progress-paper__name'>
            {i + 1}. {m.name}
          </Text>
          <Text className='progress-paper__meta'>
            {materialFormText(m.form)} · {m.count} 份
          </Text>
        </View>
      ))}
      <Field label='寄送地址'>{p.mailing.address}</Field>
      <Field label='收件人'>{p.mailing.recipient}</Field>
      <Field label='联系电话'>{p.mailing.phone}</Field>
      <Field label='寄送期限'>{`提交申请后 ${p.mailing.deadlineDays} 日内寄出（${deadline} 前）`}</Field>
      {p.received ? (
        <Text className='progress-result__hint'>经办机构已收到您寄送的纸质材料</Text>
      ) : (
        <Text className='progress-result__hint'>寄出后请保留快递单号；收到材料后工作人员会即时受理并通知您</Text>
      )}
    </Section>
  )
}

/** 001 §5.2.3.6–5.2.3.7: how the result reaches the citizen (as chosen on the form), and materials returned. */
function DeliveryBlock({ app }: { app: ApplicationDetail }) {
  const d = app.delivery
  const chosen = app.resultDelivery
  return (
    <Section title='结果送达'>
      {chosen ? (
        <>
          <Field label='您选择的领取方式'>{chosen.method === 'mail' ? '邮寄送达' : '窗口自取'}</Field>
          {chosen.method === 'mail' && chosen.address ? <Field label='收件地址'>{chosen.address}</Field> : null}
          {chosen.method === 'pickup' && chosen.office ? <Field label='领取地点'>{chosen.office}</Field> : null}
        </>
      ) : null}
      {d ? (
        <>
          <Field label='送达方式'>{DELIVERY_METHOD_LABEL[d.method]}</Field>
          <Field label='送达时间'>{shanghaiDateTime(d.at)}</Field>
          {d.trackingNo ? <Field label='快递单号'>{d.trackingNo}</Field> : null}
          {d.note ? <Field label='说明'>{d.note}</Field> : null}
        </>
      ) : null}
      {app.materialsReturnedAt ? (
        <Field label='材料退还'>
          <View className='progress-due'>
            <Tag tone='success'>材料已退还</Tag>
            <Text>{shanghaiDateTime(app.materialsReturnedAt)}</Text>
          </View>
        </Field>
      ) : null}
    </Section>
  )
}

/**
 * 办件详情 (001 §3.1.4, §5.2.3.8, §5.3; 000 §6.1.4): status, what to do next, time limit and overdue, 补正, paper
 * originals, the result and its document, delivery, and every node of the progress.
 */
export function ApplicationScreen({ id, reloadSignal = 0, onReloaded }: { id?: string; reloadSignal?: number; onReloaded?: () => void }) {
  const auth = useSignedIn(id ? buildUrl(ROUTES.application, { id }) : ROUTES.applications, reloadSignal)
  const app = useLoad(id && auth.state === 'ready' ? `application:${id}` : null, () => fetchApplication(id!))

  useEffect(() => {
    if (!reloadSignal) return
    app
      .reload()
      .catch((e: { message?: string }) => {
        inform(e?.message ?? '刷新失败，请稍后重试', 'none')
      })
      .finally(() => onReloaded?.())
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadSignal])

  return (
    <SignedInScreen
      auth={auth}
      className='progress'
      missing={id ? null : <EmptyState title='没有指定办件' hint='请从“我的办件”中选择要查看的办件' action={<Button onClick={() => navigate(ROUTES.applications)}>查看我的办件</Button>} />}
    >
      <AsyncView query={app} loadingText='正在加载办件详情…'>
        {(a) => {
          const next = nextStepNotice(a)
          return (
            <View>
              <HeadCard app={a} />
              <ReadAloudButton className='progress-read' getText={() => applicationSpeech(a)} />
              {next ? (
                <Notice tone={next.tone} title={next.title}>
                  {next.text ? <Text>{next.text}</Text> : null}
                </Notice>
              ) : null}
              {a.status === 'supplementRequested' && a.supplement ? <SupplementBlock app={a} onChange={app.setData} /> : null}
              {a.result ? <ResultBlock app={a} /> : null}
              {a.queryAnswer ? <QueryAnswerBlock app={a} answer={a.queryAnswer} /> : null}
              {a.status === 'completed' || a.status === 'rejected' ? (
                // 好差评 (000 §8.1): rated on the evaluation pages, reached through ROUTES only
                <Button block variant='secondary' onClick={() => navigate(ROUTES.evaluationRate, { id: a.id })}>
                  评价本次服务
                </Button>
              ) : null}
              {a.delivery || a.materialsReturnedAt || a.resultDelivery ? <DeliveryBlock app={a} /> : null}
              <TimeLimitBlock app={a} />
              {a.paper ? <PaperBlock app={a} /> : null}
              {a.handlingMode === 'manual' ? <FiledGuideBlock app={a} /> : null}
              <Section title='办理进度'>
                <Timeline nodes={a.events.map((e) => ({ id: e.id, at: e.at, label: e.label, actor: actorText(e.actor, a.applicantName), note: e.note }))} />
              </Section>
              {a.fields.length > 0 || a.sharedVerified.length > 0 ? (
                <Section title='申请信息'>
                  {a.fields.map((f) => (
                    <Field key={f.key} label={f.label}>
                      {f.value}
                    </Field>
                  ))}
                  {a.sharedVerified.length > 0 ? (
                    <Field label='免提交·已核验'>
                      <Bullets items={a.sharedVerified} />
                    </Field>
                  ) : null}
                  <Text className='progress-result__hint'>已上传材料 {a.uploads.length} 个文件</Text>
                </Section>
              ) : null}
              <Button block variant='text' onClick={goBack}>
                返回
              </Button>
            </View>
          )
        }}
      </AsyncView>
    </SignedInScreen>
  )
}
