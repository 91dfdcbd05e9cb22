import { Input, Text, Textarea, View } from '@tarojs/components'
import {
  FORM_ADDRESS_MAX,
  FORM_LONG_TEXT_MAX,
  FORM_TEXT_MAX,
  normalizeBankAccount,
  normalizeFieldValue,
  shanghaiToday,
  type FormField,
  type RegionNode
} from '@contract'
import { FieldError } from '@/shared/ui'
import { ChoicePicker } from '@/shared/ui/Picker'
import { NationalRegionField } from './NationalRegionField'
import { groupDigits } from './parts'

/**
 * One input per kind of form field (contract FormFieldKind), 001 §5.1.2: 菜单式选择项目用滑动菜单 (ChoicePicker),
 * 输入信息项目明示填报要求 (the field's `rule` under it). The value is the string the contract validates: dates
 * YYYY-MM-DD, regions 6-digit codes, selects one of the options. Phones and bank accounts take what people type
 * (0578-2123456, 6222 0212 3456 7890) and become the contract's normal form when the field is left
 * (normalizeFieldValue, the same rule the BFF applies).
 */
export interface RegionOption {
  code: string
  name: string
}

/** Cities and counties of the served region tree, with full names ("浙江省丽水市莲都区"). */
export function regionOptions(tree: RegionNode[]): RegionOption[] {
  const out: RegionOption[] = []
  for (const p of tree) {
    for (const c of p.children ?? []) {
      out.push({ code: c.code, name: p.name + c.name })
      for (const k of c.children ?? []) out.push({ code: k.code, name: p.name + c.name + k.name })
    }
  }
  return out
}

export const fieldDomId = (key: string): string => `apply-field-${key}`

export interface FieldProps {
  field: FormField
  value: string
  error?: string
  focus?: boolean
  /** required now (a field required only with another field's answer, e.g. 收件地址 for 邮寄送达) */
  required: boolean
  regions: RegionOption[]
  onChange: (value: string) => void
  /** the citizen leaves the field (or picks a value): validate it */
  onBlur: (value: string) => void
  /** the last row of its card: no divider under it */
  last?: boolean
}

/** The value as the citizen reads it (confirm screen, read-only fields). */
export function displayValue(field: FormField, value: string, regions: RegionOption[]): string {
  if (!value) return ''
  if (field.kind === 'region') return regions.find((r) => r.code === value)?.name ?? value
  if (field.kind === 'bankAccount' && /^\d+$/.test(value)) return groupDigits(value)
  return value
}

/** What a picker field shows: the chosen value, or the placeholder; the arrow says it opens a choice. */
function PickerRow({ text, placeholder, invalid }: { text: string; placeholder: string; invalid: boolean }) {
  return (
    <View className={`apply-input apply-input--picker${invalid ? ' apply-input--invalid' : ''}`}>
      <Text className={text ? 'apply-input__value' : 'apply-input__placeholder'}>{text || placeholder}</Text>
      <Text className='apply-input__arrow' aria-hidden='true'>
        ›
      </Text>
    </View>
  )
}

/** H5 gives a phone the phone keypad (digits, -, +); the mini-programs' number keypads have no hyphen. */
const PHONE_INPUT_TYPE = (process.env.TARO_ENV === 'h5' ? 'tel' : 'text') as 'text'

function Control({ field, value, error, focus, regions, onChange, onBlur }: FieldProps) {
  const invalid = Boolean(error)
  const cls = `apply-input${invalid ? ' apply-input--invalid' : ''}`
  const placeholder = field.placeholder ?? `请输入${field.label}`
  const pickPlaceholder = field.placeholder ?? `请选择${field.label}`
  const text = (type: 'text' | 'idcard', maxlength: number) => (
    <Input
      className={cls}
      type={type}
      value={value}
      maxlength={maxlength}
      focus={focus}
      placeholder={placeholder}
      aria-label={field.label}
      aria-invalid={invalid ? 'true' : undefined}
      onInput={(e) => onChange(e.detail.value)}
      // the normal form once the field is left: what the agency will receive, shown in the field
      onBlur={(e) => {
        const raw = e.detail.value ?? value
        const normal = normalizeFieldValue(field, raw)
        if (normal !== raw) onChange(normal)
        onBlur(normal)
      }}
    />
  )

  switch (field.kind) {
    case 'idNumber':
      // 18 characters; the last may be X (typed x becomes X)
      return text('idcard', 22)
    case 'phone':
      // a mobile, or a landline with its area code (0578-2123456), with the spaces and dashes people write
      return text(PHONE_INPUT_TYPE, 20)
    case 'bankAccount': {
      const digits = normalizeBankAccount(value)
      return (
        <View>
          {text('text', 40)}
          {/\d/.test(digits) ? (
            <Text className='apply-field__grouped' aria-label={`${field.label}核对`}>
              {groupDigits(digits)}
            </Text>
          ) : null}
        </View>
      )
    }
    case 'date': {
      const today = shanghaiToday()
      return (
        <ChoicePicker
          mode='date'
          label={field.label}
          display={value || pickPlaceholder}
          invalid={invalid}
          value={value}
          initial={today}
          start={field.dateRange === 'future' ? today : '1900-01-01'}
          end={field.dateRange === 'past' ? today : '2100-12-31'}
          onPick={(v) => {
            onChange(v)
            onBlur(v)
          }}
        >
          <PickerRow text={value} placeholder={pickPlaceholder} invalid={invalid} />
        </ChoicePicker>
      )
    }
    case 'select': {
      const options = field.options ?? []
      return (
        <ChoicePicker
          mode='selector'
          label={field.label}
          display={value || pickPlaceholder}
          invalid={invalid}
          options={options}
          index={options.indexOf(value)}
          onPick={(i) => {
            const v = options[i] ?? ''
            onChange(v)
            onBlur(v)
          }}
        >
          <PickerRow text={value} placeholder={pickPlaceholder} invalid={invalid} />
        </ChoicePicker>
      )
    }
    case 'region': {
      if (field.regionScope === 'national') {
        return (
          <NationalRegionField
            field={field}
            value={value}
            invalid={invalid}
            onChange={onChange}
            onBlur={onBlur}
            row={(text, ph) => <PickerRow text={text} placeholder={ph} invalid={invalid && !text} />}
          />
        )
      }
      const shown = displayValue(field, value, regions)
      return (
        <ChoicePicker
          mode='selector'
          label={field.label}
          display={shown || pickPlaceholder}
          invalid={invalid}
          options={regions.map((r) => r.name)}
          index={regions.findIndex((r) => r.code === value)}
          onPick={(i) => {
            const v = regions[i]?.code ?? ''
            onChange(v)
            onBlur(v)
          }}
        >
          <PickerRow text={shown} placeholder={pickPlaceholder} invalid={invalid} />
        </ChoicePicker>
      )
    }
    case 'longText': {
      const max = field.maxLength ?? FORM_LONG_TEXT_MAX
      return (
        <View>
          <Textarea
            className={`${cls} apply-input--textarea`}
            value={value}
            maxlength={max}
            focus={focus}
            autoHeight
            placeholder={placeholder}
            aria-label={field.label}
            onInput={(e) => onChange(e.detail.value)}
            onBlur={(e) => onBlur(e.detail.value ?? value)}
          />
          <Text className='apply-field__counter'>{`${[...value].length}/${max}`}</Text>
        </View>
      )
    }
    case 'address':
      return text('text', field.maxLength ?? FORM_ADDRESS_MAX)
    case 'text':
    default:
      return text('text', field.maxLength ?? FORM_TEXT_MAX)
  }
}

/**
 * A labelled field: label (必填 / 选填), the input, the filling rule and the message when it is wrong. The message has
 * its line kept free (FieldError), so it never moves the field below when it comes or goes.
 */
export function FormFieldRow(props: FieldProps) {
  const { field, value, error, regions, required, last } = props
  return (
    <View className={`apply-field${error ? ' apply-field--invalid' : ''}${last ? ' apply-field--last' : ''}`} id={fieldDomId(field.key)}>
      <View className='apply-field__head'>
        <Text className='apply-field__label'>{field.label}</Text>
        {field.readonly ? (
          <Text className='apply-field__badge'>已核验</Text>
        ) : (
          <Text className={required ? 'apply-field__required' : 'apply-field__optional'}>{required ? '必填' : '选填'}</Text>
        )}
      </View>
      {field.readonly ? (
        <Text className='apply-field__readonly'>{displayValue(field, value, regions) || '—'}</Text>
      ) : (
        <Control {...props} />
      )}
      {field.prefill && !field.readonly && value ? <Text className='apply-field__hint'>已按您的实名信息自动填入，可修改</Text> : null}
      <Text className='apply-field__rule'>{field.rule}</Text>
      {field.readonly ? null : <FieldError className='apply-field__error' message={error} />}
    </View>
  )
}
