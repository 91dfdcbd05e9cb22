export default definePageConfig({ navigationBarTitleText: '医保档案' })
