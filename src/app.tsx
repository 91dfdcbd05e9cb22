import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { mockReady } from './shared/api/mock-ready'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // H5 mock mode only (compile-time constant): start the msw worker early; the api client waits for it anyway
    if (process.env.TARO_APP_MOCK === 'msw') void mockReady()
  })
  // children are the pages
  return children
}

export default App
