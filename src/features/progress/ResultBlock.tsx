import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { yuan, type ApplicationDetail, type Payment } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { shanghaiDateTime } from '@/shared/format'
import { currentPlatform } from '@/shared/media'
import { Button, Field, Section, Tag } from '@/shared/ui'
import { inform } from '@/shared/ui/inform'
import { openResultDocument } from './download'
import { DECISION_LABEL, resultBasisTexts } from './format'

/**
 * Money the case pays: how much, into which account (masked), and the day it is expected by — what a citizen waiting
 * for a reimbursement wants to know first.
 */
function PaymentLines({ payment }: { payment: Payment }) {
  return (
    <View className='progress-payment'>
      <Field label='支付金额'>
        <Text className='progress-payment__amount'>{`${yuan(payment.amountFen)} 元`}</Text>
      </Field>
      <Field label='收款账户'>{[payment.bank, payment.account, payment.accountName].filter(Boolean).join(' ')}</Field>
      <Field label='预计到账'>{`${payment.expectedDate} 前`}</Field>
    </View>
  )
}

/**
 * 办理结果 (001 §5.3.1–5.3.3): the decision and its text, the money it pays (amount, account, expected date) when
 * the item pays money, the result document to view or download (with the token, see download.ts), and the
 * verification code anyone can check the document against.
 */
export function ResultBlock({ app }: { app: ApplicationDetail }) {
  const r = app.result!
  const basis = resultBasisTexts(r)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = async () => {
    setBusy(true)
    setError(null)
    try {
      await openResultDocument({ applicationId: app.id, documentName: r.documentName })
      if (currentPlatform() === 'h5') inform('已开始下载', 'success')
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Section title='办理结果' id='result'>
      <View className='progress-result__head'>
        <Tag tone={r.decision === 'approved' ? 'success' : 'warning'}>{DECISION_LABEL[r.decision]}</Tag>
        <Text className='progress-result__time'>{shanghaiDateTime(r.issuedAt)}</Text>
      </View>
      <Text className='progress-result__text'>{r.text}</Text>
      {basis.length ? (
        // a rejection rests on the guide the case was filed under, each condition by its number there
        <View className='progress-result__basis'>
          {basis.map((text) => (
            <Text key={text} className='progress-material__basis'>
              {text}
            </Text>
          ))}
        </View>
      ) : null}
      {r.payment ? <PaymentLines payment={r.payment} /> : null}
      <Field label='结果文书'>{r.documentName}</Field>
      <Field label='核验码'>
        <Text className='progress-result__code' userSelect>
          {r.verifyCode}
        </Text>
      </Field>
      <Text className='progress-result__hint'>凭核验码可核验结果文书的真伪</Text>
      {error ? <Text className='progress-upload__error'>{error}</Text> : null}
      <Button block variant='secondary' disabled={busy} onClick={() => void open()}>
        {busy ? '正在打开结果文书…' : '查看/下载结果文书'}
      </Button>
    </Section>
  )
}
