import { Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useActingFor } from '@/shared/acting'
import { ActingForBar } from '@/shared/acting/ActingForBar'
import { useQuery, type QueryState } from '@/shared/hooks/useQuery'
import type { Route } from '@/shared/nav'
import { useSession } from '@/shared/session'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import './record.scss'

/**
 * Every 医保档案 page: signed in and real-named first (001 §3.1.2; the record is personal), then the person acted for
 * at the top ("the person acted for is always visible"), then the page.
 */
export function RecordFrame({ route, children }: { route: Route; children: ReactNode }) {
  const auth = useSignedIn(route)
  const session = useSession()
  return (
    <SignedInScreen auth={auth} className='record'>
      <ActingForBar scope='record' selfName={session.user?.realName?.name} />
      {children}
    </SignedInScreen>
  )
}

/** A record section of the person acted for; asked again when the person changes. */
export function useRecordQuery<T>(name: string, fetcher: (insuredId: string) => Promise<T>): QueryState<T> & { insuredId: string } {
  const acting = useActingFor('record')
  const q = useQuery(`record:${name}:${acting.id}`, () => fetcher(acting.id))
  return { ...q, insuredId: acting.id }
}

/** The embedded adapter's data are generated: say so on every page that shows them. */
export function DemoNote({ demo }: { demo: boolean }) {
  return demo ? <Text className='record-demo'>演示数据：由演示环境生成，不是真实的参保记录</Text> : null
}
