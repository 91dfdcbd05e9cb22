import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import {
  COMPLAINT_CATEGORY_LABEL,
  COMPLAINT_SUBJECT_LABEL,
  COMPLAINT_TEXT_MAX,
  ComplaintCategorySchema,
  ComplaintSubjectSchema,
  CreateComplaintRequestSchema,
  type ComplaintCategory,
  type ComplaintSubject
} from '@contract'
import { toAppError } from '@/shared/api/errors'
import { shanghaiDate } from '@/shared/format'
import { buildUrl, ROUTES } from '@/shared/nav'
import { useCurrentRegion } from '@/shared/region/store'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { AsyncView, Button, Notice, Section } from '@/shared/ui'
import { createComplaint, fetchMyCases } from './api'
import { ChoiceGroup, ErrorLine, fieldErrors, TextBox } from './parts'
import { useResource } from './useResource'
import './evaluation.scss'

const SUBJECT_HINT: Record<ComplaintSubject, string> = {
  application: '对某个办件的办理过程或结果不满意',
  staff: '对窗口或工作人员的服务不满意',
  other: '其他医保服务方面的问题'
}
const SUBJECT_CHOICES = ComplaintSubjectSchema.options.map((s) => ({ value: s, label: COMPLAINT_SUBJECT_LABEL[s], hint: SUBJECT_HINT[s] }))
const CATEGORY_CHOICES = ComplaintCategorySchema.options.map((c) => ({ value: c, label: COMPLAINT_CATEGORY_LABEL[c] }))

/**
 * 我要投诉 (003 §11.3): about one of my cases, a person (name or window number) or anything else; a category; what
 * happened (5–1000 字). What was typed stays on screen when sending fails. Once filed, the complaint's page opens.
 */
export function ComplaintFormScreen({ applicationId }: { applicationId?: string }) {
  const auth = useSignedIn(buildUrl(ROUTES.complaintNew, { applicationId }))
  return (
    <SignedInScreen auth={auth} className='eval'>
      {() => <ComplaintForm initialApplicationId={applicationId} />}
    </SignedInScreen>
  )
}

function ComplaintForm({ initialApplicationId }: { initialApplicationId?: string }) {
  const { region } = useCurrentRegion()
  const [subject, setSubject] = useState<ComplaintSubject | null>(initialApplicationId ? 'application' : null)
  const [applicationId, setApplicationId] = useState<string | null>(initialApplicationId ?? null)
  const [staffName, setStaffName] = useState('')
  const [category, setCategory] = useState<ComplaintCategory | null>(null)
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const sending = useRef(false)
  const cases = useResource(subject === 'application' ? 'complaint-cases' : null, fetchMyCases)

  const clear = (k: string) => setErrors((e) => ({ ...e, [k]: '' }))

  const submit = async () => {
    if (sending.current) return
    const parsed = CreateComplaintRequestSchema.safeParse({
      subject: subject ?? undefined,
      applicationId: subject === 'application' ? (applicationId ?? undefined) : undefined,
      staffName: subject === 'staff' ? staffName.trim() || undefined : undefined,
      region: subject === 'application' ? undefined : region.code,
      category: category ?? undefined,
      text
    })
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues))
      setSubmitError(null)
      return
    }
    sending.current = true
    setBusy(true)
    setErrors({})
    setSubmitError(null)
    try {
      const c = await createComplaint(parsed.data)
      const url = buildUrl(ROUTES.complaint, { id: c.id })
      // the form is done: back from the complaint goes to the list, not to an empty form
      Taro.redirectTo({ url }).catch(() => Taro.navigateTo({ url }).catch(() => undefined))
    } catch (e) {
      const err = toAppError(e)
      if (err.fields) setErrors(err.fields)
      setSubmitError(`${err.message}。您填写的内容已保留，可修改后重新提交。`)
    } finally {
      sending.current = false
      setBusy(false)
    }
  }

  return (
    <>
      <Notice tone='info' title='投诉须知'>
        <Text>投诉为实名投诉，我们会在答复期限内答复您，并通过消息和短信告知。请如实反映情况。</Text>
      </Notice>
      <Section title='投诉对象'>
        <ChoiceGroup
          label='您要投诉的是'
          choices={SUBJECT_CHOICES}
          value={subject}
          onChange={(s) => {
            setSubject(s)
            clear('subject')
          }}
          error={errors.subject || null}
        />
        {subject === 'application' ? (
          <AsyncView query={cases} loadingText='正在加载我的办件…'>
            {(list) =>
              list.length === 0 ? (
                <Text className='eval-hint'>您还没有办件，可选择“其他”投诉对象。</Text>
              ) : (
                <ChoiceGroup
                  label='选择办件'
                  choices={list.map((a) => ({ value: a.id, label: a.itemName, hint: `${a.caseNo} · ${a.statusLabel} · ${shanghaiDate(a.submittedAt)} 提交` }))}
                  value={applicationId}
                  onChange={(v) => {
                    setApplicationId(v)
                    clear('applicationId')
                  }}
                  error={errors.applicationId || null}
                />
              )
            }
          </AsyncView>
        ) : null}
        {subject === 'staff' ? (
          <View className='eval-group'>
            <View className='eval-group__head'>
              <Text className='eval-group__label'>工作人员姓名或窗口号</Text>
              <Text className='eval-group__optional'>必填</Text>
            </View>
            <Input
              className={`eval-input${errors.staffName ? ' eval-input--invalid' : ''}`}
              value={staffName}
              maxlength={30}
              placeholder='如：王某某，或 3 号窗口'
              aria-label='工作人员姓名或窗口号'
              onInput={(e) => {
                setStaffName(e.detail.value)
                clear('staffName')
              }}
            />
            {errors.staffName ? <ErrorLine text={errors.staffName} /> : null}
          </View>
        ) : null}
      </Section>
      <Section title='投诉内容'>
        <ChoiceGroup
          label='投诉类别'
          layout='chips'
          choices={CATEGORY_CHOICES}
          value={category}
          onChange={(c) => {
            setCategory(c)
            clear('category')
          }}
          error={errors.category || null}
        />
        <TextBox
          label='情况说明'
          value={text}
          max={COMPLAINT_TEXT_MAX}
          placeholder='请说明时间、地点、经过和您的诉求（至少 5 个字）'
          onChange={(v) => {
            setText(v)
            clear('text')
          }}
          error={errors.text || null}
        />
      </Section>
      {submitError ? (
        <Notice tone='danger' title='投诉未提交'>
          <Text>{submitError}</Text>
        </Notice>
      ) : null}
      <Button block disabled={busy} onClick={() => void submit()}>
        {busy ? '正在提交…' : '提交投诉'}
      </Button>
    </>
  )
}
