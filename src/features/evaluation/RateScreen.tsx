import { Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import {
  ApplicationDetailSchema,
  ErrorCode,
  EVALUATION_LEVEL_LABEL,
  EVALUATION_LEVELS,
  EVALUATION_REASON_LABEL,
  EVALUATION_REASONS,
  EVALUATION_TEXT_MAX,
  RateRequestSchema,
  isBadLevel,
  type Evaluation,
  type EvaluationLevel,
  type EvaluationReason,
  type EvaluationStatus
} from '@contract'
import { apiGet } from '@/shared/api/client'
import { toAppError } from '@/shared/api/errors'
import { buildUrl, goBack, navigate, ROUTES } from '@/shared/nav'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { AsyncView, Button, EmptyState, Field, Notice, Section } from '@/shared/ui'
import { fetchEvaluationStatus, rateApplication, uploadEvaluationPhoto } from './api'
import { EvaluationSection } from './EvaluationSection'
import { ChipGroup, ChoiceGroup, fieldErrors, TextBox } from './parts'
import { PhotoField, type ChosenPhoto } from './PhotoField'
import { useRatingDraft, useRatingDrafts, type RatingDraft } from './store'
import { useReloadOn, useResource } from './useResource'
import './evaluation.scss'

/** The case header: item and case number (from the case itself, GET /applications/:id). */
interface CaseHead {
  itemName: string
  caseNo: string
  statusLabel: string
}

interface RatePageData {
  head: CaseHead
  status: EvaluationStatus
}

async function loadRatePage(id: string): Promise<RatePageData> {
  const [app, status] = await Promise.all([apiGet(`/api/v1/applications/${encodeURIComponent(id)}`, ApplicationDetailSchema), fetchEvaluationStatus(id)])
  return { head: { itemName: app.itemName, caseNo: app.caseNo, statusLabel: app.statusLabel }, status }
}

const LEVEL_CHOICES = EVALUATION_LEVELS.map((l) => ({ value: l, label: EVALUATION_LEVEL_LABEL[l] }))
const REASON_CHOICES = EVALUATION_REASONS.map((r) => ({ value: r, label: EVALUATION_REASON_LABEL[r] }))

/**
 * 评价本次服务 (好差评, 000 §8.1; 002 一事一评; the five levels of 国办发〔2019〕51号): once the case is completed or
 * rejected. 不满意 / 非常不满意 need at least one reason; text and one photo are optional. What was chosen and typed is
 * kept on the device until the BFF has the rating. Once rated the page shows the rating, 追评 and — for a 差评 — the
 * loop with the agency's feedback (000 §8.2.1).
 */
export function RateScreen({ id, reloadSignal = 0, onReloaded }: { id?: string; reloadSignal?: number; onReloaded?: () => void }) {
  const auth = useSignedIn(id ? buildUrl(ROUTES.evaluationRate, { id }) : ROUTES.applications, reloadSignal)
  const page = useResource(id && auth.state === 'ready' ? `rate:${id}` : null, () => loadRatePage(id!))
  useReloadOn(reloadSignal, page.reload, onReloaded)

  return (
    <SignedInScreen
      auth={auth}
      className='eval'
      missing={id ? null : <EmptyState title='没有指定办件' hint='请从“我的办件”中选择要评价的办件' action={<Button onClick={() => navigate(ROUTES.applications)}>查看我的办件</Button>} />}
    >
      <AsyncView query={page} loadingText='正在加载评价…'>
        {(d) => (
          <RateBody
            id={id!}
            data={d}
            onStatus={(status) => page.setData({ ...d, status })}
            reload={() => page.reload().catch(() => undefined)}
          />
        )}
      </AsyncView>
    </SignedInScreen>
  )
}

function RateBody({ id, data, onStatus, reload }: { id: string; data: RatePageData; onStatus: (s: EvaluationStatus) => void; reload: () => void }) {
  const { head, status } = data
  const [failedPhoto, setFailedPhoto] = useState<{ photo: ChosenPhoto; error: string } | null>(null)
  const setEvaluation = (ev: Evaluation) => onStatus({ ...status, rateable: false, notRateableReason: null, evaluation: ev })

  return (
    <View>
      <View className='eval-head'>
        <Text className='eval-head__title'>{head.itemName}</Text>
        <Field label='办件编号'>{head.caseNo}</Field>
        <Field label='办理状态'>{head.statusLabel}</Field>
      </View>
      {status.evaluation ? (
        <EvaluationSection
          evaluation={status.evaluation}
          onChange={setEvaluation}
          pendingPhoto={failedPhoto?.photo ?? null}
          pendingPhotoError={failedPhoto?.error ?? null}
        />
      ) : status.rateable ? (
        <RateForm
          id={id}
          deadline={status.deadline}
          onRated={(ev, photoFailure) => {
            setFailedPhoto(photoFailure)
            setEvaluation(ev)
          }}
          onExists={reload}
        />
      ) : (
        <Notice tone='info' title='暂不能评价'>
          <Text>{status.notRateableReason ?? '该办件暂不能评价'}</Text>
        </Notice>
      )}
      <Button block variant='text' onClick={goBack}>
        返回
      </Button>
    </View>
  )
}

function RateForm({
  id,
  deadline,
  onRated,
  onExists
}: {
  id: string
  deadline: string | null
  onRated: (ev: Evaluation, photoFailure: { photo: ChosenPhoto; error: string } | null) => void
  /** the BFF has a rating already (sent from another device, or a lost answer): show it */
  onExists: () => void
}) {
  const draft = useRatingDraft(id)
  const update = (patch: Partial<Pick<RatingDraft, 'level' | 'reasons' | 'text'>>) => useRatingDrafts.getState().update(id, patch)
  const [photo, setPhoto] = useState<ChosenPhoto | null>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const sending = useRef(false)
  const bad = draft.level !== null && isBadLevel(draft.level)

  const chooseLevel = (level: EvaluationLevel) => {
    update({ level })
    setErrors((e) => ({ ...e, level: '', reasons: isBadLevel(level) ? (e.reasons ?? '') : '' }))
  }
  const toggleReason = (r: EvaluationReason) => {
    const reasons = draft.reasons.includes(r) ? draft.reasons.filter((x) => x !== r) : [...draft.reasons, r]
    update({ reasons })
    if (reasons.length > 0) setErrors((e) => ({ ...e, reasons: '' }))
  }

  const submit = async () => {
    if (sending.current) return
    const parsed = RateRequestSchema.safeParse({
      level: draft.level ?? undefined,
      reasons: bad ? draft.reasons : undefined,
      text: draft.text.trim() ? draft.text : undefined
    })
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues))
      setSubmitError(null)
      return
    }
    sending.current = true
    setBusy(true)
    setErrors({})
    setSubmitError(null)
    try {
      let ev = await rateApplication(id, parsed.data)
      useRatingDrafts.getState().clear(id)
      let photoFailure: { photo: ChosenPhoto; error: string } | null = null
      if (photo) {
        setProgress(0)
        try {
          ev = await uploadEvaluationPhoto(id, photo.file, { onProgress: setProgress })
        } catch (e) {
          photoFailure = { photo, error: `评价已提交，但照片未上传：${toAppError(e).message}` }
        }
      }
      onRated(ev, photoFailure)
    } catch (e) {
      const err = toAppError(e)
      if (err.code === ErrorCode.EVALUATION_EXISTS) {
        useRatingDrafts.getState().clear(id)
        onExists()
        return
      }
      if (err.fields) setErrors(err.fields)
      setSubmitError(`${err.message}。您填写的内容已保留，可稍后再提交。`)
    } finally {
      sending.current = false
      setBusy(false)
      setProgress(null)
    }
  }

  return (
    <View>
      <Notice tone='info' title='请对本次服务作出评价'>
        <Text>
          {deadline ? `请在 ${deadline} 前评价，逾期未评价的，系统将默认记为“基本满意”。` : '每个办件只能评价一次。'}
          评价为实名评价，仅经办机构可见。
        </Text>
      </Notice>
      <Section title='评价'>
        <ChoiceGroup label='您对本次服务是否满意？' choices={LEVEL_CHOICES} value={draft.level} onChange={chooseLevel} error={errors.level || null} id='eval-level' />
        {bad ? (
          <ChipGroup
            label='不满意的原因（至少选择一项，可多选）'
            choices={REASON_CHOICES}
            values={draft.reasons}
            onToggle={toggleReason}
            error={errors.reasons || null}
            id='eval-reasons'
          />
        ) : null}
        <TextBox
          label='评价内容'
          optional
          value={draft.text}
          max={EVALUATION_TEXT_MAX}
          placeholder={bad ? '请说明遇到的问题，便于我们改进' : '说说您的办事体验（选填）'}
          onChange={(text) => update({ text })}
          error={errors.text || null}
        />
        <PhotoField photo={photo} onChange={setPhoto} progress={progress} disabled={busy} />
      </Section>
      {submitError ? (
        <Notice tone='danger' title='评价未提交'>
          <Text>{submitError}</Text>
        </Notice>
      ) : null}
      <Button block disabled={busy} onClick={() => void submit()}>
        {busy ? (progress !== null ? '正在上传照片…' : '正在提交…') : '提交评价'}
      </Button>
    </View>
  )
}
