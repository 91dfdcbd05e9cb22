// babel-preset-taro builds the app for weapp/alipay/h5 (https://docs.taro.zone/docs/next/babel-config).
// Under jest (NODE_ENV=test) the same sources are compiled for Node with the standard presets.
module.exports = (api) => {
  const isTest = api.env('test')
  if (isTest) {
    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        ['@babel/preset-typescript', { isTSX: true, allExtensions: true, onlyRemoveTypeImports: true }],
        ['@babel/preset-react', { runtime: 'automatic' }]
      ]
    }
  }
  return {
    presets: [
      [
        'taro',
        {
          framework: 'react',
          ts: true,
          compiler: 'webpack5',
          // no polyfills on any platform: H5 targets (package.json browserslist `h5`, chosen by config/index.ts) have
          // what the code uses (Object.fromEntries, Array#flat/flatMap: Chrome 73, iOS 12.2), as the mini-programs'
          // engines do; core-js's pure polyfills were a third of the first page's JavaScript
          useBuiltIns: false
        }
      ]
    ]
  }
}
