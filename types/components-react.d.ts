// The HTML components of @tarojs/components-react, imported one by one by the web shell's server render
// (src/shell/components-server.ts); the package types only its index.
declare module '@tarojs/components-react/dist/components/*/index.js' {
  import type { ComponentType } from 'react'
  const component: ComponentType<Record<string, unknown>>
  export default component
}
