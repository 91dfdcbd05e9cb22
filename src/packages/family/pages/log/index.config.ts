export default definePageConfig({ navigationBarTitleText: '他人为我办理' })
