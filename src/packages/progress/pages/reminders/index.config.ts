export default definePageConfig({ navigationBarTitleText: '提醒办', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
