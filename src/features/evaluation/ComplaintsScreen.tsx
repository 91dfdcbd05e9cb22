import { Text, View } from '@tarojs/components'
import type { Complaint } from '@contract'
import { shanghaiDate } from '@/shared/format'
import { navigate, ROUTES } from '@/shared/nav'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { AsyncView, Button, EmptyState, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchComplaints } from './api'
import { complaintTone } from './format'
import { useReloadOn, useResource } from './useResource'
import './evaluation.scss'

function about(c: Complaint): string {
  if (c.subject === 'application') return `${c.itemName ?? '办件'}（${c.caseNo ?? ''}）`
  if (c.subject === 'staff') return `工作人员：${c.staffName ?? ''}`
  return c.region.name
}

/** One complaint in the list: number, what it is about, category, status (in words), filed, due, 已超期. */
export function ComplaintCard({ c }: { c: Complaint }) {
  return (
    <View
      className='eval-card'
      hoverClass='eval-card--pressed'
      {...role('button')}
      onClick={() => navigate(ROUTES.complaint, { id: c.id })}
    >
      <View className='eval-card__head'>
        <Text className='eval-card__title'>{c.categoryLabel}</Text>
        <Tag tone={complaintTone(c.status)}>{c.statusLabel}</Tag>
      </View>
      <Text className='eval-card__line'>{`投诉对象：${c.subjectLabel} · ${about(c)}`}</Text>
      <Text className='eval-card__line'>{`投诉编号：${c.complaintNo}`}</Text>
      <Text className='eval-card__line'>{`提交日期：${shanghaiDate(c.createdAt)}`}</Text>
      {c.status === 'received' || c.status === 'handling' ? (
        <View className='eval-card__due'>
          <Text className='eval-card__line'>{`答复期限：${c.dueDate} 前`}</Text>
          {c.overdue ? <Text className='eval-overdue'>已超期</Text> : null}
        </View>
      ) : null}
      {c.canRate ? <Text className='eval-card__next'>已答复，请查看并评价答复</Text> : null}
    </View>
  )
}

/**
 * 我的投诉 (003 §11.3: complaints are a channel apart from a case's rating): newest first, each with its handling
 * state; 我要投诉 starts a new one.
 */
export function ComplaintsScreen({ reloadSignal = 0, onReloaded }: { reloadSignal?: number; onReloaded?: () => void }) {
  const auth = useSignedIn(ROUTES.complaints, reloadSignal)
  const list = useResource(auth.state === 'ready' ? 'complaints' : null, fetchComplaints)
  useReloadOn(reloadSignal, list.reload, onReloaded)

  return (
    <SignedInScreen
      auth={auth}
      className='eval'
      footer={
        <Button block onClick={() => navigate(ROUTES.complaintNew)}>
          我要投诉
        </Button>
      }
    >
      <Text className='eval-intro'>对办件、工作人员或其他医保服务不满意，可以在这里投诉。我们会在答复期限内答复您，处理进度可随时查看。</Text>
      <AsyncView
        query={list}
        loadingText='正在加载我的投诉…'
        isEmpty={(l) => l.length === 0}
        empty={<EmptyState title='暂无投诉' hint='您提交的投诉和处理结果会显示在这里' />}
      >
        {(l) => (
          <View className='eval-list'>
            {l.map((c) => (
              <ComplaintCard key={c.id} c={c} />
            ))}
          </View>
        )}
      </AsyncView>
    </SignedInScreen>
  )
}
