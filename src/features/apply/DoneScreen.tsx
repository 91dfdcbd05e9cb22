import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { MATERIAL_FORM_LABEL, type ApplicationDetail } from '@contract'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { AsyncView, Bullets, Button, EmptyState, Field, Notice, Screen, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchApplication } from './api'
import { useDraftStore } from './draftStore'
import './apply.scss'

/**
 * After 提交. Smart items show their result at once (001 §5.2.2, §5.3.1: 事项名称、申请对象、办理时间 and the
 * decision); manual items show the case number, the due date and what happens next — mailing the paper originals
 * (001 §5.1.4) and the SMS when staff decide (001 §5.3.2) — with 查看办件 and 返回首页.
 */
export function DoneScreen({ applicationId }: { applicationId?: string }) {
  const kept = useDraftStore((s) => (applicationId ? s.results[applicationId] : undefined))
  const query = useQuery(applicationId && !kept ? `application:${applicationId}` : null, () => fetchApplication(applicationId ?? ''))
  if (!applicationId) {
    return (
      <Screen className='apply'>
        <EmptyState title='没有找到这次申请' action={<Button onClick={home}>返回首页</Button>} />
      </Screen>
    )
  }
  return (
    <Screen
      className='apply'
      footer={
        <View className='apply-footer apply-footer--row'>
          <Button variant='secondary' onClick={home}>
            返回首页
          </Button>
          <Button onClick={() => navigate(ROUTES.application, { id: applicationId })}>查看办件</Button>
        </View>
      }
    >
      {kept ? <DoneContent app={kept} /> : <AsyncView query={query}>{(app) => <DoneContent app={app} />}</AsyncView>}
    </Screen>
  )
}

function home(): void {
  Taro.reLaunch({ url: ROUTES.home }).catch(() => undefined)
}

function localTime(iso: string): string {
  // Asia/Shanghai, whatever the device's zone
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`
}

function DoneContent({ app }: { app: ApplicationDetail }) {
  if (app.handlingMode === 'smart' && app.result) {
    const ok = app.result.decision === 'approved'
    return (
      <View>
        <View className={`apply-done apply-done--${ok ? 'ok' : 'rejected'}`} {...role('status')}>
          <Text className='apply-done__icon'>{ok ? '✓' : '!'}</Text>
          <Text className='apply-done__title'>{ok ? '已办结' : '不予办理'}</Text>
          <Text className='apply-done__text'>{app.result.text}</Text>
        </View>
        <Section title='办理结果'>
          <Field label='事项名称'>{app.itemName}</Field>
          <Field label='申请对象'>{app.applicantName}</Field>
          <Field label='办理时间'>{localTime(app.result.issuedAt)}</Field>
          <Field label='办件编号'>{app.caseNo}</Field>
          <Field label='结果文书'>{app.result.documentName}</Field>
        </Section>
        <Text className='apply-text apply-text--secondary'>结果文书可在“我的办件”中查看和下载。</Text>
      </View>
    )
  }
  return (
    <View>
      <View className='apply-done apply-done--ok' {...role('status')}>
        <Text className='apply-done__icon'>✓</Text>
        <Text className='apply-done__title'>申请已提交</Text>
        <Text className='apply-done__text'>{app.statusLabel}</Text>
      </View>
      <Section title='办件信息'>
        <Field label='办件编号'>{app.caseNo}</Field>
        <Field label='事项名称'>{app.itemName}</Field>
        <Field label='申请对象'>{app.applicantName}</Field>
        <Field label='提交时间'>{localTime(app.submittedAt)}</Field>
        {app.dueDate ? <Field label='预计办结'>{`${app.dueDate} 前`}</Field> : null}
        {app.timeLimitDays ? <Field label='承诺时限'>{`${app.timeLimitDays} 个工作日`}</Field> : null}
      </Section>
      {app.paper ? (
        <Notice tone='warning' title='下一步：寄送纸质材料原件'>
          <View className='apply-mailing'>
            <Field label='寄送材料'>
              <Bullets items={app.paper.materials.map((m) => `${m.name}（${MATERIAL_FORM_LABEL[m.form as keyof typeof MATERIAL_FORM_LABEL] ?? m.form}，${m.count} 份）`)} />
            </Field>
            <Field label='寄送时限'>{`请在 ${app.paper.mailing.deadlineDays} 日内寄出`}</Field>
            <Field label='收件地址'>{app.paper.mailing.address}</Field>
            <Field label='收件人'>{app.paper.mailing.recipient}</Field>
            <Field label='联系电话'>{app.paper.mailing.phone}</Field>
          </View>
          <Text>工作人员收到原件后受理，请在邮件中注明办件编号。</Text>
        </Notice>
      ) : null}
      <Section title='接下来'>
        <Bullets
          items={[
            ...(app.nextStep && !app.paper ? [app.nextStep] : []),
            '工作人员将尽快受理审核，受理和办结时都会以短信和消息通知您。',
            '可随时在“我的办件”中查看办理进度。'
          ]}
        />
      </Section>
    </View>
  )
}
