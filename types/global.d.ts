/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'
declare module '*.sass'

declare namespace NodeJS {
  interface ProcessEnv {
    /** the platform being built (Taro replaces it at compile time) */
    TARO_ENV?: 'weapp' | 'alipay' | 'h5' | 'swan' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony'
    /** base URL of the BFF ('' = same origin); see config/index.ts */
    TARO_APP_API_BASE?: string
    /** 'msw' in `npm run dev:h5`: run against the mock handlers in mock/ */
    TARO_APP_MOCK?: string
    TARO_APP_SUBSCRIBE_TEMPLATE_IDS?: string
    TARO_APP_ID?: string
  }
}
