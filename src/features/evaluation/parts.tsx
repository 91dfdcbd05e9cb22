import { Text, Textarea, View } from '@tarojs/components'
import { role } from '@/shared/ui/a11y'
import { charCount } from './format'

/**
 * Controls of the evaluation screens, made for older citizens: every choice is a large tap target (≥ 56px rows,
 * ≥ 44px chips, px not rpx), has a visible label and an accessible name, and shows its state with a mark and words
 * as well as colour (○/◉ for radios, ✓ for chips).
 */

export interface Choice<T extends string> {
  value: T
  label: string
  /** a second line under the label */
  hint?: string
}

/** One choice of several (role=radiogroup of role=radio rows). */
export function ChoiceGroup<T extends string>({
  label,
  choices,
  value,
  onChange,
  error,
  layout = 'rows',
  id
}: {
  label: string
  choices: ReadonlyArray<Choice<T>>
  value: T | null
  onChange: (v: T) => void
  error?: string | null
  layout?: 'rows' | 'chips'
  id?: string
}) {
  return (
    <View className='eval-group' id={id}>
      <Text className='eval-group__label'>{label}</Text>
      <View className={`eval-choices eval-choices--${layout}`} {...role('radiogroup')} aria-label={label} aria-invalid={error ? 'true' : undefined}>
        {choices.map((c) => {
          const on = c.value === value
          return (
            <View
              key={c.value}
              className={`eval-choice eval-choice--${layout}${on ? ' eval-choice--on' : ''}`}
              hoverClass='eval-choice--pressed'
              {...role('radio')}
              aria-checked={on ? 'true' : 'false'}
              aria-label={c.label}
              onClick={() => onChange(c.value)}
            >
              <Text className='eval-choice__mark' aria-hidden='true'>
                {on ? '◉' : '○'}
              </Text>
              <View className='eval-choice__body'>
                <Text className='eval-choice__label'>{c.label}</Text>
                {c.hint ? <Text className='eval-choice__hint'>{c.hint}</Text> : null}
              </View>
              {on && layout === 'rows' ? <Text className='eval-choice__state'>已选</Text> : null}
            </View>
          )
        })}
      </View>
      {error ? <ErrorLine text={error} /> : null}
    </View>
  )
}

/** Several choices (chips with role=checkbox). */
export function ChipGroup<T extends string>({
  label,
  choices,
  values,
  onToggle,
  error,
  id
}: {
  label: string
  choices: ReadonlyArray<Choice<T>>
  values: readonly T[]
  onToggle: (v: T) => void
  error?: string | null
  id?: string
}) {
  return (
    <View className='eval-group' id={id}>
      <Text className='eval-group__label'>{label}</Text>
      <View className='eval-choices eval-choices--chips' {...role('group')} aria-label={label}>
        {choices.map((c) => {
          const on = values.includes(c.value)
          return (
            <View
              key={c.value}
              className={`eval-chip${on ? ' eval-chip--on' : ''}`}
              hoverClass='eval-choice--pressed'
              {...role('checkbox')}
              aria-checked={on ? 'true' : 'false'}
              aria-label={c.label}
              onClick={() => onToggle(c.value)}
            >
              {on ? (
                <Text className='eval-chip__mark' aria-hidden='true'>
                  ✓
                </Text>
              ) : null}
              <Text>{c.label}</Text>
            </View>
          )
        })}
      </View>
      {error ? <ErrorLine text={error} /> : null}
    </View>
  )
}

/** A labelled multi-line text box with a counter (n/max) and the message when it is wrong. */
export function TextBox({
  label,
  value,
  max,
  placeholder,
  onChange,
  error,
  optional = false,
  id
}: {
  label: string
  value: string
  max: number
  placeholder?: string
  onChange: (v: string) => void
  error?: string | null
  optional?: boolean
  id?: string
}) {
  const n = charCount(value)
  return (
    <View className='eval-group' id={id}>
      <View className='eval-group__head'>
        <Text className='eval-group__label'>{label}</Text>
        <Text className='eval-group__optional'>{optional ? '选填' : '必填'}</Text>
      </View>
      <Textarea
        className={`eval-textarea${error ? ' eval-textarea--invalid' : ''}`}
        value={value}
        maxlength={max}
        autoHeight
        placeholder={placeholder}
        aria-label={label}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => onChange(e.detail.value)}
      />
      <Text className={`eval-counter${n > max ? ' eval-counter--over' : ''}`} aria-label={`已输入 ${n} 字，最多 ${max} 字`}>
        {`${n}/${max}`}
      </Text>
      {error ? <ErrorLine text={error} /> : null}
    </View>
  )
}

export function ErrorLine({ text }: { text: string }) {
  return (
    <Text className='eval-error' {...role('alert')}>
      {text}
    </Text>
  )
}

/** The first field error of a zod result, by path head. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues) {
    const k = String(i.path[0] ?? '_')
    out[k] ??= i.message
  }
  return out
}
