import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import type { ApplicationDetail, Material } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { keepsKey, withRetryKey } from '@/shared/api/idempotency'
import { UPLOAD_CANCELED } from '@/shared/api/upload'
import { acceptText, pickFiles, pickSources, prepareForUpload, type MediaKind, type PickedFile, type PickSource } from '@/shared/media'
import { Button, Notice, Section } from '@/shared/ui'
import { inform } from '@/shared/ui/inform'
import { fetchCaseGuide, resubmit, uploadSupplement } from './api'
import { supplementDeadlineText, supplementNoteText, supplementRequests } from './format'
import { clearResubmitKey, resubmitKey } from './resubmitKey'
import { createCanceler, type Canceler } from '@/shared/api/cancel'

/**
 * 补正 (001 §5.2.3.5: staff say which materials to supplement and by when): the materials asked for, the staff note
 * and the deadline; per material pick → compress on the device → upload with a progress bar (cancel, retry); then
 * 重新提交 back into the same case with an Idempotency-Key kept until it succeeds.
 */
interface Task {
  localId: string
  materialId: string
  file: PickedFile
  prepared: boolean
  state: 'preparing' | 'uploading' | 'failed'
  progress: number
  error?: string
}

let seq = 0

type Supplement = NonNullable<ApplicationDetail['supplement']>

/** Uploads for the supplement: those made since staff asked. */
export function supplementUploads(app: ApplicationDetail, s: Supplement, materialId: string) {
  return app.uploads.filter((u) => u.materialId === materialId && u.uploadedAt >= s.requestedAt)
}

export function SupplementBlock({ app, onChange }: { app: ApplicationDetail; onChange: (a: ApplicationDetail) => void }) {
  const s = app.supplement!
  const [materials, setMaterials] = useState<Record<string, Material>>({})
  const [tasks, setTasks] = useState<Record<string, Task>>({})
  const [submitting, setSubmitting] = useState(false)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [pickError, setPickError] = useState<Record<string, string>>({})
  const controllers = useRef(new Map<string, Canceler>())
  const appRef = useRef(app)
  appRef.current = app

  // what each material accepts and how many files (the guide the case was filed under); without it photos are offered
  useEffect(() => {
    let alive = true
    fetchCaseGuide(app.id).then(
      ({ item }) => alive && setMaterials(Object.fromEntries(item.guide.materials.map((m) => [m.id, m]))),
      () => undefined
    )
    return () => {
      alive = false
    }
  }, [app.id])
  useEffect(() => {
    const ctrls = controllers.current
    return () => ctrls.forEach((c) => c.abort())
  }, [])

  const patch = (localId: string, p: Partial<Task>) => setTasks((t) => (t[localId] ? { ...t, [localId]: { ...t[localId], ...p } } : t))
  const drop = (localId: string) =>
    setTasks((t) => {
      const next = { ...t }
      delete next[localId]
      return next
    })

  const run = async (task: Task): Promise<void> => {
    const ctrl = createCanceler()
    controllers.current.set(task.localId, ctrl)
    let file = task.file
    try {
      if (!task.prepared) {
        patch(task.localId, { state: 'preparing', progress: 0, error: undefined })
        file = await prepareForUpload(task.file)
        if (ctrl.signal.aborted) return
        patch(task.localId, { file, prepared: true })
      }
      patch(task.localId, { state: 'uploading', progress: 0, error: undefined })
      // one key per file until it is answered: 重试 after a lost answer does not add the file twice
      const caseId = appRef.current.id
      const updated = await withRetryKey(`supplement:${caseId}:${task.localId}`, (idempotencyKey) =>
        uploadSupplement(caseId, task.materialId, file, {
          signal: ctrl.signal,
          idempotencyKey,
          onProgress: (f) => {
            if (!ctrl.signal.aborted) patch(task.localId, { progress: f })
          }
        })
      )
      drop(task.localId)
      onChange(updated)
    } catch (e) {
      const err = toAppError(e)
      if (err.code === UPLOAD_CANCELED || ctrl.signal.aborted) {
        drop(task.localId)
        return
      }
      // the BFF's own message (too large, wrong type, unreadable…) is shown as it is
      patch(task.localId, { state: 'failed', error: err.message, file, prepared: file !== task.file || task.prepared })
    } finally {
      if (controllers.current.get(task.localId) === ctrl) controllers.current.delete(task.localId)
    }
  }

  const accept = (materialId: string): MediaKind[] => materials[materialId]?.accept ?? ['image']

  const pick = (materialId: string, source: PickSource) => {
    const max = materials[materialId]?.maxFiles ?? 5
    const used = supplementUploads(app, s, materialId).length + Object.values(tasks).filter((t) => t.materialId === materialId).length
    const count = Math.max(1, max - used)
    setPickError((e) => ({ ...e, [materialId]: '' }))
    // called inside the tap: the H5 file input must open from the user's gesture
    pickFiles({ source, accept: accept(materialId), count }).then(
      (files) => {
        for (const file of files.slice(0, count)) {
          seq += 1
          const task: Task = { localId: `s${seq}`, materialId, file, prepared: false, state: 'preparing', progress: 0 }
          setTasks((t) => ({ ...t, [task.localId]: task }))
          void run(task)
        }
      },
      (e: unknown) => setPickError((x) => ({ ...x, [materialId]: toAppError(e).message }))
    )
  }

  const cancel = (localId: string) => {
    controllers.current.get(localId)?.abort()
    drop(localId)
  }

  const missing = s.materialIds.filter((m) => supplementUploads(app, s, m).length === 0)
  const busy = Object.values(tasks).some((t) => t.state !== 'failed')
  const deadline = supplementDeadlineText(s)

  const submit = async () => {
    setSubmitting(true)
    setSubmitError(null)
    // the same key until it is answered: a retry after a lost answer cannot resubmit twice
    const key = resubmitKey(app.id)
    try {
      const updated = await resubmit(app.id, key)
      clearResubmitKey(app.id)
      onChange(updated)
      inform('已重新提交', 'success')
    } catch (e) {
      const err = toAppError(e)
      if (!keepsKey(err)) clearResubmitKey(app.id)
      setSubmitError(err.message)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <Section title='补正材料' id='supplement'>
      <Notice tone={deadline.late ? 'danger' : 'warning'} title={deadline.text}>
        <Text className='progress-supplement__note'>{supplementNoteText(s)}</Text>
      </Notice>
      {supplementRequests(s).map(({ materialId: mid, name: asked, citation }, i) => {
        const name = asked ?? materials[mid]?.name ?? mid
        const done = supplementUploads(app, s, mid)
        const mine = Object.values(tasks).filter((t) => t.materialId === mid)
        return (
          <View key={mid} className='progress-material' aria-label={name}>
            <View className='progress-material__head'>
              <Text className='progress-material__name'>
                {i + 1}. {name}
              </Text>
              <Text className={`progress-material__state${done.length ? ' progress-material__state--done' : ''}`}>
                {done.length ? `已上传 ${done.length} 个文件` : '待上传'}
              </Text>
            </View>
            {/* 一次性告知 against the guide: the material's number in the guide the case was filed under */}
            {citation ? <Text className='progress-material__basis'>{citation}</Text> : null}
            <Text className='progress-material__req'>
              {materials[mid]?.uploadRule ?? `可上传${acceptText(accept(mid))}`}
            </Text>
            {done.map((u) => (
              <Text key={u.id} className='progress-material__file'>
                ✓ {u.fileName}
              </Text>
            ))}
            {mine.map((t) => (
              <View key={t.localId} className='progress-upload'>
                <Text className='progress-upload__name'>{t.file.name}</Text>
                {t.state === 'failed' ? (
                  <View className='progress-upload__row'>
                    <Text className='progress-upload__error'>{t.error}</Text>
                    <Button size='small' variant='text' onClick={() => void run(t)}>
                      重试
                    </Button>
                    <Button size='small' variant='text' onClick={() => drop(t.localId)}>
                      移除
                    </Button>
                  </View>
                ) : (
                  <View className='progress-upload__row'>
                    <View className='progress-upload__bar' aria-label={`上传进度 ${Math.round(t.progress * 100)}%`}>
                      <View className='progress-upload__fill' style={{ width: `${Math.round(t.progress * 100)}%` }} />
                    </View>
                    <Text className='progress-upload__pct'>{t.state === 'preparing' ? '正在压缩…' : `正在上传 ${Math.round(t.progress * 100)}%`}</Text>
                    <Button size='small' variant='text' onClick={() => cancel(t.localId)}>
                      取消
                    </Button>
                  </View>
                )}
              </View>
            ))}
            {pickError[mid] ? <Text className='progress-upload__error'>{pickError[mid]}</Text> : null}
            <View className='progress-material__actions'>
              {pickSources(accept(mid)).map((src) => (
                <Button key={src.source} size='small' variant='secondary' onClick={() => pick(mid, src.source)}>
                  {src.label}
                </Button>
              ))}
            </View>
          </View>
        )
      })}
      {missing.length > 0 ? (
        <Text className='progress-supplement__hint'>请先上传：{missing.map((m) => s.materials[s.materialIds.indexOf(m)] ?? m).join('、')}</Text>
      ) : null}
      {submitError ? (
        <Notice tone='danger' title='提交没有成功'>
          <Text>{submitError}</Text>
        </Notice>
      ) : null}
      <Button block disabled={missing.length > 0 || busy || submitting} onClick={() => void submit()}>
        {submitting ? '正在提交…' : submitError ? '重新提交（重试）' : '重新提交'}
      </Button>
    </Section>
  )
}
