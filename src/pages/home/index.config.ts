export default definePageConfig({ navigationBarTitleText: '医保掌上办' })
