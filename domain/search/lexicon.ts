/**
 * Pinyin → hanzi for the words the search knows: the synonym phrases citizens use (社保卡, 车祸), the catalog's
 * field texts and its character bigrams. A latin query spelled as a run of these words (shebaoka, yidi就医报销,
 * 生育jintie) is read as the hanzi it spells and searched like a hanzi query, so the synonym rules and the guides'
 * lines apply to it too; what cannot be spelled this way is left to the engine's pinyin matching.
 */
/**
 * Map / Set by their tag, not instanceof: a deserializer may create them in another realm (node:v8 under jest's vm
 * contexts), where they are Maps all the same. For the snapshots' checks here and in engine.ts.
 */
export const isMap = (x: unknown): x is Map<unknown, unknown> => Object.prototype.toString.call(x) === '[object Map]'
export const isSet = (x: unknown): x is Set<unknown> => Object.prototype.toString.call(x) === '[object Set]'

/** PinyinLexicon.snapshot(): its table as plain data. */
export interface LexiconSnapshot {
  words: Map<string, string>
  longest: number
}

export class PinyinLexicon {
  /** full toneless pinyin → the hanzi word first registered with it */
  private readonly words = new Map<string, string>()
  private longest = 0

  /** `sound` gives the primary toneless pinyin of a text; earlier entries win over later ones with the same sound. */
  constructor(entries: Iterable<string>, sound: (text: string) => string) {
    for (const word of entries) {
      // one-syllable words would spell almost anything: only words of two characters or more
      if (Array.from(word).length < 2) continue
      const key = sound(word)
      if (!/^[a-z]+$/.test(key) || this.words.has(key)) continue
      this.words.set(key, word)
      this.longest = Math.max(this.longest, key.length)
    }
  }

  snapshot(): LexiconSnapshot {
    return { words: this.words, longest: this.longest }
  }

  /** A lexicon from its snapshot, or null when it is not one. */
  static restore(s: unknown): PinyinLexicon | null {
    const o = s as Partial<LexiconSnapshot> | null
    if (!o || !isMap(o.words) || typeof o.longest !== 'number') return null
    const lexicon = new PinyinLexicon([], () => '')
    o.words!.forEach((word, key) => lexicon.words.set(key, word))
    lexicon.longest = o.longest
    return lexicon
  }

  /**
   * The hanzi a run of letters spells as known words, the fewest words first (zhuanyi → 转移, not 转 + 移), or null
   * when it cannot be spelled with them.
   */
  toHanzi(letters: string): string | null {
    const n = letters.length
    if (n < 3) return null
    // best[i]: fewest words spelling letters[0..i), with the word ending there
    const best: Array<{ count: number; from: number; word: string } | null> = new Array(n + 1).fill(null)
    best[0] = { count: 0, from: 0, word: '' }
    for (let i = 0; i < n; i += 1) {
      const at = best[i]
      if (!at) continue
      for (let len = Math.min(this.longest, n - i); len >= 3; len -= 1) {
        const word = this.words.get(letters.slice(i, i + len))
        if (!word) continue
        const prev = best[i + len]
        if (!prev || at.count + 1 < prev.count) best[i + len] = { count: at.count + 1, from: i, word }
      }
    }
    if (!best[n]) return null
    const out: string[] = []
    for (let i = n; i > 0; i = best[i]!.from) out.unshift(best[i]!.word)
    return out.join('')
  }
}
