/**
 * 用户服务协议 and 隐私政策: what a citizen agrees to before signing in (001 §3.1.2), readable before signing in.
 *
 * Every statement describes what this app and its BFF actually do — keep it so when the code changes: what is
 * collected (contract/*.ts), why, how long it is kept (bff/src/services/auth.ts: SMS codes deleted after a day;
 * tokens.ts: 15-minute access, 30-day refresh; search_log without any account; uploads re-encoded without EXIF), who
 * sees it, and what the person can do about it. The agency that runs the app is named by its guides and offices; the
 * text says 「本应用的运营单位（您所在地的医疗保障部门）」 rather than inventing a name.
 */
import { SMS_CODE_TTL_SECONDS } from '@contract'

export interface TermsSection {
  heading: string
  paragraphs: string[]
}

export interface TermsDocument {
  title: string
  /** the date this version took effect */
  effective: string
  intro: string
  sections: TermsSection[]
}

const EFFECTIVE = '2026-01-01'

export const USER_AGREEMENT: TermsDocument = {
  title: '用户服务协议',
  effective: EFFECTIVE,
  intro:
    '欢迎使用“医保掌上办”。本协议说明您可以用本应用做什么、需要注意什么。请您在登录前阅读；勾选“我已阅读并同意”即表示您接受本协议和《隐私政策》。',
  sections: [
    {
      heading: '一、谁提供服务',
      paragraphs: [
        '本应用由您所在地的医疗保障部门（医疗保障局及其医保经办机构，以下称“我们”）提供和运营。每个事项的受理机构、办公地址和咨询电话，写在该事项的办事指南里。',
        '本应用是开源软件，各地医保部门可以部署使用；您办理的事项由所选地区的医保经办机构受理和决定。'
      ]
    },
    {
      heading: '二、可以办什么',
      paragraphs: [
        '查看办事指南；在线申请医保事项，上传材料，查看办理进度和结果，下载结果文书；出示医保电子凭证（医保码）；查看本人的参保、缴费、个人账户和就诊记录（医保档案）；为家人代办；对办理的服务进行评价（好差评）和投诉。',
        '使用本应用不收费。办理的医保事项是否收费，以办事指南中的“收费依据及标准”为准。'
      ]
    },
    {
      heading: '三、账号和实名认证',
      paragraphs: [
        '您用手机号码和短信验证码登录，未注册的号码登录时自动注册。在线办理和查看个人信息前需要实名认证（姓名和身份证号，经公安身份信息核验）。一个账号只能实名为一个人，实名后不能改为他人。',
        '请保管好您的手机。验证码只用于本人登录，不要告诉任何人；工作人员不会向您索要验证码。'
      ]
    },
    {
      heading: '四、如实申报',
      paragraphs: [
        '您填写的信息和上传的材料应当真实、完整。以欺诈、伪造证明材料等手段骗取医疗保障待遇的，将依照《中华人民共和国社会保险法》《医疗保障基金使用监督管理条例》承担法律责任。',
        '办理结果以医保经办机构的审核决定为准。结果文书上的核验码可用于核验文书真伪。'
      ]
    },
    {
      heading: '五、为家人代办',
      paragraphs: [
        '为年满 16 周岁的家人代办，须对方用本人账号同意，并且对方可以随时缩小范围或取消授权；为未满 16 周岁的子女代办，须核验户籍关系。每一次代办都记在对方的“他人为我办理”中，对方可以随时查看。'
      ]
    },
    {
      heading: '六、服务中断',
      paragraphs: [
        '系统维护或网络故障时，本应用可能暂时无法使用。您已经填写的内容会保存在手机上，恢复后自动同步，不会丢失；已提交的办件以经办机构的记录为准。'
      ]
    },
    {
      heading: '七、咨询和投诉',
      paragraphs: [
        '对办理有疑问，可拨打办事指南中的咨询电话，或 12393 医保服务热线、12345 政务服务便民热线；也可在本应用“投诉”中提出，我们会在规定时限内答复。'
      ]
    },
    {
      heading: '八、协议更新',
      paragraphs: ['本协议更新后在本页面公布，并注明生效日期。']
    }
  ]
}

export const PRIVACY_POLICY: TermsDocument = {
  title: '隐私政策',
  effective: EFFECTIVE,
  intro:
    '我们只收集办理医保事项所必需的信息，只用于为您办事，不用于广告或营销，也不会出售。本政策说明收集什么、为什么、保存多久、谁能看到，以及您可以怎么做。',
  sections: [
    {
      heading: '一、我们收集什么、为什么',
      paragraphs: [
        '手机号码：用于登录、发送验证码和办理进度短信。',
        '姓名和身份证号：用于实名认证（经公安身份信息核验），确定您是谁、为谁办事。',
        '办事时填写的信息和上传的材料：如联系电话、地址、银行账号和材料照片，只用于办理您申请的那个事项；银行账号用于把报销款、退费等支付给您。上传的照片会重新编码，去掉其中的拍摄位置等附加信息。',
        '医保记录：参保、缴费、个人账户和就诊结算记录，在您打开“医保档案”“医保码”时从医保信息系统查询并显示。',
        '家人的信息：您添加家人时填写的姓名、身份证号、关系和授权范围；您填写的家人手机号码只用来发短信请对方确认授权。',
        '评价和投诉：您给出的评价、文字、照片和投诉内容，用于改进服务和处理投诉。',
        '搜索词：为了让搜索更准确，我们记录搜索的词和结果数量，不记录是谁搜索的。'
      ]
    },
    {
      heading: '二、保存在您手机上的信息',
      paragraphs: [
        '登录状态、未提交的草稿、搜索记录和显示设置（如长辈版）保存在您的手机上。退出登录会清除手机上的登录状态；搜索记录可在搜索页清除。'
      ]
    },
    {
      heading: '三、保存多久',
      paragraphs: [
        `短信验证码 ${SMS_CODE_TTL_SECONDS / 60} 分钟内有效，1 天后删除。`,
        '登录凭证 15 分钟有效，可自动续期，最长 30 天；退出登录后立即失效。',
        '未提交的草稿保存到您提交或删除为止。',
        '已提交的办件、材料、结果文书、办理记录、评价和投诉属于医疗保障经办档案，按国家和本地医保经办档案管理规定的期限保存。'
      ]
    },
    {
      heading: '四、谁能看到',
      paragraphs: [
        '您本人；经您同意代办的家人（只能看您授权的范围）；受理您办件的医保经办机构工作人员（审核需要）。',
        '在本应用的页面和短信中，身份证号、手机号码和银行账号只显示部分数字。',
        '除法律法规规定的情形外，我们不会向其他单位或个人提供您的信息。'
      ]
    },
    {
      heading: '五、您可以怎么做',
      paragraphs: [
        '查看：在“我的办件”“医保档案”“消息”中查看您的办件和记录；在“亲情账户”的“他人为我办理”中查看家人为您办过什么。',
        '更正：办件中填写有误的，可在补正时更正；实名信息有误的，请联系经办机构。',
        '撤回授权：在“亲情账户”中随时缩小或取消家人的代办授权，立即生效。',
        '删除：未提交的草稿可随时删除。注销账号或有其他请求，请通过“投诉”或咨询电话联系我们，我们会依法及时答复。'
      ]
    },
    {
      heading: '六、未成年人',
      paragraphs: ['未满 16 周岁的子女，由父母等监护人通过“亲情账户”代为办理。']
    },
    {
      heading: '七、政策更新',
      paragraphs: ['本政策更新后在本页面公布，并注明生效日期。']
    }
  ]
}
