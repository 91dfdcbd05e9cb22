import {
  birthDateOf,
  ID_NUMBER_MESSAGES,
  idNumberCheckChar,
  idNumberProblem,
  IdNumberSchema,
  isValidIdNumber,
  maskBankAccount,
  maskIdNumber,
  maskName,
  maskPhone,
  PersonNameSchema,
  PhoneSchema,
  sexOf
} from './identity'

/**
 * 身份证号 (GB 11643-1999), phone numbers and names: validation and masking (001 §3.1.2 real-name identity).
 * The check character is recomputed here from the standard's definition, not from the implementation's tables:
 * weights W_i = 2^(i-1) mod 11 for positions i = 18…2 (ISO 7064 MOD 11-2), check = (12 − Σ mod 11) mod 11, 10 → X.
 */
const WEIGHTS = Array.from({ length: 17 }, (_, k) => 2 ** (17 - k) % 11)
function referenceCheck(body17: string): string {
  const sum = [...body17].reduce((s, c, k) => s + Number(c) * WEIGHTS[k], 0)
  const v = (12 - (sum % 11)) % 11
  return v === 10 ? 'X' : String(v)
}
const withCheck = (body17: string) => body17 + referenceCheck(body17)

/** 2026-03-15 12:00 in Asia/Shanghai */
const NOW = new Date('2026-03-15T04:00:00Z')

describe('身份证号 check character (GB 11643-1999 §8.2)', () => {
  it('derives the standard weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2', () => {
    expect(WEIGHTS).toEqual([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
  })

  it('accepts the standard’s own example 11010519491231002X (check character X)', () => {
    expect(referenceCheck('11010519491231002')).toBe('X')
    expect(idNumberCheckChar('11010519491231002')).toBe('X')
    expect(idNumberProblem('11010519491231002X', NOW)).toBeNull()
  })

  it.each([
    '33110219880312002', // 浙江 丽水 莲都区
    '33112119510608001', // 浙江 丽水 青田县
    '32090219750101123', // 江苏 盐城 亭湖区
    '43060220000229456', // 湖南 岳阳, born on a leap day
    '81000019900101001', // 香港
    '83000019851231002' // 港澳台居民居住证 (Taiwan residents)
  ])('computes the same check character as the reference for %s and accepts only that one', (body17) => {
    expect(idNumberCheckChar(body17)).toBe(referenceCheck(body17))
    const accepted = '0123456789X'.split('').filter((c) => idNumberProblem(body17 + c, NOW) === null)
    expect(accepted).toEqual([referenceCheck(body17)])
  })

  it('detects every single wrong digit and every swap of two different adjacent digits', () => {
    const id = withCheck('33110219880312002')
    for (let i = 0; i < 17; i++) {
      for (const d of '0123456789') {
        if (d === id[i]) continue
        const changed = id.slice(0, i) + d + id.slice(i + 1)
        // a changed digit may also break the region or the birth date; either way it is refused
        expect(idNumberProblem(changed, NOW)).not.toBeNull()
      }
      if (i < 16 && id[i] !== id[i + 1]) {
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2)
        expect(idNumberProblem(swapped, NOW)).not.toBeNull()
      }
    }
    // a changed digit in the sequence number touches only the check: it is the check that refuses it
    expect(idNumberProblem(id.slice(0, 15) + ((Number(id[15]) + 1) % 10) + id.slice(16), NOW)).toBe('checkDigit')
  })

  it('upper-cases a lower-case x and trims spaces', () => {
    expect(idNumberProblem(' 11010519491231002x ', NOW)).toBeNull()
    expect(IdNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X')
  })
})

describe('身份证号 structure', () => {
  it.each([
    ['1101051949123100', 'length'],
    ['11010519491231002XX', 'length'],
    ['1101051949123100X2', 'chars'],
    ['11010519491231002Y', 'chars'],
    ['１１０１０５１９４９１２３１００２X', 'chars'] // full-width digits
  ] as const)('%s → %s', (id, problem) => {
    expect(idNumberProblem(id, NOW)).toBe(problem)
  })

  it.each(['10', '16', '20', '24', '38', '47', '55', '60', '66', '70', '72', '80', '84', '90', '99'])(
    'refuses province code %s (GB/T 2260)',
    (p) => {
      expect(idNumberProblem(withCheck(`${p}010519800101001`), NOW)).toBe('region')
    }
  )

  it.each(['11', '33', '32', '43', '65', '71', '81', '82', '83'])('accepts province code %s', (p) => {
    expect(idNumberProblem(withCheck(`${p}010519800101001`), NOW)).toBeNull()
  })

  it.each([
    ['19990230', 'February 30th'],
    ['19990229', 'February 29th of a common year'],
    ['19991301', 'month 13'],
    ['19990001', 'month 0'],
    ['19990100', 'day 0'],
    ['18991231', 'before 1900'],
    ['20260316', 'tomorrow (2026-03-16)'],
    ['20300101', 'a future year']
  ])('refuses birth date %s (%s)', (date) => {
    expect(idNumberProblem(withCheck(`331102${date}002`), NOW)).toBe('birthDate')
  })

  it('accepts a child born today in Shanghai, at any hour of the day there', () => {
    const bornToday = withCheck('33110220260315002')
    expect(idNumberProblem(bornToday, NOW)).toBeNull()
    // 00:30 on 2026-03-15 in Shanghai is still 2026-03-14 in UTC
    expect(idNumberProblem(bornToday, new Date('2026-03-14T16:30:00Z'))).toBeNull()
    // and 23:30 on 2026-03-14 in Shanghai is before the birth
    expect(idNumberProblem(bornToday, new Date('2026-03-14T15:30:00Z'))).toBe('birthDate')
    expect(idNumberProblem(withCheck('33110220000229002'), NOW)).toBeNull()
  })

  it('gives a Chinese message for each problem', () => {
    for (const message of Object.values(ID_NUMBER_MESSAGES)) expect(message).toMatch(/身份证号/)
    expect(IdNumberSchema.safeParse(withCheck('33110219990230002')).error?.issues[0].message).toBe(ID_NUMBER_MESSAGES.birthDate)
    expect(IdNumberSchema.safeParse('').error?.issues[0].message).toBe('请输入身份证号')
    expect(IdNumberSchema.safeParse(12345).error?.issues[0].message).toBe('请输入身份证号')
    expect(isValidIdNumber(withCheck('33110219880312002'))).toBe(true)
    const valid = withCheck('33110219880312002')
    expect(isValidIdNumber(valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0'))).toBe(false)
  })

  it('reads the birth date and the sex (17th digit odd: male, even: female)', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31')
    expect(sexOf('11010519491231002X')).toBe('female')
    expect(sexOf(withCheck('33112119510608001'))).toBe('male')
  })
})

describe('phone numbers and names', () => {
  it.each(['13800000001', '19912345678', ' 15057812345 '])('accepts mobile %s', (p) => {
    expect(PhoneSchema.safeParse(p).success).toBe(true)
  })
  it.each(['12800000001', '1380000000', '138000000012', '1380000000a', '+8613800000001', ''])('refuses %s', (p) => {
    const r = PhoneSchema.safeParse(p)
    expect(r.success).toBe(false)
    expect(r.error?.issues[0].message).toMatch(/手机号码/)
  })
  it.each(['张三', '欧阳娜娜', '买买提·艾力', 'John Smith'])('accepts the name %s', (n) => {
    expect(PersonNameSchema.safeParse(n).success).toBe(true)
  })
  it.each([
    ['张', '请输入完整姓名'],
    ['张3', '姓名只能包含汉字、字母或间隔号“·”'],
    ['', '请输入姓名'],
    ['张'.repeat(31), '姓名不能超过 30 个字']
  ])('refuses the name %s', (n, message) => {
    expect(PersonNameSchema.safeParse(n).error?.issues[0].message).toBe(message)
  })
})

describe('masking: what a response or a log line shows of a person', () => {
  it('keeps the region and the last 4 of a 身份证号', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X')
    expect(maskIdNumber(' 331102198803120025 ')).toBe('331102********0025')
    expect(maskIdNumber('12345')).toBe('*****')
  })

  it('keeps the first 3 and the last 4 of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('0578-2123456')).toBe('057*****3456')
    expect(maskPhone('12345')).toBe('*****')
  })

  it('keeps the family name', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('张')).toBe('张*')
    expect(maskName('  ')).toBe('')
  })

  it('keeps only the last 4 digits of a bank account, whatever spaces it was typed with', () => {
    expect(maskBankAccount('6222 0212 3456 7890 123')).toBe(`${'*'.repeat(15)}0123`)
    expect(maskBankAccount('6222021234567890123')).toBe(`${'*'.repeat(15)}0123`)
    expect(maskBankAccount('123')).toBe('***')
  })

  it('never shows the birth date part of a 身份证号 or the middle of a phone number', () => {
    const id = withCheck('33110219880312002')
    expect(maskIdNumber(id)).not.toContain('19880312')
    expect(maskPhone('13812345678')).not.toContain('1234')
  })
})
