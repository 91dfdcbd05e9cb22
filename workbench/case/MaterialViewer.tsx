import { useEffect, useState } from 'react'
import type { Upload } from '../../contract/apply'
import type { CaseApi } from './api'
import { photoIssueText } from '../../domain/photo-check'

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3]

/**
 * One uploaded material as staff read it: an image with zoom and rotate, or a PDF opened in the browser's own viewer.
 * The bytes come through the staff file route (region-scoped, each view audited) with the staff token, so they are
 * shown from a blob: URL, never from a link that would carry no token.
 */
export function MaterialViewer({
  api,
  caseId,
  upload,
  name,
  materialName
}: {
  api: CaseApi
  caseId: string
  upload: Upload
  name: string
  /** the name of another material of the case (a duplicate photo names the material it repeats) */
  materialName?: (materialId: string) => string
}) {
  const [url, setUrl] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [zoom, setZoom] = useState(2)
  const [turn, setTurn] = useState(0)

  useEffect(() => {
    let made: string | null = null
    let gone = false
    api
      .material(caseId, upload.id)
      .then((objectUrl) => {
        made = objectUrl
        if (gone) URL.revokeObjectURL(objectUrl)
        else setUrl(objectUrl)
      })
      .catch(() => !gone && setError('材料文件暂时无法打开，请稍后重试'))
    return () => {
      gone = true
      if (made) URL.revokeObjectURL(made)
    }
  }, [api, caseId, upload.id])

  const title = `${name}（${upload.fileName}）`
  const warnings = <PhotoWarnings upload={upload} materialName={materialName} />
  if (error)
    return (
      <>
        <p role='alert' className='error'>{title}：{error}</p>
        {warnings}
      </>
    )
  if (!url)
    return (
      <>
        <p>{title}：正在加载…</p>
        {warnings}
      </>
    )
  if (upload.mime === 'application/pdf') {
    return (
      <figure className='material'>
        <figcaption>{title}</figcaption>
        <a href={url} target='_blank' rel='noreferrer'>
          在新窗口中打开 PDF
        </a>{' '}
        <a href={url} download={upload.fileName}>
          下载 PDF
        </a>
      </figure>
    )
  }
  const scale = ZOOMS[zoom]
  return (
    <figure className='material'>
      <figcaption>{title}</figcaption>
      {warnings}
      <div role='toolbar' aria-label={`${name}的查看工具`}>
        <button type='button' onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0}>
          缩小
        </button>
        <button type='button' onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom === ZOOMS.length - 1}>
          放大
        </button>
        <button type='button' onClick={() => setTurn((t) => (t + 90) % 360)}>
          向右旋转
        </button>
        <button type='button' onClick={() => setTurn((t) => (t + 270) % 360)}>
          向左旋转
        </button>
        <button
          type='button'
          onClick={() => {
            setZoom(2)
            setTurn(0)
          }}
        >
          还原
        </button>
        <span aria-live='polite'>
          {' '}
          {Math.round(scale * 100)}%，旋转 {turn}°
        </span>
      </div>
      <div className='viewport' tabIndex={0} aria-label={`${name}图片，可滚动查看`}>
        <img src={url} alt={title} style={{ width: `${scale * 50}%`, transform: `rotate(${turn}deg)` }} />
      </div>
    </figure>
  )
}

/**
 * What the photo pre-check found in the stored photo (domain/photo-check, run by the BFF on every upload): shown
 * beside the material so the clerk looks closely before accepting it or asking for 补正 — the citizen may have sent
 * it anyway (「仍然上传」).
 */
function PhotoWarnings({ upload, materialName }: { upload: Upload; materialName?: (materialId: string) => string }) {
  const list = upload.photoWarnings ?? []
  if (list.length === 0) return null
  return (
    <div className='material__warning' role='note' aria-label={`${upload.fileName}的照片预检提示`}>
      <strong>照片预检提示：</strong>
      {list.map((w) => photoIssueText(w, materialName)).join('；')}
    </div>
  )
}
