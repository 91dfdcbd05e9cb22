import { APPLICATION_STATUS_LABEL, ApplicationDetailSchema, type ApplicationDetail, type ApplicationStatus } from '@contract'
import { addMockApplication } from '../../../mock'

/**
 * A case of the mock applicant in the mock store (mock/apply-store.ts), decided `decidedHoursAgo` hours ago when
 * completed or rejected — so it is ratable (the window is 7 calendar days, contract/evaluation.ts).
 */
export function mockCase(id: string, status: ApplicationStatus = 'completed', opts: { decidedHoursAgo?: number; itemName?: string } = {}): ApplicationDetail {
  const decided = new Date(Date.now() - (opts.decidedHoursAgo ?? 2) * 3_600_000).toISOString()
  const submitted = new Date(Date.parse(decided) - 3 * 86_400_000).toISOString()
  const final = status === 'completed' || status === 'rejected'
  return addMockApplication(
    ApplicationDetailSchema.parse({
      id,
      caseNo: `YB33110220261101${id.replace(/\D/g, '').padStart(5, '0').slice(-5)}`,
      itemId: 'maternity-allowance',
      itemName: opts.itemName ?? '生育津贴申领',
      handlingMode: 'manual',
      status,
      statusLabel: APPLICATION_STATUS_LABEL[status],
      region: { code: '331102', name: '莲都区' },
      applicantName: '张*华',
      submittedAt: submitted,
      dueDate: '2099-12-31',
      overdue: false,
      nextStep: null,
      updatedAt: final ? decided : submitted,
      fields: [],
      uploads: [],
      sharedVerified: [],
      events: [
        { id: `${id}-e1`, at: submitted, actor: { kind: 'citizen', name: '张*华' }, action: 'submit', label: '已提交申请', from: null, to: 'submitted', note: null },
        ...(final
          ? [
              {
                id: `${id}-e2`,
                at: decided,
                actor: { kind: 'staff' as const, name: '王敏' },
                action: status === 'completed' ? 'complete' : 'reject',
                label: APPLICATION_STATUS_LABEL[status],
                from: 'inReview' as const,
                to: status,
                note: null
              }
            ]
          : [])
      ],
      supplement: null,
      paper: null,
      result: null,
      delivery: null,
      materialsReturnedAt: null,
      timeLimitDays: 10,
      actorName: '张*华'
    })
  )
}
