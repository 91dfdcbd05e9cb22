import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { isAppError } from '@/shared/api/errors'
import { ROUTES } from '@/shared/nav'
import { useSessionStore } from '@/shared/session'
import { Button, Notice, Screen } from '@/shared/ui'
import { IdentityFields, identityProblems } from '@/shared/ui/IdentityFields'
import { role } from '@/shared/ui/a11y'
import { submitRealname } from './api'
import './account.scss'

interface Errors {
  name?: string
  idNumber?: string
  form?: string
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
    const next: Errors = identityProblems(name, idNumber)
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
        <IdentityFields
          name={name}
          idNumber={idNumber}
          errors={errors}
          onName={setName}
          onIdNumber={setIdNumber}
          onErrors={(update) => setErrors((x) => ({ ...x, ...update(x) }))}
          classes={{ field: 'account-field', label: 'account-field__label', input: 'account-input', invalid: 'account-input--invalid', error: 'account-field__error' }}
        />
      </View>
    </Screen>
  )
}
