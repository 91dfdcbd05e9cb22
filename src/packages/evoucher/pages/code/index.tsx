import { useDidHide, useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { EVoucherScreen } from '@/features/evoucher/EVoucherScreen'

/** The page's shown/hidden state drives brightness, the countdown and a fresh code when shown again. */
export default function EVoucherPage() {
  const [active, setActive] = useState(true)
  useDidShow(() => setActive(true))
  useDidHide(() => setActive(false))
  return <EVoucherScreen active={active} />
}
