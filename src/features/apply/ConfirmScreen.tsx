import Taro from '@tarojs/taro'
import { Checkbox, Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import { ErrorCode, HANDLING_MODE_LABEL, MATERIAL_FORM_LABEL, type ItemDetail, type RegionNode } from '@contract'
import { appError, toAppError, type AppError } from '@/shared/api/errors'
import { countText } from '@/shared/format'
import { buildUrl, navigate, ROUTES } from '@/shared/nav'
import { fetchRegions } from '@/shared/region/api'
import { Bullets, Button, Field, Screen, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { useDraftStore, type LocalDraft } from './draftStore'
import { displayValue, regionOptions } from './fields'
import { NationalPlaceName } from './NationalRegionField'
import { ApplySteps, DraftScreen, sizeText, SyncLine, Thumb } from './parts'
import { requestSubscribe } from '@/shared/platform/subscribe'
import { ReadAloudButton } from '@/shared/speech/ReadAloudButton'
import { confirmSpeech } from './speech'
import { caseHandlingMode, needsPaper, paperMaterials } from '../../../domain/answers'
import './apply.scss'

/**
 * 确认提交 (001 §5.1.3 单独的提交页面): everything the citizen is about to send — the filled-in values with their
 * labels, the uploads with thumbnails, the materials verified through data sharing, and, where the item needs paper
 * originals, where to mail them and a pledge to do so (001 §5.1.4). 提交 sends the Idempotency-Key kept in the
 * draft store, so a retry after a network error can never make a second case. In WeChat the subscription-message
 * consent is asked inside the same tap (001 §5.3.2: the result is sent to the citizen).
 */
export function ConfirmScreen({ draftId }: { draftId?: string }) {
  return <DraftScreen draftId={draftId} ready={(draft, item) => <ConfirmReady draft={draft} item={item} />} />
}

function useRegionNames(needed: boolean) {
  const [tree, setTree] = useState<RegionNode[]>([])
  useEffect(() => {
    if (!needed) return
    let alive = true
    fetchRegions()
      .then((t) => alive && setTree(t))
      .catch(() => undefined)
    return () => {
      alive = false
    }
  }, [needed])
  return useMemo(() => regionOptions(tree), [tree])
}

/** Where to go to fix what the BFF refused. */
function fixRoute(e: AppError): { label: string; route: typeof ROUTES.applyForm | typeof ROUTES.applyMaterials } | null {
  if (e.code === ErrorCode.VALIDATION && e.fields && Object.keys(e.fields).some((k) => k.startsWith('values.'))) return { label: '去修改信息', route: ROUTES.applyForm }
  if (e.code === ErrorCode.MATERIALS_MISSING) return { label: '去上传材料', route: ROUTES.applyMaterials }
  return null
}

function ConfirmReady({ draft, item }: { draft: LocalDraft; item: ItemDetail }) {
  const form = item.form ?? { fields: [] }
  const regions = useRegionNames(form.fields.some((f) => f.kind === 'region'))
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const paper = needsPaper(item, draft.values)
  const setPledge = useDraftStore((s) => s.setPaperPledge)
  const materials = item.guide.materials
  const sharedNames = materials.filter((m) => draft.server.sharedVerified.includes(m.id)).map((m) => m.name)
  const filled = form.fields.filter((f) => (draft.values[f.key] ?? '') !== '')
  // a manual item's smart sub-path (003 §7.6.3.5 b) is decided at once: the citizen is told so before submitting
  const mode = caseHandlingMode(item, draft.values)

  const submit = () => {
    if (submitting) return
    if (paper && !draft.paperPledge) {
      setError(appError(ErrorCode.PAPER_PLEDGE_REQUIRED, '请先勾选承诺按要求寄送纸质材料原件'))
      return
    }
    // inside the tap, before anything is awaited: WeChat shows the consent only from a tap
    const subscribed = requestSubscribe()
    setSubmitting(true)
    setError(null)
    ;(async () => {
      await subscribed
      try {
        const app = await useDraftStore.getState().submit(draft.id)
        // the done page replaces this one: back from it does not return to a submitted draft
        Taro.redirectTo({ url: buildUrl(ROUTES.applyDone, { applicationId: app.id }) }).catch(() =>
          navigate(ROUTES.applyDone, { applicationId: app.id })
        )
      } catch (e) {
        setError(toAppError(e))
        setSubmitting(false)
      }
    })()
  }

  const fix = error ? fixRoute(error) : null
  return (
    <Screen
      className='apply'
      footer={
        <View className='apply-footer'>
          {error ? (
            <View className='apply-footer__error' {...role('alert')}>
              <Text>{error.message}</Text>
              {fix ? (
                <Text className='apply-link' {...role('button')} onClick={() => navigate(fix.route, { draftId: draft.id })}>
                  {fix.label}
                </Text>
              ) : null}
            </View>
          ) : null}
          <Button block disabled={submitting} onClick={submit}>
            {submitting ? '正在提交…' : '提交申请'}
          </Button>
        </View>
      }
    >
      <ApplySteps current='confirm' />
      <ReadAloudButton className='apply-read' getText={() => confirmSpeech(item, draft)} />
      <SyncLine draftId={draft.id} />
      <Text className='apply-text'>请核对以下内容，确认无误后提交。</Text>

      <Section title='申请事项'>
        <Field label='事项'>{item.name}</Field>
        <Field label='办理地区'>{draft.server.region.name}</Field>
        <Field label='办理方式'>{HANDLING_MODE_LABEL[mode]}</Field>
        <Field label='申请人'>{`${draft.server.applicant.name}（${draft.server.applicant.idNumber}）`}</Field>
        {mode === 'smart' ? (
          <Field label='办结时间'>提交后即时出结果</Field>
        ) : draft.server.projectedDueDate ? (
          <Field label='预计办结'>{`${draft.server.projectedDueDate} 前（今天提交，按工作日计算）`}</Field>
        ) : null}
      </Section>

      <Section
        title='填写的信息'
        extra={
          <Text className='apply-link' {...role('button')} onClick={() => navigate(ROUTES.applyForm, { draftId: draft.id })}>
            修改
          </Text>
        }
      >
        {filled.length === 0 ? <Text className='apply-text'>无</Text> : null}
        {filled.map((f) => (
          <Field key={f.key} label={f.label}>
            {f.kind === 'region' && f.regionScope === 'national' ? (
              <NationalPlaceName code={draft.values[f.key] ?? ''} />
            ) : (
              displayValue(f, draft.values[f.key] ?? '', regions)
            )}
          </Field>
        ))}
      </Section>

      <Section
        title='上传的材料'
        extra={
          <Text className='apply-link' {...role('button')} onClick={() => navigate(ROUTES.applyMaterials, { draftId: draft.id })}>
            修改
          </Text>
        }
      >
        {draft.server.uploads.length === 0 ? <Text className='apply-text'>未上传文件</Text> : null}
        {materials
          .filter((m) => draft.server.uploads.some((u) => u.materialId === m.id))
          .map((m) => (
            <View key={m.id} className='apply-confirm-material' aria-label={m.name}>
              <Text className='apply-confirm-material__name'>{m.name}</Text>
              <View className='apply-confirm-material__files'>
                {draft.server.uploads
                  .filter((u) => u.materialId === m.id)
                  .map((u) => (
                    <View key={u.id} className='apply-confirm-file'>
                      <Thumb src={draft.previews[u.id]} pdf={u.mime === 'application/pdf'} name={u.fileName} />
                      <Text className='apply-confirm-file__name'>{u.fileName}</Text>
                      <Text className='apply-confirm-file__meta'>{sizeText(u.size)}</Text>
                    </View>
                  ))}
              </View>
            </View>
          ))}
      </Section>

      {sharedNames.length > 0 ? (
        <Section title='免提交·已核验'>
          <Text className='apply-note'>以下材料政务数据共享平台已有存档，已核验通过，无需上传。</Text>
          <Bullets items={sharedNames} />
        </Section>
      ) : null}

      {paper && item.mailing ? (
        <Section title='纸质材料寄送'>
          <Field label='寄送材料'>
            <Bullets
              items={paperMaterials(item, draft.values).map((m) => `${m.name}（${MATERIAL_FORM_LABEL[m.form]}，${countText(m.count)}）`)}
            />
          </Field>
          <Field label='寄送时限'>{`提交申请后 ${item.mailing.deadlineDays} 日内寄出`}</Field>
          <Field label='收件地址'>{item.mailing.address}</Field>
          <Field label='收件人'>{item.mailing.recipient}</Field>
          <Field label='联系电话'>{item.mailing.phone}</Field>
          <View
            className='apply-pledge'
            {...role('checkbox')}
            aria-checked={draft.paperPledge}
            aria-label='承诺寄送纸质材料原件'
            onClick={() => {
              setPledge(draft.id, !draft.paperPledge)
              if (error?.code === ErrorCode.PAPER_PLEDGE_REQUIRED) setError(null)
            }}
          >
            <Checkbox value='pledge' checked={draft.paperPledge} aria-hidden='true' />
            <Text className='apply-pledge__text'>{`我承诺在提交后 ${item.mailing.deadlineDays} 日内将上述纸质材料原件寄至以上地址`}</Text>
          </View>
        </Section>
      ) : null}
    </Screen>
  )
}
