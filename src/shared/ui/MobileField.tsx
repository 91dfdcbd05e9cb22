import { Input, Text, View } from '@tarojs/components'
import { PhoneSchema, normalizePhone } from '@contract'
import { FieldError } from './FieldError'

/**
 * The contract's message for a mainland mobile number (PhoneSchema, the BFF's rule) as people write it — with spaces,
 * dashes, +86 or full-width digits (normalizePhone) — or undefined when it is fine.
 */
export function mobileProblem(phone: string, optional = false): string | undefined {
  if (optional && !phone.trim()) return undefined
  const r = PhoneSchema.safeParse(normalizePhone(phone))
  return r.success ? undefined : r.error.issues[0]?.message
}

/** The 11 digits to send for a mobile typed as "138 0000 0001", "138-0000-0001" or "+86 13800000001". */
export const normalMobile = (phone: string): string => normalizePhone(phone)

/**
 * H5 gives the phone keypad (digits, space, -, +) and room for "+86 138 0000 0001"; a mini-program's number keypad
 * types digits only, so 11 of them.
 */
const H5 = process.env.TARO_ENV === 'h5'
const INPUT_TYPE = (H5 ? 'tel' : 'number') as 'number'
const MAX_LENGTH = H5 ? 20 : 11

/** Class names of the screen that shows the field (each keeps its own look). */
export interface MobileFieldClasses {
  field: string
  label: string
  input: string
  invalid: string
  error: string
}

/**
 * An 11-digit mobile number as sign-in and 添加家庭成员 ask for it: taken as typed (spaces, dashes, +86) and shown as its
 * 11 digits once the field is left; checked then; its message keeps its line (FieldError) and goes while the person
 * types the right number — so nothing below moves under the finger that taps next.
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
        type={INPUT_TYPE}
        maxlength={MAX_LENGTH}
        value={value}
        placeholder={placeholder}
        aria-label={name}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => {
          const v = e.detail.value
          onChange(v)
          if (error && !mobileProblem(v, optional)) onError(undefined)
        }}
        onBlur={(e) => {
          const raw = e.detail?.value ?? value
          const normal = raw.trim() ? normalMobile(raw) : ''
          if (normal !== raw) onChange(normal)
          if (normal || optional) onError(mobileProblem(normal, optional))
        }}
      />
      <FieldError className={classes.error} message={error} />
    </View>
  )
}
