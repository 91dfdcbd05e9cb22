import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import { checkField, checkForm, isRequired, normalizeFieldValue, type FormSchema, type ItemDetail, type RegionNode } from '@contract'
import { navigate, ROUTES } from '@/shared/nav'
import { fetchRegions } from '@/shared/region/api'
import { Button, Notice, Screen } from '@/shared/ui'
import { useDraftStore, type LocalDraft } from './draftStore'
import { fieldDomId, FormFieldRow, regionOptions, type RegionOption } from './fields'
import { ApplySteps, DraftScreen, scrollToId, SyncLine } from './parts'
import { ReadAloudButton } from '@/shared/speech/ReadAloudButton'
import { formSpeech } from './speech'
import { regionProblems } from '../../../domain/answers'
import './apply.scss'

/**
 * 信息录入 (001 §5.1.2): every field of the item's form with its filling rule under it; pickers for choices
 * (滑动菜单); each field is checked with the contract's checkField when the citizen leaves it, the whole form with
 * checkForm on 下一步 (the same rules as the BFF), and the page goes to the first field to fix. Every keystroke is
 * kept in the draft store at once. Read-only fields (the verified identity) are shown as text.
 */
export function FormScreen({ draftId }: { draftId?: string }) {
  return <DraftScreen draftId={draftId} ready={(draft, item) => <FormReady draft={draft} item={item} />} />
}

/** The part of the form the citizen fills in (read-only fields are the BFF's). */
export function editableForm(form: FormSchema): FormSchema {
  return { fields: form.fields.filter((f) => !f.readonly) }
}

function useRegionOptions(needed: boolean): RegionOption[] {
  const [tree, setTree] = useState<RegionNode[]>([])
  useEffect(() => {
    if (!needed) return
    let alive = true
    fetchRegions()
      .then((t) => alive && setTree(t))
      .catch(() => undefined)
    return () => {
      alive = false
    }
  }, [needed])
  return useMemo(() => regionOptions(tree), [tree])
}

function FormReady({ draft, item }: { draft: LocalDraft; item: ItemDetail }) {
  const form = item.form ?? { fields: [] }
  const setValue = useDraftStore((s) => s.setValue)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [focusKey, setFocusKey] = useState<string | null>(null)
  const regions = useRegionOptions(form.fields.some((f) => f.kind === 'region'))
  const count = Object.keys(errors).length

  const valuesNow = (): Record<string, string> => (useDraftStore.getState().drafts[draft.id] ?? draft).values

  /** the citizen left a field (or picked a value): its message, or none */
  const validate = (key: string, value: string) => {
    const field = form.fields.find((f) => f.key === key)
    if (!field || field.readonly) return
    // 就医地 in the insured city is said while filling, not only on submit (003 §7.6.1–7.6.3; domain/answers.ts)
    const msg = checkField(field, value, undefined, { ...valuesNow(), [key]: value }) ?? regionProblems(item, { [key]: value })[key]
    setErrors((cur) => {
      const next = { ...cur }
      if (msg) next[key] = msg
      else delete next[key]
      // an answer that makes another field required or not (领取方式 → 收件地址): that field's message follows it
      for (const other of form.fields) {
        if (other.requiredWhen?.key !== key || !next[other.key]) continue
        const otherMsg = checkField(other, valuesNow()[other.key], undefined, { ...valuesNow(), [key]: value })
        if (otherMsg) next[other.key] = otherMsg
        else delete next[other.key]
      }
      return next
    })
    setFocusKey(null)
  }

  /**
   * Typing in a field that shows a message: the message goes as soon as the value is right, while the person is still
   * typing — not on the tap that leaves the field (FieldError also keeps its line, so nothing moves under the finger).
   */
  const typed = (key: string, value: string) => {
    setValue(draft.id, key, value)
    const field = form.fields.find((f) => f.key === key)
    if (!field || !errors[key]) return
    if (!checkField(field, normalizeFieldValue(field, value), undefined, { ...valuesNow(), [key]: value })) {
      setErrors((cur) => {
        const next = { ...cur }
        delete next[key]
        return next
      })
    }
  }

  const next = () => {
    const store = useDraftStore.getState()
    const current = store.drafts[draft.id] ?? draft
    const editable = editableForm(form)
    const values: Record<string, string> = {}
    for (const f of editable.fields) if (current.values[f.key] !== undefined) values[f.key] = current.values[f.key]
    const check = checkForm(editable, values)
    if (check.ok) Object.assign(check.errors, regionProblems(item, check.values))
    if (Object.keys(check.errors).length) {
      setErrors(check.errors)
      // the first field to fix, in the order of the form
      const first = editable.fields.find((f) => check.errors[f.key])?.key ?? null
      setFocusKey(first)
      if (first) scrollToId(fieldDomId(first))
      return
    }
    setErrors({})
    // keep the normalised values (trimmed, X upper-cased, digits only): the BFF stores the same
    const normalised: Record<string, string> = {}
    for (const f of editable.fields) {
      const v = check.values[f.key]
      if (v !== undefined && v !== current.values[f.key]) normalised[f.key] = v
    }
    if (Object.keys(normalised).length) store.setValues(draft.id, normalised)
    store.setStep(draft.id, 'materials')
    navigate(ROUTES.applyMaterials, { draftId: draft.id })
  }

  return (
    <Screen
      className='apply'
      footer={
        <View className='apply-footer'>
          <Button block onClick={next}>
            下一步：上传材料
          </Button>
        </View>
      }
    >
      <ApplySteps current='form' />
      <ReadAloudButton className='apply-read' getText={() => formSpeech(item)} />
      <View className='apply-head'>
        <Text className='apply-head__title'>{item.popularName}</Text>
        <Text className='apply-head__sub'>
          {item.name} · {draft.server.region.name}
        </Text>
        <Text className='apply-head__sub'>{`申请人：${draft.server.applicant.name}（${draft.server.applicant.idNumber}）`}</Text>
      </View>
      <SyncLine draftId={draft.id} />
      {count > 0 ? (
        <Notice tone='danger' title={`有 ${count} 项需要修改`}>
          <Text>请按红色提示修改后再点“下一步”。</Text>
        </Notice>
      ) : null}
      {form.fields.length === 0 ? <Text className='apply-text'>本事项无需填写信息，请直接下一步。</Text> : null}
      <View className='apply-card'>
        {form.fields.map((f, i) => (
          <FormFieldRow
            key={f.key}
            last={i === form.fields.length - 1}
            field={f}
            value={draft.values[f.key] ?? ''}
            error={errors[f.key]}
            focus={focusKey === f.key}
            required={isRequired(f, draft.values)}
            regions={regions}
            onChange={(v) => typed(f.key, v)}
            onBlur={(v) => validate(f.key, v)}
          />
        ))}
      </View>
    </Screen>
  )
}
