import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import {
  FAMILY_CONSENT_AGE,
  GRANT_SCOPES,
  RELATIONSHIPS,
  RELATIONSHIP_LABELS,
  type GrantScope,
  type Relationship
} from '@contract'
import { isAppError, toAppError } from '@/shared/api/errors'
import { useActingStore } from '@/shared/acting'
import { goBack, ROUTES } from '@/shared/nav'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { Button, Notice, Section } from '@/shared/ui'
import { MobileField, mobileProblem, normalMobile } from '@/shared/ui/MobileField'
import { IdentityFields, identityProblems } from '@/shared/ui/IdentityFields'
import { role } from '@/shared/ui/a11y'
import { familyApi } from './api'
import { ScopePicker } from './FamilyScreen'
import './family.scss'

interface Errors {
  relationship?: string
  name?: string
  idNumber?: string
  scopes?: string
  phone?: string
  form?: string
}

/**
 * 添加家庭成员: relationship, name, 身份证号 (GB 11643 checked as typed) and what the user asks to do for
 * them. What was typed stays on the screen when the BFF refuses (a clear message next to the field).
 */
export function AddMemberScreen() {
  const auth = useSignedIn(ROUTES.familyAdd)
  const [relationship, setRelationship] = useState<Relationship | null>(null)
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [scopes, setScopes] = useState<GrantScope[]>([...GRANT_SCOPES])
  const [phone, setPhone] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (): Promise<void> => {
    if (busy) return
    const next: Errors = {
      relationship: relationship ? undefined : '请选择与您的关系',
      ...identityProblems(name, idNumber),
      scopes: scopes.length ? undefined : '请至少选择一项授权',
      phone: mobileProblem(phone, true)
    }
    setErrors(next)
    if (Object.values(next).some(Boolean)) return
    setBusy(true)
    try {
      const m = await familyApi.add({
        relationship: relationship!,
        name: name.trim(),
        idNumber: idNumber.trim().toUpperCase(),
        scopes,
        ...(phone.trim() ? { phone: normalMobile(phone) } : {})
      })
      useActingStore.getState().load().catch(() => undefined)
      await Taro.showModal({
        title: m.status === 'active' ? '已添加' : '已发送授权申请',
        content:
          m.status === 'active'
            ? `已添加${m.relationshipLabel}${m.name}，现在可以为其出示医保码、代办事项。`
            : `已通知${m.name}（短信，以及对方“医保掌上办”首页）。请对方用本人手机登录，在首页或“亲情账户”中同意授权；同意后您就可以为其办理。`,
        showCancel: false,
        confirmText: '知道了'
      }).catch(() => undefined)
      goBack()
    } catch (e) {
      const err = toAppError(e)
      const fields = isAppError(err) && err.fields ? err.fields : {}
      const field = (['name', 'idNumber', 'relationship', 'scopes', 'phone'] as const).find((k) => fields[k])
      setErrors(field ? { [field]: fields[field] } : { form: err.message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <SignedInScreen
      auth={auth}
      className='family'
      footer={
        <Button block disabled={busy} onClick={() => void submit()}>
          {busy ? '正在提交…' : '添加'}
        </Button>
      }
    >
      {errors.form ? (
        <Notice tone='danger' title='没有添加成功'>
          <Text {...role('alert')}>{errors.form}</Text>
        </Notice>
      ) : null}
      <Section title='家人是您的'>
        <View className='family-scopes' {...role('radiogroup')} aria-label='与您的关系'>
          {RELATIONSHIPS.map((r) => (
            <View
              key={r}
              className={`family-scope${relationship === r ? ' family-scope--on' : ''}`}
              {...role('radio')}
              aria-checked={relationship === r ? 'true' : 'false'}
              onClick={() => {
                setRelationship(r)
                setErrors((x) => ({ ...x, relationship: undefined }))
              }}
            >
              <Text>{RELATIONSHIP_LABELS[r]}</Text>
            </View>
          ))}
        </View>
        {errors.relationship ? (
          <Text className='family-error' {...role('alert')}>
            {errors.relationship}
          </Text>
        ) : null}
      </Section>
      <Section title='家人的身份信息'>
        <IdentityFields
          name={name}
          idNumber={idNumber}
          errors={errors}
          onName={setName}
          onIdNumber={setIdNumber}
          onErrors={(update) => setErrors((x) => ({ ...x, ...update(x) }))}
          classes={{ field: 'family-field', label: 'family-field__label', input: 'family-input', invalid: 'family-input--invalid', error: 'family-error' }}
        />
        <MobileField
          label='家人的手机号码（选填）'
          name='家人的手机号码'
          placeholder='11 位手机号码'
          value={phone}
          error={errors.phone}
          optional
          classes={{ field: 'family-field', label: 'family-field__label', input: 'family-input', invalid: 'family-input--invalid', error: 'family-error' }}
          onChange={setPhone}
          onError={(phone) => setErrors((x) => ({ ...x, phone }))}
        />
        <Text className='family-empty'>{`年满 ${FAMILY_CONSENT_AGE} 周岁的家人需要本人同意：我们会发短信通知对方；对方已注册“医保掌上办”的，首页也会显示您的申请。`}</Text>
      </Section>
      <Section title='希望为家人办理'>
        <ScopePicker value={scopes} onChange={setScopes} label='希望为家人办理的事' />
        {errors.scopes ? (
          <Text className='family-error' {...role('alert')}>
            {errors.scopes}
          </Text>
        ) : null}
        <Text className='family-empty'>{`未满 ${FAMILY_CONSENT_AGE} 周岁的子女核验户籍关系后直接添加；${FAMILY_CONSENT_AGE} 周岁及以上的家人需本人确认，并可调整范围、随时取消。`}</Text>
      </Section>
    </SignedInScreen>
  )
}
