import { Text } from '@tarojs/components'
import type { HandlingMode } from '@contract'
import { handlingModeLabel } from '../format'

export type TagTone = 'smart' | 'manual' | 'query' | 'info' | 'success' | 'warning' | 'neutral'

export function Tag({ children, tone = 'neutral' }: { children: string; tone?: TagTone }) {
  return <Text className={`yb-tag yb-tag--${tone}`}>{children}</Text>
}

/** 办理方式 (001 §4.1.1): 智能办理 / 人工核办 / 查询服务. */
export function ModeTag({ mode }: { mode: HandlingMode }) {
  return <Tag tone={mode}>{handlingModeLabel(mode)}</Tag>
}
