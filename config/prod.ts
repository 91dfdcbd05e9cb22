import type { UserConfigExport } from '@tarojs/cli'

/** Release builds (npm run build:*): minified; no source maps shipped inside the mini-program packages. */
export default {
  mini: {
    enableSourceMap: false
  },
  h5: {
    enableSourceMap: false
  }
} satisfies UserConfigExport<'webpack5'>
