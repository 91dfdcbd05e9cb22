export default definePageConfig({ navigationBarTitleText: '办事须知' })
