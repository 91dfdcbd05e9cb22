import Taro from '@tarojs/taro'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { mockSpokenTexts } from '../../../mock/tts-api'
import { server } from '../../../mock/node'
import { ReadAloudButton } from './ReadAloudButton'
import { normalizeSpeechText } from '@contract/tts'
import { BFF_PART_MAX, PROBE_TEXT, chooseSpeechEngine, readAloud, resetSpeechEngine, splitForSpeech } from './index'

// ---------- a controllable speechSynthesis ----------

interface FakeUtterance {
  text: string
  lang: string
  rate: number
  voice: unknown
  onstart: (() => void) | null
  onend: (() => void) | null
  onerror: ((e: { error: string }) => void) | null
}

function installSpeech(voices: Array<{ lang: string; name: string }>, opts: { voicesLater?: boolean } = {}) {
  const listeners = new Set<() => void>()
  let list = opts.voicesLater ? [] : voices
  const spoken: FakeUtterance[] = []
  const synth = {
    getVoices: () => list.map((v) => ({ ...v, localService: true, default: false, voiceURI: v.name })),
    addEventListener: (_: string, fn: () => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
    speak: jest.fn((u: FakeUtterance) => {
      spoken.push(u)
      setTimeout(() => u.onstart?.(), 0)
    }),
    cancel: jest.fn(() => {
      for (const u of spoken.splice(0)) u.onerror?.({ error: 'interrupted' })
    })
  }
  class Utterance {
    lang = ''
    rate = 1
    voice: unknown = null
    onstart = null
    onend = null
    onerror = null
    constructor(readonly text: string) {}
  }
  Object.assign(window, { speechSynthesis: synth, SpeechSynthesisUtterance: Utterance })
  return {
    synth,
    spoken,
    /** the voices arrive (Chrome: after the first getVoices, with voiceschanged) */
    loadVoices: () => {
      list = voices
      for (const fn of [...listeners]) fn()
    },
    /** the current utterance finishes */
    finish: () => spoken.shift()?.onend?.()
  }
}

function removeSpeech() {
  delete (window as { speechSynthesis?: unknown }).speechSynthesis
  delete (window as { SpeechSynthesisUtterance?: unknown }).SpeechSynthesisUtterance
}

beforeEach(() => {
  resetSpeechEngine()
  mockSpokenTexts.length = 0
})
afterEach(() => {
  removeSpeech()
  process.env.TARO_ENV = 'h5'
  jest.restoreAllMocks()
})

describe('choosing the engine (issue 6 语音版)', () => {
  it('uses the browser when it has a zh-CN voice, without asking the BFF', async () => {
    installSpeech([
      { lang: 'en-US', name: 'English' },
      { lang: 'zh-CN', name: 'Tingting' }
    ])
    expect(await chooseSpeechEngine()).toBe('browser')
    expect(mockSpokenTexts).toEqual([])
  })

  it('waits for voiceschanged when the voice list is still empty', async () => {
    const speech = installSpeech([{ lang: 'zh_CN', name: 'Android 中文' }], { voicesLater: true })
    const choice = chooseSpeechEngine()
    setTimeout(() => speech.loadVoices(), 20)
    expect(await choice).toBe('browser')
  })

  it('falls back to the BFF when the browser has voices but none Mandarin (Cantonese does not count)', async () => {
    installSpeech([
      { lang: 'en-US', name: 'English' },
      { lang: 'zh-HK', name: 'Sinji' }
    ])
    expect(await chooseSpeechEngine()).toBe('bff')
    expect(mockSpokenTexts).toEqual([PROBE_TEXT])
  })

  it('falls back to the BFF without speechSynthesis (Android WebView), and hides nothing', async () => {
    expect(await chooseSpeechEngine()).toBe('bff')
  })

  it('answers none when the BFF cannot be reached either, and asks again later', async () => {
    server.use(http.post('*/api/v1/tts', () => HttpResponse.error()))
    expect(await chooseSpeechEngine()).toBe('none')
    server.resetHandlers()
    expect(await chooseSpeechEngine()).toBe('bff')
  })

  it('never uses speechSynthesis in a mini-program: posts to /api/v1/tts with Taro.request', async () => {
    installSpeech([{ lang: 'zh-CN', name: 'Tingting' }])
    process.env.TARO_ENV = 'weapp'
    const request = jest.spyOn(Taro, 'request')
    expect(await chooseSpeechEngine()).toBe('bff')
    expect(request).toHaveBeenCalledWith(expect.objectContaining({ method: 'POST', url: expect.stringMatching(/\/api\/v1\/tts$/), responseType: 'arraybuffer' }))
    expect(mockSpokenTexts).toEqual([PROBE_TEXT])
  })

  it('Alipay: asks my.request for bytes with dataType arraybuffer (it has no responseType)', async () => {
    process.env.TARO_ENV = 'alipay'
    const request = jest.spyOn(Taro, 'request')
    expect(await chooseSpeechEngine()).toBe('bff')
    expect(request).toHaveBeenCalledWith(expect.objectContaining({ dataType: 'arraybuffer', responseType: 'arraybuffer' }))
  })
})

describe('reading through the BFF', () => {
  it('mini-program: writes the WAV to a file and plays it with an InnerAudioContext, part after part', async () => {
    process.env.TARO_ENV = 'weapp'
    const written: Array<{ filePath: string; data: ArrayBuffer }> = []
    jest.spyOn(Taro, 'getFileSystemManager').mockImplementation((() => ({
      writeFile: (o: { filePath: string; data: ArrayBuffer; success: () => void }) => {
        written.push(o)
        setTimeout(o.success, 0)
      }
    })) as never)
    const played: string[] = []
    jest.spyOn(Taro, 'createInnerAudioContext').mockImplementation((() => {
      const ctx = {
        src: '',
        ended: null as null | (() => void),
        onEnded: (fn: () => void) => (ctx.ended = fn),
        onError: () => undefined,
        play: () => {
          played.push(ctx.src)
          setTimeout(() => ctx.ended?.(), 0)
        },
        stop: jest.fn(),
        destroy: jest.fn()
      }
      return ctx
    }) as never)
    const long = '第一句话讲参保。'.repeat(60)
    const session = readAloud(long, 'bff')
    await session.done
    const parts = splitForSpeech(long, BFF_PART_MAX)
    expect(parts.length).toBeGreaterThan(1)
    expect(mockSpokenTexts).toEqual(parts)
    expect(played).toHaveLength(parts.length)
    const head = new Uint8Array(written[0].data.slice(0, 4))
    expect(String.fromCharCode(...head)).toBe('RIFF')
    expect(played[0]).toBe(written[0].filePath)
  })

  it('H5 without a Chinese voice: plays the WAV in an audio element and stops it on request', async () => {
    const audios: Array<{ src: string; paused: boolean; onended: null | (() => void) }> = []
    const AudioMock = jest.fn().mockImplementation((src: string) => {
      const a = { src, paused: true, onended: null, onerror: null, play: () => ((a.paused = false), Promise.resolve()), pause: () => (a.paused = true) }
      audios.push(a)
      return a
    })
    const g = globalThis as unknown as { Audio: unknown; URL: { createObjectURL?: unknown; revokeObjectURL?: unknown } }
    const saved = { Audio: g.Audio, create: g.URL.createObjectURL, revoke: g.URL.revokeObjectURL }
    g.Audio = AudioMock
    g.URL.createObjectURL = jest.fn(() => 'blob:tts')
    g.URL.revokeObjectURL = jest.fn()
    try {
      const playing = jest.fn()
      const session = readAloud('您的办件已受理。', 'bff', playing)
      await waitFor(() => expect(audios).toHaveLength(1))
      expect(playing).toHaveBeenCalled()
      expect(audios[0].paused).toBe(false)
      session.stop()
      await session.done
      expect(audios[0].paused).toBe(true)
      expect(mockSpokenTexts).toEqual(['您的办件已受理。'])
    } finally {
      g.Audio = saved.Audio
      g.URL.createObjectURL = saved.create
      g.URL.revokeObjectURL = saved.revoke
    }
  })
})

describe('splitting a text for speech', () => {
  it('keeps every character, in order, in parts no longer than the limit, cut at sentence ends first', () => {
    const text = '一、申请条件：参保人员。二、所需材料：身份证。' + '很长的一句话没有标点'.repeat(40)
    const parts = splitForSpeech(text, 50)
    expect(parts.every((p) => [...p].length <= 50)).toBe(true)
    expect(parts.join('')).toBe(normalizeSpeechText(text))
    expect(parts[0].endsWith('。')).toBe(true)
    expect(splitForSpeech('  \n ', 50)).toEqual([])
  })
})

describe('ReadAloudButton', () => {
  it('is hidden when no engine works', async () => {
    server.use(http.post('*/api/v1/tts', () => HttpResponse.error()))
    const { container } = render(<ReadAloudButton getText={() => '办事指南'} />)
    await act(() => chooseSpeechEngine())
    expect(screen.queryByRole('button')).toBeNull()
    expect(container).toBeEmptyDOMElement()
  })

  it('reads getText() with a zh-CN voice, toggles 朗读 / 停止朗读, and goes back when reading ends', async () => {
    const speech = installSpeech([{ lang: 'zh-CN', name: 'Tingting' }])
    render(<ReadAloudButton getText={() => '医保掌上办。办事指南。'} />)
    const button = await screen.findByRole('button', { name: '朗读本页内容' })
    expect(button).toHaveTextContent('朗读')
    fireEvent.click(button)
    expect(await screen.findByRole('button', { name: '停止朗读' })).toHaveAttribute('aria-pressed', 'true')
    expect(speech.spoken[0]).toMatchObject({ text: '医保掌上办。办事指南。', lang: 'zh-CN' })
    act(() => speech.finish())
    expect(await screen.findByRole('button', { name: '朗读本页内容' })).toHaveAttribute('aria-pressed', 'false')
  })

  it('stops when tapped again, when the page is hidden, and when it unmounts', async () => {
    const speech = installSpeech([{ lang: 'zh-CN', name: 'Tingting' }])
    const { unmount } = render(<ReadAloudButton getText={() => '第一步，填写申请表。'} />)
    fireEvent.click(await screen.findByRole('button', { name: '朗读本页内容' }))
    fireEvent.click(await screen.findByRole('button', { name: '停止朗读' }))
    expect(speech.synth.cancel).toHaveBeenCalledTimes(2) // once before speaking, once to stop
    expect(await screen.findByRole('button', { name: '朗读本页内容' })).toBeInTheDocument()

    fireEvent.click(screen.getByRole('button', { name: '朗读本页内容' }))
    await screen.findByRole('button', { name: '停止朗读' })
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'))
    })
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    expect(await screen.findByRole('button', { name: '朗读本页内容' })).toBeInTheDocument()
    const afterHide = speech.synth.cancel.mock.calls.length

    fireEvent.click(screen.getByRole('button', { name: '朗读本页内容' }))
    await screen.findByRole('button', { name: '停止朗读' })
    const beforeUnmount = speech.synth.cancel.mock.calls.length
    expect(beforeUnmount).toBe(afterHide + 1)
    unmount()
    expect(speech.synth.cancel).toHaveBeenCalledTimes(beforeUnmount + 1)
  })
})
