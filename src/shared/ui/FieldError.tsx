import { Text, View } from '@tarojs/components'
import { role } from './a11y'

/**
 * The message under a field when what was typed is wrong. Its line is always there (one line high when empty), so a
 * message appearing when a field is left — or going away when it is corrected — never moves the controls below it:
 * a tap on 获取验证码 or 下一步 lands where the finger was put down. The message itself is an alert (read out when it
 * appears); `className` gives the screen's own colours and type.
 */
export function FieldError({ message, className }: { message?: string | null; className?: string }) {
  return (
    <View className={`yb-field-error${className ? ` ${className}` : ''}`}>
      {message ? <Text {...role('alert')}>{message}</Text> : null}
    </View>
  )
}
