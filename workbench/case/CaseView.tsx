import { useCallback, useEffect, useState } from 'react'
import type { ApplicationDetail, CaseGuide } from '../../contract/apply'
import type { StaffAccount } from '../../contract/staff'
import { ApiError } from '../api'
import { ActionPanel } from './ActionPanel'
import type { CaseApi } from './api'
import { MaterialViewer } from './MaterialViewer'
import './case.css'

const time = (iso: string): string => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })

/**
 * One case as the window reads it (001 §5.2.3): the applicant, the form's answers with their labels, every uploaded
 * material in a viewer, what data sharing verified (免提交·已核验), the paper originals and whether they arrived, the
 * timeline, and the action panel. A case of another region is 404 at the BFF: the page says so in plain words.
 */
export function CaseView({ api, account, id, onUnauthorized }: { api: CaseApi; account: StaffAccount; id: string; onUnauthorized: () => void }) {
  const [c, setC] = useState<ApplicationDetail | null>(null)
  const [guide, setGuide] = useState<CaseGuide | null>(null)
  const item = guide?.item ?? null
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const got = await api.get(id)
      setC(got)
      setError(null)
      api.guide(got.id).then(setGuide, () => setGuide(null))
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onUnauthorized()
      setError(
        err instanceof ApiError && (err.status === 404 || err.status === 403)
          ? '无法查看该办件：办件不存在，或不属于您所在辖区。'
          : err instanceof ApiError
            ? err.message
            : '网络异常，请稍后重试'
      )
    }
  }, [api, id, onUnauthorized])

  useEffect(() => {
    void load()
  }, [load])

  if (error)
    return (
      <main>
        <h1>办件详情</h1>
        <p role='alert' className='error'>
          {error}
        </p>
        <a href='#/'>返回我的待办</a>
      </main>
    )
  if (!c)
    return (
      <main>
        <p>正在加载…</p>
      </main>
    )
  const materialName = (mid: string): string => item?.guide.materials.find((m) => m.id === mid)?.name ?? mid
  return (
    <main className='case'>
      <p>
        <a href='#/'>返回我的待办</a>
      </p>
      <h1>
        {c.itemName}（{c.caseNo}）
      </h1>
      <p>
        状态：{c.statusLabel}
        {c.dueDate && `，办结期限 ${c.dueDate}`}
        {c.overdue && '（已超期）'}，{c.region.name}
      </p>
      {/* the guide is a contract: the case is held to the version it was filed under */}
      <p>
        依据办事指南：{guide?.guideVersion ? `第 ${guide.guideVersion.version} 版（${guide.guideVersion.publishedAt.slice(0, 10)} 发布，提交时的版本）` : '提交时的版本'}
      </p>
      <section aria-labelledby='who'>
        <h2 id='who'>申请人</h2>
        <p>
          {c.applicantName}
          {c.actorName && c.actorName !== c.applicantName && `（由 ${c.actorName} 代办）`}
        </p>
        {/* the BFF masks the applicant for anyone not handling the case (contract/staff.ts staffSeesApplicantWhole) */}
        {c.applicantName.includes('*') && (
          <p className='masked'>
            申请人信息已脱敏：仅本件经办人（分派到本人的窗口受理或科长、审核阶段的审核）可见完整的姓名、证件号和电话。
            {account.role === 'chief' && '科长需要时可将本件改派给自己。'}
          </p>
        )}
      </section>
      <section aria-labelledby='answers'>
        <h2 id='answers'>申请表</h2>
        <table>
          <tbody>
            {c.fields.map((f) => (
              <tr key={f.key}>
                <th scope='row'>{f.label}</th>
                <td>{f.value || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby='mats'>
        <h2 id='mats'>上传材料</h2>
        {c.uploads.length === 0 ? <p>没有上传的材料。</p> : c.uploads.map((u) => <MaterialViewer key={u.id} api={api} caseId={c.id} upload={u} name={materialName(u.materialId)} materialName={materialName} />)}
        {c.sharedVerified.length > 0 && (
          <>
            <h3>免提交·已核验</h3>
            <ul>
              {c.sharedVerified.map((s) => (
                <li key={s}>{s}（数据共享核验，无需上传）</li>
              ))}
            </ul>
          </>
        )}
        {c.paper && (
          <>
            <h3>纸质材料原件</h3>
            <ul>
              {c.paper.materials.map((m) => (
                <li key={m.id || m.name}>
                  {m.name} × {m.count}：{m.receivedAt ? `已收到（${time(m.receivedAt)}）` : c.paper!.received ? '已收到' : '待收到'}
                </li>
              ))}
            </ul>
          </>
        )}
        {c.supplement && (
          <p>
            补正要求：{c.supplement.materials.join('、')}——{c.supplement.note}（{c.supplement.deadline} 前）
          </p>
        )}
      </section>
      <section aria-labelledby='tl'>
        <h2 id='tl'>办理过程</h2>
        <ol className='timeline'>
          {c.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{time(e.at)}</time> {e.label}（{e.actor.name}）{e.note && `：${e.note}`}
            </li>
          ))}
        </ol>
      </section>
      <ActionPanel api={api} account={account} c={c} item={item} onDone={setC} />
    </main>
  )
}
