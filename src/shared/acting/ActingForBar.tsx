import { Text, View } from '@tarojs/components'
import { role } from '../ui/a11y'
import { useEffect } from 'react'
import type { GrantScope } from '@contract'
import { useSession } from '../session'
import { peopleFor, useActingFor, useActingStore } from './index'
import './acting.scss'

/**
 * The person acted for, always visible at the top of e-voucher, apply, my cases and record pages, with a switch
 * among oneself and the family members who granted this scope. Shows nothing to switch when there is
 * nobody else, but still says 本人.
 */
export function ActingForBar({ scope, selfName, onChange }: { scope: GrantScope; selfName?: string; onChange?: (id: string) => void }) {
  const { members, load, choose } = useActingStore()
  const { realNamed } = useSession()
  const current = useActingFor(scope)
  // fresh on every page: a member may have accepted or revoked since
  useEffect(() => {
    if (realNamed) load().catch(() => undefined)
  }, [realNamed, load])
  // before sign-in there is nobody else to act for; the sign-in gate says the rest
  if (!realNamed) return null
  const people = peopleFor(members, scope)
  const who = current.id === 'self' ? `本人${selfName ? `（${selfName}）` : ''}` : `${current.label} ${current.name}`
  return (
    <View className={`yb-acting ${current.id === 'self' ? '' : 'yb-acting--proxy'}`} role='region' aria-label='办理对象'>
      <Text className='yb-acting__who' aria-live='polite'>
        正在为：{who}
      </Text>
      {people.length > 1 && (
        <View className='yb-acting__choices' role='radiogroup' aria-label='切换办理对象'>
          {people.map((p) => (
            <View
              key={p.id}
              {...role('radio')}
              aria-checked={p.id === current.id}
              className={`yb-acting__choice ${p.id === current.id ? 'yb-acting__choice--on' : ''}`}
              onClick={() => {
                choose(p.id)
                onChange?.(p.id)
              }}
            >
              <Text>{p.id === 'self' ? '本人' : `${p.label} ${p.name}`}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
