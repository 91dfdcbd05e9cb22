import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { ErrorCode, SmsCodeSchema, type SessionResponse } from '@contract'
import { isAppError } from '@/shared/api/errors'
import { ROUTES, buildUrl, navigate } from '@/shared/nav'
import { setSession } from '@/shared/session'
import { Button, FieldError, Notice, Screen } from '@/shared/ui'
import { MobileField, mobileProblem, normalMobile } from '@/shared/ui/MobileField'
import { role } from '@/shared/ui/a11y'
import { login, platformLogin, sendSmsCode } from './api'
import './account.scss'

type Platform = 'weapp' | 'alipay'
const platform: Platform | null = process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay' ? process.env.TARO_ENV : null

interface Errors {
  phone?: string
  code?: string
  consent?: string
  form?: string
}

/** After sign-in: 实名认证 first when the account has none (applying needs it, 001 §3.1.2), else back where they were. */
export function finishSignIn(s: SessionResponse, redirect: string | undefined): void {
  const url = s.user.realName ? redirect || ROUTES.home : buildUrl(ROUTES.realname, { redirect: redirect || ROUTES.home })
  Taro.redirectTo({ url }).catch(() => {
    Taro.reLaunch({ url }).catch(() => undefined)
  })
}

/**
 * 登录 (001 §3.1.2): phone + SMS code on H5; in the mini-programs the platform's login code first (Taro.login), and
 * the same phone + code form to bind the platform account on first use. What was typed is never cleared by an error.
 */
export function LoginScreen({ redirect }: { redirect?: string }) {
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  const [wait, setWait] = useState(0)
  const [sending, setSending] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [bindTicket, setBindTicket] = useState<string | undefined>()
  const [platformBusy, setPlatformBusy] = useState(platform !== null)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  useEffect(() => () => {
    if (timer.current) clearInterval(timer.current)
  }, [])

  // mini-programs: the platform login code, exchanged by the BFF; a bound account is signed in at once
  useEffect(() => {
    if (!platform) return
    let alive = true
    Taro.login()
      .then((r) => platformLogin(platform, r.code))
      .then((res) => {
        if (!alive) return
        if (res.status === 'signedIn') {
          setSession(res.session)
          finishSignIn(res.session, redirect)
        } else {
          setBindTicket(res.bindTicket)
        }
      })
      .catch(() => undefined)
      .finally(() => {
        if (alive) setPlatformBusy(false)
      })
    return () => {
      alive = false
    }
  }, [redirect])

  const countdown = (seconds: number): void => {
    if (timer.current) clearInterval(timer.current)
    setWait(seconds)
    timer.current = setInterval(() => {
      setWait((w) => {
        if (w <= 1 && timer.current) {
          clearInterval(timer.current)
          timer.current = null
        }
        return Math.max(0, w - 1)
      })
    }, 1000)
  }

  const checkPhone = (): boolean => {
    const problem = mobileProblem(phone)
    setErrors((e) => ({ ...e, phone: problem }))
    return !problem
  }

  const getCode = async (): Promise<void> => {
    if (wait > 0 || sending || !checkPhone()) return
    setSending(true)
    setErrors((e) => ({ ...e, code: undefined, form: undefined }))
    try {
      const r = await sendSmsCode(normalMobile(phone))
      countdown(r.resendAfter)
    } catch (err) {
      const msg = isAppError(err) ? err.message : '验证码发送失败，请稍后重试'
      setErrors((e) => ({ ...e, [isAppError(err) && err.code === ErrorCode.VALIDATION ? 'phone' : 'form']: msg }))
    } finally {
      setSending(false)
    }
  }

  const submit = async (): Promise<void> => {
    if (submitting) return
    const next: Errors = {}
    const p = mobileProblem(phone)
    if (p) next.phone = p
    const c = SmsCodeSchema.safeParse(code)
    if (!c.success) next.code = c.error.issues[0]?.message
    if (!consent) next.consent = '请先阅读并同意用户服务协议和隐私政策'
    setErrors(next)
    if (Object.keys(next).length) return
    setSubmitting(true)
    try {
      const s = await login({ phone: normalMobile(phone), code: code.trim(), ...(bindTicket ? { bindTicket } : {}) })
      setSession(s)
      finishSignIn(s, redirect)
    } catch (err) {
      const msg = isAppError(err) ? err.message : '登录失败，请稍后重试'
      const onCode = isAppError(err) && String(err.code).startsWith('SMS_')
      setErrors(onCode ? { code: msg } : { form: msg })
      if (isAppError(err) && err.code === ErrorCode.BIND_TICKET_INVALID) setBindTicket(undefined)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <Screen
      footer={
        <Button block disabled={submitting || platformBusy} onClick={() => void submit()}>
          {submitting ? '正在登录…' : '登录'}
        </Button>
      }
    >
      <View className='account'>
        <Text className='account-intro'>
          {bindTicket ? '首次使用，请绑定手机号码。绑定后下次打开即可直接登录。' : '使用手机号码和短信验证码登录，未注册的手机号将自动注册。'}
        </Text>
        {errors.form ? (
          <Notice tone='danger' title='登录没有成功'>
            <Text {...role('alert')}>{errors.form}</Text>
          </Notice>
        ) : null}
        <MobileField
          label='手机号码'
          name='手机号码'
          placeholder='请输入 11 位手机号码'
          value={phone}
          error={errors.phone}
          classes={{ field: 'account-field', label: 'account-field__label', input: 'account-input', invalid: 'account-input--invalid', error: 'account-field__error' }}
          onChange={setPhone}
          onError={(phone) => setErrors((e) => ({ ...e, phone }))}
        />
        <View className='account-field'>
          <Text className='account-field__label'>验证码</Text>
          <View className='account-field__row'>
            <Input
              className={`account-input${errors.code ? ' account-input--invalid' : ''}`}
              type='number'
              maxlength={6}
              value={code}
              placeholder='6 位数字'
              aria-label='验证码'
              aria-invalid={errors.code ? 'true' : undefined}
              onInput={(e) => {
                const v = e.detail.value.replace(/\D/g, '')
                setCode(v)
                if (errors.code && SmsCodeSchema.safeParse(v).success) setErrors((x) => ({ ...x, code: undefined }))
              }}
            />
            <Button variant='secondary' disabled={wait > 0 || sending} onClick={() => void getCode()}>
              {wait > 0 ? `${wait} 秒后重发` : sending ? '正在发送…' : '获取验证码'}
            </Button>
          </View>
          <FieldError className='account-field__error' message={errors.code} />
        </View>
        <View className='account-consent'>
          <View
            className='account-consent__check'
            {...role('checkbox')}
            aria-checked={consent}
            aria-label='我已阅读并同意用户服务协议和隐私政策'
            onClick={() => {
              setConsent(!consent)
              setErrors((e) => ({ ...e, consent: undefined }))
            }}
          >
            {/* a drawn box, not Taro's <Checkbox>: its native input inside this role=checkbox would be a second, nested control (axe nested-interactive) */}
            <Text className={`account-consent__box${consent ? ' account-consent__box--on' : ''}`} aria-hidden='true'>
              {consent ? '✓' : ''}
            </Text>
            <Text>我已阅读并同意</Text>
          </View>
          {/* the documents open as pages of their own (a tap on them must not tick the box) */}
          <Text className='account-consent__link' {...role('link')} onClick={() => navigate(ROUTES.agreement)}>
            《用户服务协议》
          </Text>
          <Text className='account-consent__and'>和</Text>
          <Text className='account-consent__link' {...role('link')} onClick={() => navigate(ROUTES.privacy)}>
            《隐私政策》
          </Text>
        </View>
        <FieldError className='account-field__error' message={errors.consent} />
        <Text className='account-terms'>
          手机号码用于登录和接收办件进度短信；实名信息仅用于核验身份和办理您申请的事项，不会用于其他用途。
        </Text>
      </View>
    </Screen>
  )
}
