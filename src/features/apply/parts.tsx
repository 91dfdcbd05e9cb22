import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { useState, type ReactElement, type ReactNode } from 'react'
import type { DraftStep, ItemDetail } from '@contract'
import { navigate, ROUTES, type Route } from '@/shared/nav'
import { useElderMode } from '@/shared/theme/prefs'
import { Button, EmptyState, ErrorState, LoadingState, Screen } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { useDraftStore, type LocalDraft } from './draftStore'
import { useApplyDraft, type ApplyDraftView } from './useApplyDraft'

/** The three steps after 办事须知 (001 §5.1.2–5.1.3): fill in → upload → confirm and submit. */
const STEPS = [
  { key: 'form', label: '填写信息' },
  { key: 'materials', label: '上传材料' },
  { key: 'confirm', label: '确认提交' }
] as const

/** 长辈版 (每一步有简短的操作提示): what to do on this step, in one or two plain sentences. */
export const STEP_HINTS: Record<'form' | 'materials' | 'confirm', string> = {
  form: '填写信息：请逐项填写，每项下面有填写说明。填好后点最下面的“下一步”。',
  materials: '拍照上传材料：每份材料点“拍照”或“从相册选择”，标着“免提交”的不用上传。传好后点“下一步”。',
  confirm: '核对并提交：请看一遍下面的内容，没有问题就点最下面的“提交申请”。'
}

export function stepHint(current: 'form' | 'materials' | 'confirm'): string {
  const at = STEPS.findIndex((s) => s.key === current)
  return `第 ${at + 1} 步，共 ${STEPS.length} 步：${STEP_HINTS[current]}`
}

export function ApplySteps({ current }: { current: 'form' | 'materials' | 'confirm' }) {
  const at = STEPS.findIndex((s) => s.key === current)
  const elder = useElderMode()
  return (
    <>
      {elder ? (
        <Text className='apply-step-hint' {...role('note')}>
          {stepHint(current)}
        </Text>
      ) : null}
      <View className='apply-steps' {...role('list')} aria-label='办理步骤'>
        {STEPS.map((s, i) => (
          <View
            key={s.key}
            className={`apply-steps__item${i === at ? ' apply-steps__item--current' : ''}${i < at ? ' apply-steps__item--done' : ''}`}
            {...role('listitem')}
            aria-current={i === at ? 'step' : undefined}
          >
            <Text className='apply-steps__no'>{i < at ? '✓' : i + 1}</Text>
            <Text className='apply-steps__label'>{s.label}</Text>
          </View>
        ))}
      </View>
    </>
  )
}

const STATE_TEXT = {
  saved: '已自动保存',
  pending: '正在保存…',
  saving: '正在保存…'
} as const

/** One line: how the draft's saving stands, and a conflict note when there is one. */
export function SyncLine({ draftId }: { draftId: string }) {
  const status = useDraftStore((s) => s.status[draftId])
  const note = useDraftStore((s) => s.notes[draftId])
  const dismiss = useDraftStore((s) => s.dismissNote)
  return (
    <View className='apply-sync'>
      {note ? (
        <View className='apply-sync__note' {...role('alert')}>
          <Text>{note}</Text>
          <Text className='apply-link' {...role('button')} onClick={() => dismiss(draftId)}>
            知道了
          </Text>
        </View>
      ) : null}
      {status ? (
        <Text className={`apply-sync__state apply-sync__state--${status.state}`} {...role('status')} aria-live='polite'>
          {status.message ?? (status.state in STATE_TEXT ? STATE_TEXT[status.state as keyof typeof STATE_TEXT] : '')}
        </Text>
      ) : null}
    </View>
  )
}

/** An apply screen: its draft and item loaded (useApplyDraft), else the gate's loading / error / missing states. */
export function DraftScreen({ draftId, ready }: { draftId?: string; ready: (draft: LocalDraft, item: ItemDetail) => ReactElement }) {
  const view = useApplyDraft(draftId)
  if (view.draft && view.item) return ready(view.draft, view.item)
  return (
    <Screen className='apply'>
      <DraftGate view={view}>{() => null}</DraftGate>
    </Screen>
  )
}

/** Loading / error / missing draft states of the apply screens, else the content. */
export function DraftGate({ view, children }: { view: ApplyDraftView; children: () => ReactNode }) {
  if (view.draft && view.item) return <>{children()}</>
  if (view.submittedAs) {
    const applicationId = view.submittedAs
    return (
      <EmptyState
        title='这份申请已提交'
        hint='可在“我的办件”中查看办理进度'
        action={<Button onClick={() => navigate(ROUTES.applyDone, { applicationId })}>查看提交结果</Button>}
      />
    )
  }
  if (view.error) return <ErrorState error={view.error} onRetry={view.retry} />
  if (view.loading) return <LoadingState text='正在载入草稿…' />
  return (
    <EmptyState
      title='没有找到要办理的申请'
      hint='请从办事指南点“在线办理”开始'
      action={<Button onClick={() => Taro.reLaunch({ url: ROUTES.home }).catch(() => undefined)}>返回首页</Button>}
    />
  )
}

/** Where a draft resumes (an existing draft resumes at its step). */
export function routeForStep(step: DraftStep): Route {
  if (step === 'materials') return ROUTES.applyMaterials
  if (step === 'confirm') return ROUTES.applyConfirm
  return ROUTES.applyForm
}

export const STEP_LABEL: Record<DraftStep, string> = {
  notice: '办事须知',
  form: '填写信息',
  materials: '上传材料',
  confirm: '确认提交'
}

/** 320 KB / 1.2 MB */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** Bank account digits in groups of four, as printed on cards: 6222 0212 3456 7890 */
export function groupDigits(s: string): string {
  return s.replace(/\s+/g, '').replace(/(\d{4})(?=\d)/g, '$1 ')
}

/** Scrolls the page to an element id (H5 and weapp support a selector). */
export function scrollToId(id: string): void {
  try {
    Taro.pageScrollTo({ selector: `#${id}`, duration: 300 })?.catch?.(() => undefined)
  } catch {
    // not supported: the message at the top says what to fix
  }
}

/** A preview, or an icon when there is none or it no longer loads (a mini-program temp file after a restart). */
export function Thumb({ src, pdf, name }: { src?: string | null; pdf: boolean; name: string }) {
  const [broken, setBroken] = useState(false)
  if (pdf || !src || broken) return <Text className='apply-thumb apply-thumb--icon'>{pdf ? 'PDF' : '图片'}</Text>
  return <Image className='apply-thumb' src={src} mode='aspectFill' aria-label={name} nativeProps={{ alt: name }} onError={() => setBroken(true)} />
}
