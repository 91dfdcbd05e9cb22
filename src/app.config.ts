/**
 * Pages and packages. WeChat limits the main package and each subpackage to 2 MB: the main package holds only
 * the first screens (home, search); region picking and the catalog (departments, items, guides) are subpackages,
 * preloaded from home so the first tap is instant. `npm run size:weapp` checks the sizes of a build.
 * Colours repeat src/shared/theme/tokens.ts (this file is read at build time, outside the app bundle).
 */
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/search/index'],
  subPackages: [
    {
      root: 'packages/catalog',
      name: 'catalog',
      pages: ['pages/departments/index', 'pages/items/index', 'pages/guide/index']
    },
    {
      root: 'packages/region',
      name: 'region',
      pages: ['pages/picker/index']
    },
    {
      root: 'packages/apply',
      name: 'apply',
      pages: ['pages/notice/index', 'pages/form/index', 'pages/materials/index', 'pages/confirm/index', 'pages/done/index', 'pages/query/index']
    },
    {
      root: 'packages/progress',
      name: 'progress',
      pages: ['pages/list/index', 'pages/detail/index', 'pages/messages/index', 'pages/reminders/index']
    },
    {
      root: 'packages/family',
      name: 'family',
      pages: ['pages/index/index', 'pages/add/index', 'pages/log/index']
    },
    {
      // 医保电子凭证: its own small package (the QR encoder lives here), opened most often
      root: 'packages/evoucher',
      name: 'evoucher',
      pages: ['pages/code/index']
    },
    {
      root: 'packages/record',
      name: 'record',
      pages: ['pages/index/index', 'pages/enrollment/index', 'pages/contributions/index', 'pages/account/index', 'pages/visits/index', 'pages/visit/index', 'pages/family-sharing/index']
    },
    {
      root: 'packages/evaluation',
      name: 'evaluation',
      pages: ['pages/rate/index', 'pages/complaints/index', 'pages/complaint/index', 'pages/complaint-new/index', 'pages/metrics/index']
    },
    {
      // 设置: the 长辈版 switch
      root: 'packages/settings',
      name: 'settings',
      pages: ['pages/index/index']
    },
    {
      root: 'packages/account',
      name: 'account',
      pages: ['pages/login/index', 'pages/realname/index', 'pages/agreement/index', 'pages/privacy/index']
    }
  ],
  preloadRule: {
    // evoucher: the 医保码 is what citizens open most; preloaded so it shows at once
    'pages/home/index': { network: 'all', packages: ['catalog', 'region', 'evoucher'] },
    'pages/search/index': { network: 'all', packages: ['catalog'] },
    // the guide leads to 办事须知, which may lead to sign-in
    'packages/catalog/pages/guide/index': { network: 'all', packages: ['apply', 'account'] }
  },
  window: {
    navigationBarBackgroundColor: '#0b57d0',
    navigationBarTextStyle: 'white',
    navigationBarTitleText: '医保掌上办',
    backgroundColor: '#f4f6f9',
    backgroundTextStyle: 'dark'
  }
})
