import { Progress, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { MATERIAL_FORM_LABEL, PRACTICE_MATERIAL_NOTE, type ItemDetail, type Material, type Upload } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { countText } from '@/shared/format'
import { acceptText, pickFiles, pickSources, type PickSource } from '@/shared/media'
import { navigate, ROUTES } from '@/shared/nav'
import { Bullets, Button, Notice, Screen, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { useDraftStore, type LocalDraft } from './draftStore'
import { applicableMaterials } from '../../../domain/answers'
import { ApplySteps, DraftScreen, scrollToId, sizeText, SyncLine, Thumb } from './parts'
import { useUploadQueue, type UploadTask } from './uploadQueue'
import { ReadAloudButton } from '@/shared/speech/ReadAloudButton'
import { materialsSpeech } from './speech'
import { photoIssueText } from '../../../domain/photo-check'
import './apply.scss'

/**
 * 上传材料 (001 §5.1.2: 上传材料项目明示电子文档或照片的具体要求): per material its form (原件/复印件…), count,
 * whether it is needed, the upload rule, a sample and common errors. Materials the data-sharing platform holds are
 * 免提交·已核验 (001 §3.2.2) and take no upload. Photos come from the camera or the album (PDF where the material
 * takes it), are compressed on the device, uploaded with a progress bar, can be cancelled, retried and deleted,
 * several per material up to its maxFiles.
 */
export function MaterialsScreen({ draftId }: { draftId?: string }) {
  return <DraftScreen draftId={draftId} ready={(draft, item) => <MaterialsReady draft={draft} item={item} />} />
}

export const materialDomId = (id: string): string => `apply-material-${id}`

/**
 * Required materials still to upload: those that apply to the answers (001 §5.1.4, domain/answers.ts), not
 * shared-verified; paper originals too — their photos now, the originals by mail (the BFF's submit check).
 */
export function missingMaterials(item: ItemDetail, draft: LocalDraft): Material[] {
  const shared = draft.server.sharedVerified
  return applicableMaterials(item, draft.values).filter(
    (m) => m.required && !shared.includes(m.id) && !draft.server.uploads.some((u) => u.materialId === m.id)
  )
}

function MaterialsReady({ draft, item }: { draft: LocalDraft; item: ItemDetail }) {
  const tasks = useUploadQueue((s) => s.tasks)
  const [error, setError] = useState<string | null>(null)
  const mine = Object.values(tasks).filter((t) => t.draftId === draft.id)
  const busy = mine.some((t) => t.state !== 'failed' && t.state !== 'review')
  const inReview = mine.some((t) => t.state === 'review')
  // only what applies to the answers given (门诊 or 住院, 票据遗失 or not…)
  const materials = applicableMaterials(item, draft.values)
  const shared = draft.server.sharedVerified

  const next = () => {
    if (busy) {
      setError('还有文件正在上传，请等上传完成后再继续')
      return
    }
    if (inReview) {
      setError('有照片还没确认：请重新拍，或选择「仍然上传」')
      return
    }
    const missing = missingMaterials(item, draft)
    if (missing.length) {
      setError(`请上传：${missing.map((m) => m.name).join('、')}`)
      scrollToId(materialDomId(missing[0].id))
      return
    }
    setError(null)
    useDraftStore.getState().setStep(draft.id, 'confirm')
    navigate(ROUTES.applyConfirm, { draftId: draft.id })
  }

  return (
    <Screen
      className='apply'
      footer={
        <View className='apply-footer'>
          {error ? (
            <Text className='apply-footer__error' {...role('alert')}>
              {error}
            </Text>
          ) : null}
          <Button block onClick={next}>
            下一步：确认提交
          </Button>
        </View>
      }
    >
      <ApplySteps current='materials' />
      <ReadAloudButton className='apply-read' getText={() => materialsSpeech(item, draft)} />
      <SyncLine draftId={draft.id} />
      <Notice tone='info' title='上传说明'>
        <Text>请拍摄材料原件，四角完整、文字清晰、不反光。照片会在手机上压缩到 1MB 以内再上传，不影响清晰度。</Text>
      </Notice>
      {materials.length === 0 ? <Text className='apply-text'>本事项无需提交申请材料，请直接下一步。</Text> : null}
      {materials.map((m, i) => (
        <MaterialCard
          key={m.id}
          index={i + 1}
          draft={draft}
          material={m}
          shared={shared.includes(m.id)}
          uploads={draft.server.uploads.filter((u) => u.materialId === m.id)}
          tasks={Object.values(tasks).filter((t) => t.draftId === draft.id && t.materialId === m.id)}
        />
      ))}
    </Screen>
  )
}

function needText(m: Material): string {
  if (m.required) return '必须提供'
  return m.condition ? '按情况提供' : '选择提供'
}

function MaterialCard({
  index,
  draft,
  material: m,
  shared,
  uploads,
  tasks
}: {
  index: number
  draft: LocalDraft
  material: Material
  shared: boolean
  uploads: Upload[]
  tasks: UploadTask[]
}) {
  const [open, setOpen] = useState<'sample' | 'errors' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const max = m.maxFiles ?? 1
  const accept = m.accept ?? ['image']
  const room = max - uploads.length - tasks.length
  const toggle = (k: 'sample' | 'errors') => setOpen((o) => (o === k ? null : k))

  const pick = async (source: PickSource) => {
    setError(null)
    try {
      const files = await pickFiles({ source, accept, count: room })
      if (files.length) useUploadQueue.getState().add(draft.id, m.id, files.slice(0, room))
    } catch (e) {
      setError(toAppError(e).message)
    }
  }

  // 重新拍: the photo the pre-check warned about is dropped, the camera (album on H5 without one) opens again
  const retake = async (t: UploadTask) => {
    useUploadQueue.getState().remove(t.localId)
    const sources = pickSources(accept)
    const source = sources.find((s) => s.source === 'camera') ?? sources[0]
    if (source) await pick(source.source)
  }

  const remove = async (u: Upload) => {
    setError(null)
    try {
      await useDraftStore.getState().deleteUpload(draft.id, u.id)
    } catch (e) {
      setError(toAppError(e).message)
    }
  }

  return (
    <View className={`apply-material${shared ? ' apply-material--shared' : ''}`} id={materialDomId(m.id)} aria-label={m.name}>
      <Text className='apply-material__name'>
        {index}. {m.name}
      </Text>
      <View className='apply-material__tags'>
        <Tag tone='info'>{MATERIAL_FORM_LABEL[m.form]}</Tag>
        <Tag tone='neutral'>{countText(m.count)}</Tag>
        <Tag tone={m.required ? 'warning' : 'neutral'}>{needText(m)}</Tag>
        {shared ? <Tag tone='success'>免提交·已核验</Tag> : null}
        {m.paper ? <Tag tone='warning'>原件需寄送</Tag> : null}
      </View>
      {m.condition ? <Text className='apply-material__line'>{`提供情形：${m.condition}`}</Text> : null}
      {m.source === 'practice' ? <Text className='apply-material__line'>{PRACTICE_MATERIAL_NOTE}</Text> : null}

      {shared ? (
        // 001 §3.2.2: held by the government data-sharing platform and valid → verified, nothing to upload
        <Text className='apply-material__shared'>政务数据共享平台已有存档，已核验通过，无需上传。</Text>
      ) : (
        <View>
          <Text className='apply-material__line'>{`上传要求：${m.uploadRule}`}</Text>
          <Text className='apply-material__line apply-material__line--secondary'>{`可上传${acceptText(accept)}，最多 ${max} 个`}</Text>
          {m.paper ? <Text className='apply-material__line apply-material__line--secondary'>原件提交后需邮寄，可先上传照片供工作人员预审。</Text> : null}
          {m.sample || m.commonErrors.length > 0 ? (
            <View className='apply-material__links'>
              {m.sample ? (
                <Text className='apply-link' {...role('button')} aria-expanded={open === 'sample'} onClick={() => toggle('sample')}>
                  {open === 'sample' ? '收起示范' : '查看示范'}
                </Text>
              ) : null}
              {m.commonErrors.length > 0 ? (
                <Text className='apply-link' {...role('button')} aria-expanded={open === 'errors'} onClick={() => toggle('errors')}>
                  {open === 'errors' ? '收起常见错误' : '常见错误'}
                </Text>
              ) : null}
            </View>
          ) : null}
          {open === 'sample' && m.sample ? (
            <View className='apply-material__panel'>
              <Text>{m.sample}</Text>
            </View>
          ) : null}
          {open === 'errors' ? (
            <View className='apply-material__panel'>
              <Bullets items={m.commonErrors} />
            </View>
          ) : null}

          <View className='apply-files'>
            {uploads.map((u) => (
              <UploadedFile key={u.id} upload={u} preview={draft.previews[u.id]} onDelete={() => void remove(u)} />
            ))}
            {tasks.map((t) => (
              <TaskRow key={t.localId} task={t} material={m} draft={draft} onRetake={() => void retake(t)} />
            ))}
          </View>
          <Text className='apply-material__count'>{`已上传 ${uploads.length}/${max}`}</Text>
          {error ? (
            <Text className='apply-material__error' {...role('alert')}>
              {error}
            </Text>
          ) : null}
          {room > 0 ? (
            <View className='apply-material__actions'>
              {pickSources(accept).map((s) => (
                <Button key={s.source} size='small' variant='secondary' onClick={() => void pick(s.source)}>
                  {s.label}
                </Button>
              ))}
            </View>
          ) : null}
        </View>
      )}
    </View>
  )
}

function UploadedFile({ upload: u, preview, onDelete }: { upload: Upload; preview?: string; onDelete: () => void }) {
  return (
    <View className='apply-file' aria-label={u.fileName}>
      <Thumb src={preview} pdf={u.mime === 'application/pdf'} name={u.fileName} />
      <View className='apply-file__body'>
        <Text className='apply-file__name'>{u.fileName}</Text>
        <Text className='apply-file__meta'>{`${sizeText(u.size)} · 已上传`}</Text>
      </View>
      <Button size='small' variant='text' onClick={onDelete}>
        删除
      </Button>
    </View>
  )
}

function TaskRow({ task: t, material: m, draft, onRetake }: { task: UploadTask; material: Material; draft: LocalDraft; onRetake: () => void }) {
  const queue = useUploadQueue.getState()
  const percent = Math.round(t.progress * 100)
  if (t.state === 'review') return <PhotoReview task={t} material={m} draft={draft} onRetake={onRetake} />
  return (
    <View className={`apply-file apply-file--${t.state}`} aria-label={t.file.name}>
      <Thumb src={t.preview} pdf={t.file.kind === 'pdf'} name={t.file.name} />
      <View className='apply-file__body'>
        <Text className='apply-file__name'>{t.file.name}</Text>
        {t.state === 'checking' ? <Text className='apply-file__meta'>正在检查照片…</Text> : null}
        {t.state === 'preparing' ? <Text className='apply-file__meta'>正在压缩…</Text> : null}
        {t.state === 'uploading' ? (
          <View>
            <Progress percent={percent} strokeWidth={4} activeColor='#0b57d0' aria-label={`上传进度 ${percent}%`} />
            <Text className='apply-file__meta'>{`正在上传 ${percent}%`}</Text>
          </View>
        ) : null}
        {t.state === 'failed' ? (
          <Text className='apply-file__error' {...role('alert')}>
            {t.error?.message ?? '上传失败'}
          </Text>
        ) : null}
      </View>
      {t.state === 'failed' ? (
        <View className='apply-file__actions'>
          <Button size='small' variant='text' onClick={() => queue.retry(t.localId)}>
            重试
          </Button>
          <Button size='small' variant='text' onClick={() => queue.remove(t.localId)}>
            移除
          </Button>
        </View>
      ) : (
        <Button size='small' variant='text' onClick={() => queue.cancel(t.localId)}>
          取消
        </Button>
      )}
    </View>
  )
}

/**
 * What the photo pre-check found, in plain words, with the guide's 示范 and 常见错误 for this material beside it
 * (001 §5.1.2: the photo requirements are stated where the photo is taken), and the two ways on: 重新拍 or
 * 「仍然上传」 — the person decides, the photo is theirs to send.
 */
function PhotoReview({ task: t, material: m, draft, onRetake }: { task: UploadTask; material: Material; draft: LocalDraft; onRetake: () => void }) {
  const queue = useUploadQueue.getState()
  const materialName = (id: string): string | undefined => draft.item?.guide.materials.find((x) => x.id === id)?.name
  return (
    <View className='apply-review' aria-label={`${t.file.name}的照片检查结果`}>
      <View className='apply-file'>
        <Thumb src={t.preview ?? (t.file.path || null)} pdf={false} name={t.file.name} />
        <Text className='apply-file__name'>{t.file.name}</Text>
      </View>
      <Notice tone='warning' title='这张照片可能不合格：'>
        {t.warnings.map((w) => (
          <Text key={w.issue} className='apply-review__issue'>
            {photoIssueText(w, materialName)}
          </Text>
        ))}
      </Notice>
      {m.sample ? <Text className='apply-review__line'>{`示范：${m.sample}`}</Text> : null}
      {m.commonErrors.length > 0 ? (
        <View className='apply-review__errors'>
          <Text className='apply-review__line'>常见错误：</Text>
          <Bullets items={m.commonErrors} />
        </View>
      ) : null}
      <View className='apply-review__actions'>
        <Button size='small' onClick={onRetake}>
          重新拍
        </Button>
        <Button size='small' variant='secondary' onClick={() => queue.sendAnyway(t.localId)}>
          仍然上传
        </Button>
      </View>
    </View>
  )
}
