import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { syncDraftsAtLaunch } from './features/apply/launch'
import { mockReady } from './shared/api/mock-ready'
// registers the signed-in account's token with the api client (and refresh-on-expiry) before any page asks
import './shared/session'
import './app.scss'

// the browser's document and Taro H5's built-ins (app.h5.scss): a constant condition, so mini-program builds leave it out
if (process.env.TARO_ENV === 'h5') require('./app.h5.scss')

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // H5 mock mode only (compile-time constant): start the msw worker early; the api client waits for it anyway
    if (process.env.TARO_APP_MOCK === 'msw') void mockReady()
    // drafts saved while offline go to the BFF as soon as the app starts, not only when an apply screen opens
    syncDraftsAtLaunch()
  })
  // children are the pages
  return children
}

export default App
