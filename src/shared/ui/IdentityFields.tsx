import { Input, Text, View } from '@tarojs/components'
import { IdNumberSchema, PersonNameSchema } from '@contract'
import { FieldError } from './FieldError'

export interface IdentityErrors {
  name?: string
  idNumber?: string
}

function firstMessage(r: { success: boolean; error?: { issues: Array<{ message: string }> } }): string | undefined {
  return r.success ? undefined : r.error?.issues[0]?.message
}

/** The contract's Chinese message for a name or 身份证号 (GB 11643 check digit), or undefined when it is valid. */
export function identityProblems(name: string, idNumber: string): IdentityErrors {
  return { name: firstMessage(PersonNameSchema.safeParse(name)), idNumber: firstMessage(IdNumberSchema.safeParse(idNumber)) }
}

/** Class names of the screen that shows the fields (each keeps its own look). */
export interface IdentityFieldClasses {
  field: string
  label: string
  input: string
  invalid: string
  error: string
}

/**
 * 姓名 + 身份证号 as real-name and family pages ask for them: the name checked when the field is left, the number as
 * soon as it has 18 characters (spaces dropped, x upper-cased); each message next to its field, read out (alert).
 */
export function IdentityFields({
  name,
  idNumber,
  errors,
  onName,
  onIdNumber,
  onErrors,
  classes
}: {
  name: string
  idNumber: string
  errors: IdentityErrors
  onName: (v: string) => void
  onIdNumber: (v: string) => void
  onErrors: (update: (e: IdentityErrors) => IdentityErrors) => void
  classes: IdentityFieldClasses
}) {
  const error = (msg: string | undefined) => <FieldError className={classes.error} message={msg} />
  return (
    <>
      <View className={classes.field}>
        <Text className={classes.label}>姓名</Text>
        <Input
          className={`${classes.input}${errors.name ? ` ${classes.invalid}` : ''}`}
          value={name}
          maxlength={30}
          placeholder='与身份证上的姓名一致'
          aria-label='姓名'
          aria-invalid={errors.name ? 'true' : undefined}
          onInput={(e) => {
            onName(e.detail.value)
            // corrected while typing: the message goes now, not on the tap that leaves the field
            if (errors.name && !identityProblems(e.detail.value, '').name) onErrors((x) => ({ ...x, name: undefined }))
          }}
          onBlur={() => name && onErrors((x) => ({ ...x, name: identityProblems(name, '').name }))}
        />
        {error(errors.name)}
      </View>
      <View className={classes.field}>
        <Text className={classes.label}>身份证号</Text>
        <Input
          className={`${classes.input}${errors.idNumber ? ` ${classes.invalid}` : ''}`}
          type='idcard'
          value={idNumber}
          maxlength={18}
          placeholder='18 位，最后一位可能是 X'
          aria-label='身份证号'
          aria-invalid={errors.idNumber ? 'true' : undefined}
          onInput={(e) => {
            const v = e.detail.value.replace(/\s+/g, '').toUpperCase()
            onIdNumber(v)
            // check the whole number as soon as it is complete
            onErrors((x) => ({ ...x, idNumber: v.length === 18 ? identityProblems('', v).idNumber : undefined }))
          }}
          onBlur={() => idNumber && onErrors((x) => ({ ...x, idNumber: identityProblems('', idNumber).idNumber }))}
        />
        {error(errors.idNumber)}
      </View>
    </>
  )
}
