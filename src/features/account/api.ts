import {
  LoginRequestSchema,
  MeResponseSchema,
  PlatformLoginResponseSchema,
  SessionResponseSchema,
  SmsCodeResponseSchema,
  type LoginRequest,
  type MeResponse,
  type Platform,
  type PlatformLoginResponse,
  type RealnameRequest,
  type SessionResponse,
  type SmsCodeResponse
} from '@contract'
import { apiPost } from '@/shared/api/client'
import { sessionTransport } from '@/shared/session'

/** Sign-in and real-name calls (contract/auth.ts). */
export const sendSmsCode = (phone: string): Promise<SmsCodeResponse> => apiPost('/api/v1/auth/sms-code', SmsCodeResponseSchema, { phone })

/** H5 asks for the refresh token in the HttpOnly cookie (shared/session sessionTransport). */
export const login = (req: LoginRequest): Promise<SessionResponse> =>
  apiPost('/api/v1/auth/login', SessionResponseSchema, LoginRequestSchema.parse({ ...req, refreshIn: sessionTransport() }))

export const platformLogin = (platform: Platform, code: string): Promise<PlatformLoginResponse> =>
  apiPost('/api/v1/auth/platform-login', PlatformLoginResponseSchema, { platform, code, refreshIn: sessionTransport() })

export const submitRealname = (req: RealnameRequest): Promise<MeResponse> => apiPost('/api/v1/auth/realname', MeResponseSchema, req)
