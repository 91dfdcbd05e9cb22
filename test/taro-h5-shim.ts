/**
 * `@tarojs/taro` under jest. The H5 build rewrites `Taro.xxx` into named imports from `@tarojs/taro-h5`
 * (babel-plugin-transform-taroapi); here the default export gets every API so `Taro.getStorageSync` etc. work.
 */
import * as h5 from '@tarojs/taro-h5'

const { default: base, ...named } = h5 as unknown as { default: Record<string, unknown> } & Record<string, unknown>
const Taro = { ...base, ...named }

export * from '@tarojs/taro-h5'
export default Taro
