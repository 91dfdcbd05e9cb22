export default definePageConfig({ navigationBarTitleText: '就诊明细' })
