export default definePageConfig({ navigationBarTitleText: '亲情账户', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
