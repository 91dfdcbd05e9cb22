import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { ErrorCode, MATERIAL_FORM_LABEL, type ItemDetail, type Material } from '@contract'
import { currentToken } from '@/shared/api/auth'
import { appError, toAppError } from '@/shared/api/errors'
import { countText, timeLimitText } from '@/shared/format'
import { useQuery } from '@/shared/hooks/useQuery'
import { buildUrl, navigate, ROUTES } from '@/shared/nav'
import { useRegionCode } from '@/shared/region/store'
import { AsyncView, Bullets, Button, EmptyState, Field, ModeTag, Notice, Screen, Section, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { draftApi, fetchItem } from './api'
import { itemKey, useDraftStore, type LocalDraft } from './draftStore'
import { routeForStep, STEP_LABEL } from './parts'
import { ensureApplicant } from './session'
import { useActingFor } from '@/shared/acting'
import { ActingForBar } from '@/shared/acting/ActingForBar'
import './apply.scss'

/**
 * 办事须知 (001 §4.2.2, §5.1.2): before the form — the item's notice and tips, the materials it needs (which are
 * 免提交·已核验 through data sharing, 001 §3.2.2), the paper originals to mail with where, to whom and by when
 * (001 §5.1.4), the time limit and the projected due date. 开始办理 signs in (real-name, 001 §3.1.2) and creates the
 * draft or resumes the open one at its step (POST /drafts answers with the existing draft of the item).
 */
export function NoticeScreen({ itemId, regionCode }: { itemId?: string; regionCode?: string }) {
  const code = useRegionCode(regionCode)
  const detail = useQuery(itemId ? `apply-item:${itemId}:${code}` : null, () => fetchItem(itemId ?? '', code))
  const acting = useActingFor('apply')
  const draftId = useDraftStore((s) => (itemId ? s.byItem[itemKey(itemId, code, acting.id)] : undefined))
  const draft = useDraftStore((s) => (draftId ? s.drafts[draftId] : undefined))
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    useDraftStore.getState().startSync()
  }, [])

  useEffect(() => {
    if (detail.data) Taro.setNavigationBarTitle({ title: '办事须知' }).catch(() => undefined)
  }, [detail.data])

  // another device may have started this item: when signed in, pick up the server's draft (GET /drafts)
  useEffect(() => {
    if (!itemId) return
    let alive = true
    ;(async () => {
      if (!(await currentToken())) return
      const drafts = await draftApi.listDrafts()
      const found = drafts.find((d) => d.itemId === itemId && d.region.code === code && d.insuredId === acting.id)
      if (alive && found) useDraftStore.getState().adopt(found)
    })().catch(() => undefined)
    return () => {
      alive = false
    }
  }, [itemId, code, acting.id])

  if (!itemId) {
    return (
      <Screen className='apply'>
        <EmptyState
          title='没有指定要办理的事项'
          hint='请从办事指南点“在线办理”进入'
          action={<Button onClick={() => Taro.reLaunch({ url: ROUTES.home }).catch(() => undefined)}>返回首页</Button>}
        />
      </Screen>
    )
  }

  const start = async (item: ItemDetail) => {
    if (starting) return
    setError(null)
    setStarting(true)
    try {
      if (!(await ensureApplicant(buildUrl(ROUTES.applyNotice, { itemId, region: code })))) return
      const store = useDraftStore.getState()
      let local: LocalDraft | null
      try {
        const forWhom = acting.id === 'self' ? {} : { insuredId: acting.id }
        local = store.adopt(await draftApi.createDraft({ itemId, region: code, ...forWhom }), item)
      } catch (e) {
        const err = toAppError(e)
        // offline with a draft on this device: carry on here, it is saved when the network is back
        const kept = draftId ? store.drafts[draftId] : undefined
        if (err.code !== 'NETWORK_ERROR' || !kept) throw err
        local = kept
      }
      if (!local) throw appError(ErrorCode.DRAFT_SUBMITTED, '该申请已提交，请在“我的办件”中查看进度')
      if (!local.item) store.setItem(local.id, item)
      navigate(routeForStep(local.step), { draftId: local.id })
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setStarting(false)
    }
  }

  const item = detail.data
  const canApply = Boolean(item && item.onlineApply && item.form && item.handlingMode !== 'query')
  return (
    <Screen
      className='apply'
      footer={
        item ? (
          <View className='apply-footer'>
            {error ? (
              <Text className='apply-footer__error' {...role('alert')}>
                {error}
              </Text>
            ) : null}
            <Button block disabled={!canApply || starting} onClick={() => void start(item)}>
              {!canApply ? '本事项暂不支持在线办理' : starting ? '正在进入…' : draft ? '继续办理' : '开始办理'}
            </Button>
            {draft && canApply ? <Text className='apply-footer__hint'>{`上次办到：${STEP_LABEL[draft.step]}，已填写的内容都已保存`}</Text> : null}
          </View>
        ) : undefined
      }
    >
      <ActingForBar scope='apply' />
      <AsyncView query={detail} loadingText='正在加载办事须知…'>
        {(d) => <NoticeContent item={d} draft={draft} />}
      </AsyncView>
    </Screen>
  )
}

function MaterialLine({ m, shared }: { m: Material; shared: boolean }) {
  return (
    <View className='apply-material-line'>
      <Text className='apply-material-line__name'>{m.name}</Text>
      <View className='apply-material-line__tags'>
        <Tag tone='info'>{MATERIAL_FORM_LABEL[m.form]}</Tag>
        <Tag tone='neutral'>{countText(m.count)}</Tag>
        <Tag tone={m.required ? 'warning' : 'neutral'}>{m.required ? '必须提供' : '按情况提供'}</Tag>
        {shared ? <Tag tone='success'>免提交·已核验</Tag> : null}
        {m.paper ? <Tag tone='warning'>需寄送纸质件</Tag> : null}
      </View>
      {m.condition ? <Text className='apply-material-line__desc'>{`提供情形：${m.condition}`}</Text> : null}
    </View>
  )
}

function NoticeContent({ item, draft }: { item: ItemDetail; draft: LocalDraft | undefined }) {
  const materials = item.guide.materials
  // with a draft the BFF says what the data-sharing platform holds for this applicant; before, what it may hold
  const shared = (m: Material): boolean => (draft ? draft.server.sharedVerified.includes(m.id) : m.sharedVerifiable)
  const paper = materials.filter((m) => m.paper)
  const days = item.guide.timeLimit.workingDays
  const due = draft?.server.projectedDueDate ?? null
  return (
    <View>
      <View className='apply-head'>
        <Text className='apply-head__title' {...role('heading')} aria-level={1}>
          {item.popularName}
        </Text>
        <Text className='apply-head__sub'>{item.name}</Text>
        <View className='apply-head__meta'>
          <ModeTag mode={item.handlingMode} />
        </View>
        <Text className='apply-head__sub'>
          {item.region.fullName} · {item.department.name}
        </Text>
      </View>

      <Section title='办事须知'>
        <Bullets items={item.notice} />
      </Section>

      <Section title='办结时限'>
        <Field label='承诺时限'>{timeLimitText(days) ?? item.guide.timeLimit.text}</Field>
        {item.handlingMode === 'smart' ? (
          <Text className='apply-text'>智能办理：提交后系统即时核验，马上出结果。</Text>
        ) : due ? (
          <Field label='预计办结'>{`今天提交，预计 ${due} 前办结（按工作日计算）`}</Field>
        ) : null}
        <Text className='apply-text apply-text--secondary'>{item.guide.timeLimit.text}</Text>
      </Section>

      <Section title={`所需材料（共 ${materials.length} 项）`}>
        {materials.length === 0 ? <Text className='apply-text'>本事项无需提交申请材料。</Text> : null}
        {materials.some(shared) ? (
          <Text className='apply-note'>标有「免提交·已核验」的材料，政务数据共享平台已有存档，直接核验通过，无需上传。</Text>
        ) : null}
        {materials.map((m) => (
          <MaterialLine key={m.id} m={m} shared={shared(m)} />
        ))}
      </Section>

      {item.mailing && paper.length > 0 ? (
        <Notice tone='warning' title='本事项需要寄送纸质材料原件'>
          <View className='apply-mailing'>
            <Field label='寄送材料'>
              <Bullets items={paper.map((m) => `${m.name}（${MATERIAL_FORM_LABEL[m.form]}，${countText(m.count)}）`)} />
            </Field>
            <Field label='寄送时限'>{`提交申请后 ${item.mailing.deadlineDays} 日内寄出`}</Field>
            <Field label='收件地址'>{item.mailing.address}</Field>
            <Field label='收件人'>{item.mailing.recipient}</Field>
            <Field label='联系电话'>{item.mailing.phone}</Field>
          </View>
        </Notice>
      ) : null}

      <Section title='温馨提示'>
        <Bullets items={item.tips} />
      </Section>

      {item.sampleData ? (
        <Text className='apply-text apply-text--secondary'>本页地址、电话等为示例数据，请以当地医保部门公布的信息为准。</Text>
      ) : null}
    </View>
  )
}
