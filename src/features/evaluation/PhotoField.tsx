import { Image, Progress, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { toAppError } from '@/shared/api/errors'
import { makeThumbnail, pickFiles, pickSources, prepareForUpload, type PickedFile, type PickSource } from '@/shared/media'
import { Button } from '@/shared/ui'
import { ErrorLine } from './parts'

/** A photo chosen for a rating: compressed on the device (src/shared/media), uploaded after the rating. */
export interface ChosenPhoto {
  file: PickedFile
  preview: string | null
}

/** Picks one photo from the camera or the album and compresses it; resolves null when the picker was cancelled. */
export async function choosePhoto(source: PickSource): Promise<ChosenPhoto | null> {
  const [picked] = await pickFiles({ source, accept: ['image'], count: 1 })
  if (!picked) return null
  const file = await prepareForUpload(picked)
  const preview = await makeThumbnail(file).catch(() => null)
  return { file, preview }
}

/**
 * 上传照片 (选填, one): 拍照 / 从相册选择, the chosen photo with 移除, the upload's progress and its error. The
 * photo goes up only after the rating is saved (POST …/evaluation/photo needs the rating).
 */
export function PhotoField({
  photo,
  onChange,
  progress,
  error,
  disabled = false,
  title = '上传照片（选填，1 张）'
}: {
  photo: ChosenPhoto | null
  onChange: (p: ChosenPhoto | null) => void
  /** 0…1 while uploading */
  progress?: number | null
  error?: string | null
  disabled?: boolean
  title?: string
}) {
  const [pickError, setPickError] = useState<string | null>(null)
  const [preparing, setPreparing] = useState(false)

  const pick = async (source: PickSource) => {
    setPickError(null)
    setPreparing(true)
    try {
      const chosen = await choosePhoto(source)
      if (chosen) onChange(chosen)
    } catch (e) {
      setPickError(toAppError(e).message)
    } finally {
      setPreparing(false)
    }
  }

  const uploading = typeof progress === 'number'
  return (
    <View className='eval-group'>
      <View className='eval-group__head'>
        <Text className='eval-group__label'>{title}</Text>
      </View>
      {photo ? (
        <View className='eval-photo' aria-label={`已选照片 ${photo.file.name}`}>
          {photo.preview ? (
            <Image className='eval-photo__thumb' src={photo.preview} mode='aspectFill' aria-label={photo.file.name} nativeProps={{ alt: photo.file.name }} />
          ) : (
            <Text className='eval-photo__thumb eval-photo__thumb--icon'>图片</Text>
          )}
          <View className='eval-photo__body'>
            <Text className='eval-photo__name'>{photo.file.name}</Text>
            {uploading ? (
              <View>
                <Progress percent={Math.round((progress ?? 0) * 100)} strokeWidth={4} activeColor='#0b57d0' aria-label={`照片上传进度 ${Math.round((progress ?? 0) * 100)}%`} />
                <Text className='eval-photo__meta'>{`正在上传 ${Math.round((progress ?? 0) * 100)}%`}</Text>
              </View>
            ) : null}
          </View>
          {uploading || disabled ? null : (
            <Button size='small' variant='text' onClick={() => onChange(null)}>
              移除照片
            </Button>
          )}
        </View>
      ) : (
        <View className='eval-photo__actions'>
          {preparing ? <Text className='eval-photo__meta'>正在处理照片…</Text> : null}
          {pickSources(['image']).map((s) => (
            <Button key={s.source} size='small' variant='secondary' disabled={disabled || preparing} onClick={() => void pick(s.source)}>
              {s.label}
            </Button>
          ))}
        </View>
      )}
      <Text className='eval-hint'>可拍摄现场情况或相关凭证，照片会在手机上压缩后上传，仅经办机构可见。</Text>
      {pickError ? <ErrorLine text={pickError} /> : null}
      {error ? <ErrorLine text={error} /> : null}
    </View>
  )
}
