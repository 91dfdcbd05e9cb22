import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { IdNumberSchema, PersonNameSchema } from '@contract'
import { isAppError } from '@/shared/api/errors'
import { ROUTES } from '@/shared/nav'
import { useSessionStore } from '@/shared/session'
import { Button, Notice, Screen } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { submitRealname } from './api'
import './account.scss'

interface Errors {
  name?: string
  idNumber?: string
  form?: string
}

function firstMessage(r: { success: boolean; error?: { issues: Array<{ message: string }> } }): string | undefined {
  return r.success ? undefined : r.error?.issues[0]?.message
}

/**
 * 实名认证 (001 §3.1.2): name + 身份证号 (GB 11643 check digit checked as it is typed), confirmed by the identity
 * adapter. Then back to where the citizen was going.
 */
export function RealnameScreen({ redirect }: { redirect?: string }) {
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)

  const submit = async (): Promise<void> => {
    if (submitting) return
    const next: Errors = { name: firstMessage(PersonNameSchema.safeParse(name)), idNumber: firstMessage(IdNumberSchema.safeParse(idNumber)) }
    setErrors(next)
    if (next.name || next.idNumber) return
    setSubmitting(true)
    try {
      const me = await submitRealname({ name: name.trim(), idNumber: idNumber.trim().toUpperCase() })
      useSessionStore.getState().setUser(me.user)
      const url = redirect || ROUTES.home
      Taro.redirectTo({ url }).catch(() => {
        Taro.reLaunch({ url }).catch(() => undefined)
      })
    } catch (err) {
      const msg = isAppError(err) ? err.message : '认证没有成功，请稍后重试'
      const field = isAppError(err) && err.fields ? (Object.keys(err.fields).find((k) => k === 'name' || k === 'idNumber') as keyof Errors | undefined) : undefined
      setErrors(field ? { [field]: err && isAppError(err) && err.fields ? err.fields[field] : msg } : { form: msg })
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <Screen
      footer={
        <Button block disabled={submitting} onClick={() => void submit()}>
          {submitting ? '正在认证…' : '提交认证'}
        </Button>
      }
    >
      <View className='account'>
        <Text className='account-intro'>实名认证后才能在线办理，信息仅用于核验身份。请填写与身份证一致的姓名和身份证号。</Text>
        {errors.form ? (
          <Notice tone='danger' title='认证没有成功'>
            <Text {...role('alert')}>{errors.form}</Text>
          </Notice>
        ) : null}
        <View className='account-field'>
          <Text className='account-field__label'>姓名</Text>
          <Input
            className={`account-input${errors.name ? ' account-input--invalid' : ''}`}
            value={name}
            maxlength={30}
            placeholder='与身份证上的姓名一致'
            aria-label='姓名'
            aria-invalid={errors.name ? 'true' : undefined}
            onInput={(e) => setName(e.detail.value)}
            onBlur={() => name && setErrors((x) => ({ ...x, name: firstMessage(PersonNameSchema.safeParse(name)) }))}
          />
          {errors.name ? (
            <Text className='account-field__error' {...role('alert')}>
              {errors.name}
            </Text>
          ) : null}
        </View>
        <View className='account-field'>
          <Text className='account-field__label'>身份证号</Text>
          <Input
            className={`account-input${errors.idNumber ? ' account-input--invalid' : ''}`}
            type='idcard'
            value={idNumber}
            maxlength={18}
            placeholder='18 位，最后一位可能是 X'
            aria-label='身份证号'
            aria-invalid={errors.idNumber ? 'true' : undefined}
            onInput={(e) => {
              const v = e.detail.value.replace(/\s+/g, '').toUpperCase()
              setIdNumber(v)
              // check the whole number as soon as it is complete
              setErrors((x) => ({ ...x, idNumber: v.length === 18 ? firstMessage(IdNumberSchema.safeParse(v)) : undefined }))
            }}
            onBlur={() => idNumber && setErrors((x) => ({ ...x, idNumber: firstMessage(IdNumberSchema.safeParse(idNumber)) }))}
          />
          {errors.idNumber ? (
            <Text className='account-field__error' {...role('alert')}>
              {errors.idNumber}
            </Text>
          ) : null}
        </View>
      </View>
    </Screen>
  )
}
