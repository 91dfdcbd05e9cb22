import { Image, View } from '@tarojs/components'
import { useMemo } from 'react'
import type { MediaPlatform } from '@/shared/media'
import { role } from '@/shared/ui/a11y'
import { qrRuns, qrSvg, svgDataUrl } from './qr'

/** px per module when drawn with Views: whole pixels, so no seams between runs */
const MODULE_PX = 8

/**
 * The QR code of an e-voucher code. H5 and WeChat: an SVG data URL in <Image> (the WeChat image component takes SVG).
 * Alipay: rows of Views (its image component documents SVG files but not SVG data URLs).
 */
export function QrCode({ code, platform, label }: { code: string; platform: MediaPlatform; label: string }) {
  const src = useMemo(() => (platform === 'alipay' ? '' : svgDataUrl(qrSvg(code))), [code, platform])
  const rows = useMemo(() => (platform === 'alipay' ? qrRuns(code) : []), [code, platform])
  if (platform !== 'alipay') {
    // the alt goes on the <img> inside Taro's image component (H5: imgProps for the HTML one, nativeProps for the Stencil
    // one), which axe and screen readers read; the wrapper is the image with its name (role img)
    return <Image className='evoucher-qr__img' src={src} mode='aspectFit' {...role('img')} aria-label={label} nativeProps={{ alt: label }} imgProps={{ alt: label }} />
  }
  return (
    <View className='evoucher-qr__grid' aria-label={label} style={{ width: `${rows.length * MODULE_PX}px` }}>
      {rows.map((runs, r) => (
        <View key={r} className='evoucher-qr__row' style={{ height: `${MODULE_PX}px` }}>
          {runs.map((run, i) => (
            <View key={i} style={{ width: `${run.length * MODULE_PX}px`, height: `${MODULE_PX}px`, background: run.dark ? '#000' : '#fff' }} />
          ))}
        </View>
      ))}
    </View>
  )
}
