import { Input, Text, View } from '@tarojs/components'
import { PhoneSchema } from '@contract'
import { FieldError } from './FieldError'

/** The contract's message for a mainland mobile number (PhoneSchema, the BFF's rule), or undefined when it is fine. */
export function mobileProblem(phone: string, optional = false): string | undefined {
  if (optional && !phone.trim()) return undefined
  const r = PhoneSchema.safeParse(phone)
  return r.success ? undefined : r.error.issues[0]?.message
}

/** Class names of the screen that shows the field (each keeps its own look). */
export interface MobileFieldClasses {
  field: string
  label: string
  input: string
  invalid: string
  error: string
}

/**
 * An 11-digit mobile number as sign-in and 添加家庭成员 ask for it: digits only as typed; checked when the field is
 * left; its message keeps its line (FieldError) and goes while the person types the right number — so nothing below
 * moves under the finger that taps next.
 */
export function MobileField({
  label,
  name,
  placeholder,
  value,
  error,
  optional = false,
  classes,
  onChange,
  onError
}: {
  /** the visible label */
  label: string
  /** the accessible name of the input */
  name: string
  placeholder: string
  value: string
  error?: string
  /** an empty field is fine */
  optional?: boolean
  classes: MobileFieldClasses
  onChange: (value: string) => void
  onError: (message: string | undefined) => void
}) {
  return (
    <View className={classes.field}>
      <Text className={classes.label}>{label}</Text>
      <Input
        className={`${classes.input}${error ? ` ${classes.invalid}` : ''}`}
        type='number'
        maxlength={11}
        value={value}
        placeholder={placeholder}
        aria-label={name}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => {
          const v = e.detail.value.replace(/\D/g, '')
          onChange(v)
          if (error && !mobileProblem(v, optional)) onError(undefined)
        }}
        onBlur={() => {
          if (value || optional) onError(mobileProblem(value, optional))
        }}
      />
      <FieldError className={classes.error} message={error} />
    </View>
  )
}
