import { HANDLING_MODE_LABEL, MATERIAL_FORM_LABEL, type ItemDetail } from '@contract'
import { speechText } from '@/shared/speech/text'
import type { LocalDraft } from './draftStore'
import { caseHandlingMode } from '../../../domain/answers'
import { STEP_LABEL } from './parts'

/**
 * What 朗读 reads on each form step (语音版): the step, then what the citizen must do — each field's label
 * and filling rule, each material's name and upload rule, and on 确认提交 what will be submitted. Personal values
 * (names, 身份证号, phones, accounts) are not read: they would travel to the speech service; the screen shows them.
 */
export function formSpeech(item: ItemDetail): string {
  const fields = (item.form?.fields ?? []).filter((f) => !f.readonly)
  return speechText([
    `${item.popularName}，第 1 步，共 3 步，${STEP_LABEL.form}`,
    fields.length ? `请填写以下 ${fields.length} 项` : '本事项无需填写信息，请直接下一步',
    ...fields.flatMap((f) => [`${f.label}${f.required ? '，必填' : '，选填'}`, f.rule]),
    '填好后，请点页面底部的“下一步：上传材料”'
  ])
}

export function materialsSpeech(item: ItemDetail, draft: LocalDraft): string {
  const materials = item.guide.materials
  const shared = new Set(draft.server.sharedVerified)
  return speechText([
    `${item.popularName}，第 2 步，共 3 步，${STEP_LABEL.materials}`,
    '请拍摄材料原件，四角完整、文字清晰、不反光',
    materials.length ? null : '本事项无需提交申请材料，请直接下一步',
    ...materials.flatMap((m) => [
      `${m.name}，${MATERIAL_FORM_LABEL[m.form]}${m.count > 1 ? ` ${m.count} 份` : ''}${m.required ? '' : '，非必须'}`,
      m.condition,
      shared.has(m.id) ? '已通过数据共享核验，无需上传' : m.uploadRule
    ]),
    '上传完成后，请点页面底部的“下一步：确认提交”'
  ])
}

export function confirmSpeech(item: ItemDetail, draft: LocalDraft): string {
  const filled = (item.form?.fields ?? []).filter((f) => (draft.values[f.key] ?? '').trim() !== '')
  const uploaded = item.guide.materials.filter((m) => draft.server.uploads.some((u) => u.materialId === m.id))
  return speechText([
    `${item.popularName}，第 3 步，共 3 步，${STEP_LABEL.confirm}`,
    '请核对以下内容，确认无误后提交',
    `申请事项，${item.name}`,
    `办理地区，${draft.server.region.name}`,
    `办理方式，${HANDLING_MODE_LABEL[caseHandlingMode(item, draft.values)]}`,
    caseHandlingMode(item, draft.values) === 'smart' ? '提交后即时出结果' : draft.server.projectedDueDate ? `预计 ${draft.server.projectedDueDate} 前办结` : null,
    filled.length ? `已填写 ${filled.length} 项：${filled.map((f) => f.label).join('、')}` : '未填写信息',
    uploaded.length ? `已上传的材料：${uploaded.map((m) => m.name).join('、')}` : '未上传材料',
    '核对无误后，请点页面底部的“提交申请”'
  ])
}
