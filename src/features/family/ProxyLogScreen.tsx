import { Text, View } from '@tarojs/components'
import { shanghaiDateTime } from '@/shared/format'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { AsyncView, EmptyState } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { familyApi } from './api'
import './family.scss'

/** 他人为我办理: every action a family member took for me, newest first; a case opens its page. */
export function ProxyLogScreen() {
  const auth = useSignedIn(ROUTES.proxyLog)
  const log = useQuery(auth.state === 'ready' ? 'proxy-log' : null, familyApi.log)
  return (
    <SignedInScreen auth={auth} className='family'>
      <AsyncView query={log} loadingText='正在加载记录…'>
        {(entries) =>
          entries.length === 0 ? (
            <EmptyState title='还没有他人为您办理过事项' hint='家人经您授权为您办理时，每一次操作都会记录在这里。' />
          ) : (
            <View className='family-log' {...role('list')}>
              {entries.map((e) => (
                <View
                  key={e.id}
                  className='family-log__entry'
                  {...role(e.applicationId ? 'link' : 'listitem')}
                  onClick={e.applicationId ? () => navigate(ROUTES.application, { id: e.applicationId ?? undefined }) : undefined}
                >
                  <Text className='family-log__what'>{`${e.actorName} ${e.label}`}</Text>
                  <Text className='family-log__when'>{shanghaiDateTime(e.at)}</Text>
                </View>
              ))}
            </View>
          )
        }
      </AsyncView>
    </SignedInScreen>
  )
}
