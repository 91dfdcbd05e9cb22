/**
 * `@tarojs/components` for the server render of the web shell: the same HTML components the H5 build uses
 * (`useHtmlComponents`, @tarojs/components-react), so the shell's markup is the app's. Only the components of the
 * prerendered pages are here: a page that starts using another one fails the H5 build (esbuild: no such export)
 * until it is added.
 */
export { default as View } from '@tarojs/components-react/dist/components/view/index.js'
export { default as Text } from '@tarojs/components-react/dist/components/text/index.js'
export { default as Button } from '@tarojs/components-react/dist/components/button/index.js'
export { default as Input } from '@tarojs/components-react/dist/components/input/index.js'
export { default as Image } from '@tarojs/components-react/dist/components/image/index.js'
