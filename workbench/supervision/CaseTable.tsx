import type { TodoItem } from '../../contract/workbench'
import { timeLimitText } from './Deadline'

/**
 * Cases as the 待办 list and the 科室队列 show them: the case number opens the case (#/case/<id>), the row carries its
 * urgency as a class, the time limit in working days. `withAssignee`: the queue's 经办人 column (未分配 marked).
 */
export function CaseTable({ items, withAssignee = false }: { items: readonly TodoItem[]; withAssignee?: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope='col'>办件编号</th>
          <th scope='col'>事项</th>
          <th scope='col'>申请人</th>
          <th scope='col'>状态</th>
          {withAssignee && <th scope='col'>经办人</th>}
          <th scope='col'>办结期限</th>
          <th scope='col'>时限</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} className={i.urgency}>
            <td>
              <a href={`#/case/${encodeURIComponent(i.id)}`}>{i.caseNo}</a>
            </td>
            <td>{i.itemName}</td>
            <td>{i.applicantName}</td>
            <td>{i.statusLabel}</td>
            {withAssignee && <td>{i.assignee ? i.assignee.name : <strong>未分配</strong>}</td>}
            <td>{i.dueDate ?? '—'}</td>
            <td>{timeLimitText(i.urgencyLabel, i.workingDaysLeft)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
