export default definePageConfig({ navigationBarTitleText: '查询服务' })
