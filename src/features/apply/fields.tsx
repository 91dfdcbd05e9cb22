import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import {
  FORM_ADDRESS_MAX,
  FORM_LONG_TEXT_MAX,
  FORM_TEXT_MAX,
  shanghaiToday,
  type FormField,
  type RegionNode
} from '@contract'
import { role } from '@/shared/ui/a11y'
import { groupDigits } from './parts'

/**
 * One input per kind of form field (contract FormFieldKind), 001 §5.1.2: 菜单式选择项目用滑动菜单 (Picker),
 * 输入信息项目明示填报要求 (the field's `rule` under it). The value is always the string the contract validates:
 * dates YYYY-MM-DD, regions 6-digit codes, selects one of the options, bank accounts digits only.
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

function PickerRow({ text, placeholder, invalid }: { text: string; placeholder: string; invalid: boolean }) {
  return (
    <View className={`apply-input apply-input--picker${invalid ? ' apply-input--invalid' : ''}`}>
      <Text className={text ? 'apply-input__value' : 'apply-input__placeholder'}>{text || placeholder}</Text>
      <Text className='apply-input__arrow'>›</Text>
    </View>
  )
}

function Control({ field, value, error, focus, regions, onChange, onBlur }: FieldProps) {
  const invalid = Boolean(error)
  const cls = `apply-input${invalid ? ' apply-input--invalid' : ''}`
  const placeholder = field.placeholder ?? `请输入${field.label}`
  const text = (type: 'text' | 'number' | 'idcard', maxlength: number, normalize: (s: string) => string = (s) => s) => (
    <Input
      className={cls}
      type={type}
      value={value}
      maxlength={maxlength}
      focus={focus}
      placeholder={placeholder}
      aria-label={field.label}
      aria-invalid={invalid ? 'true' : undefined}
      onInput={(e) => onChange(normalize(e.detail.value))}
      onBlur={(e) => onBlur(normalize(e.detail.value ?? value))}
    />
  )

  switch (field.kind) {
    case 'idNumber':
      // 18 characters; the last may be X (typed x becomes X)
      return text('idcard', 18, (s) => s.replace(/\s+/g, '').toUpperCase())
    case 'phone':
      // mobile (11 digits) or a landline with its area code written together (057822123456)
      return text('number', 12, (s) => s.replace(/[^\d-]/g, ''))
    case 'bankAccount':
      return (
        <View>
          {text('number', 30, (s) => s.replace(/\D/g, ''))}
          {value ? (
            <Text className='apply-field__grouped' aria-label={`${field.label}核对`}>
              {groupDigits(value)}
            </Text>
          ) : null}
        </View>
      )
    case 'date': {
      const today = shanghaiToday()
      return (
        <Picker
          mode='date'
          value={value || today}
          start={field.dateRange === 'future' ? today : '1900-01-01'}
          end={field.dateRange === 'past' ? today : '2100-12-31'}
          onChange={(e) => {
            const v = String(e.detail.value)
            onChange(v)
            onBlur(v)
          }}
        >
          <PickerRow text={value} placeholder={field.placeholder ?? `请选择${field.label}`} invalid={invalid} />
        </Picker>
      )
    }
    case 'select': {
      const options = field.options ?? []
      return (
        <Picker
          mode='selector'
          range={options}
          value={Math.max(0, options.indexOf(value))}
          onChange={(e) => {
            const v = options[Number(e.detail.value)] ?? ''
            onChange(v)
            onBlur(v)
          }}
        >
          <PickerRow text={value} placeholder={field.placeholder ?? `请选择${field.label}`} invalid={invalid} />
        </Picker>
      )
    }
    case 'region': {
      const names = regions.map((r) => r.name)
      return (
        <Picker
          mode='selector'
          range={names}
          value={Math.max(0, regions.findIndex((r) => r.code === value))}
          onChange={(e) => {
            const v = regions[Number(e.detail.value)]?.code ?? ''
            onChange(v)
            onBlur(v)
          }}
        >
          <PickerRow text={displayValue(field, value, regions)} placeholder={field.placeholder ?? `请选择${field.label}`} invalid={invalid} />
        </Picker>
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

/** A labelled field: label (必填 / 选填), the input, the filling rule and the message when it is wrong. */
export function FormFieldRow(props: FieldProps) {
  const { field, value, error, regions, last } = props
  return (
    <View className={`apply-field${error ? ' apply-field--invalid' : ''}${last ? ' apply-field--last' : ''}`} id={fieldDomId(field.key)}>
      <View className='apply-field__head'>
        <Text className='apply-field__label'>{field.label}</Text>
        {field.readonly ? (
          <Text className='apply-field__badge'>已核验</Text>
        ) : (
          <Text className={field.required ? 'apply-field__required' : 'apply-field__optional'}>{field.required ? '必填' : '选填'}</Text>
        )}
      </View>
      {field.readonly ? (
        <Text className='apply-field__readonly'>{displayValue(field, value, regions) || '—'}</Text>
      ) : (
        <Control {...props} />
      )}
      {field.prefill && !field.readonly && value ? <Text className='apply-field__hint'>已按您的实名信息自动填入，可修改</Text> : null}
      <Text className='apply-field__rule'>{field.rule}</Text>
      {error ? (
        <Text className='apply-field__error' {...role('alert')}>
          {error}
        </Text>
      ) : null}
    </View>
  )
}
