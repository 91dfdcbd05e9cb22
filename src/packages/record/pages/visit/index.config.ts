export default definePageConfig({ navigationBarTitleText: '结算清单' })
