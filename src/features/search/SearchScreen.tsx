import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { SEARCH_QUERY_MAX, type SearchHelp, type SearchHit } from '@contract'
import { matchAppFunctions, type AppFunction } from '@/shared/appFunctions'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { useCurrentRegion } from '@/shared/region/store'
import { AsyncView, Button, Cell, CellGroup, EmptyState, ModeTag, Notice, Screen } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchHotSearches, searchItems } from './api'
import { useSearchHistory } from './historyStore'
import './search.scss'

/**
 * 事项搜索 (001 §3.1.3; 001 §5.1.1: in the chosen region, search a keyword, then pick the item). Colloquial words
 * and full questions work (the BFF expands synonyms and pinyin and reads the guides' FAQ and prohibitions); each row
 * says in one line why it is suggested; a search never ends with nothing to do: 12393 and the region's agency are
 * offered when no item fits, and under the results. History is kept across restarts; hot searches come from the BFF.
 */
export function SearchScreen({ initialQuery }: { initialQuery?: string }) {
  const { region } = useCurrentRegion()
  const [text, setText] = useState(initialQuery ?? '')
  const [query, setQuery] = useState<string | null>(initialQuery?.trim() ? initialQuery.trim() : null)
  const [inputError, setInputError] = useState<string | null>(null)
  const addHistory = useSearchHistory((s) => s.add)

  const submit = (raw: string) => {
    const q = raw.trim()
    setText(raw)
    if (!q) {
      setInputError('请输入要查找的事项')
      return
    }
    setInputError(null)
    setQuery(q)
    addHistory(q)
  }

  return (
    <Screen className='search'>
      <View className='search-bar' {...role('search')}>
        <Input
          className='search-bar__input'
          value={text}
          placeholder='输入事项名称或您的说法，如“看病报销”'
          placeholderClass='search-bar__placeholder'
          confirmType='search'
          maxlength={SEARCH_QUERY_MAX}
          focus
          aria-label='搜索事项'
          onInput={(e) => setText(e.detail.value)}
          onConfirm={(e) => submit(e.detail.value)}
        />
        <Button size='small' onClick={() => submit(text)}>
          搜索
        </Button>
      </View>
      <Text className='search-region'>在「{region.fullName}」范围内搜索</Text>
      {inputError ? <Notice tone='danger' title={inputError} /> : null}
      {query === null ? <SearchStart onPick={submit} /> : <SearchResults query={query} regionCode={region.code} />}
    </Screen>
  )
}

function SearchStart({ onPick }: { onPick: (q: string) => void }) {
  const history = useSearchHistory((s) => s.queries)
  const clear = useSearchHistory((s) => s.clear)
  const hot = useQuery('hot-searches', fetchHotSearches)
  return (
    <View>
      {history.length > 0 ? (
        <View className='search-block'>
          <View className='search-block__head'>
            <Text className='search-block__title'>搜索历史</Text>
            <Button variant='text' size='small' onClick={clear}>
              清空历史
            </Button>
          </View>
          <View className='search-chips'>
            {history.map((q) => (
              <Text key={q} className='search-chip' {...role('button')} onClick={() => onPick(q)}>
                {q}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
      <View className='search-block'>
        <View className='search-block__head'>
          <Text className='search-block__title'>热门搜索</Text>
        </View>
        <AsyncView query={hot} loadingText='正在加载热门搜索…' isEmpty={(h) => h.length === 0} empty={<EmptyState title='暂无热门搜索' />}>
          {(list) => (
            <View className='search-chips'>
              {list.map((q) => (
                <Text key={q} className='search-chip search-chip--hot' {...role('button')} onClick={() => onPick(q)}>
                  {q}
                </Text>
              ))}
            </View>
          )}
        </AsyncView>
      </View>
    </View>
  )
}

function SearchResults({ query, regionCode }: { query: string; regionCode: string }) {
  const result = useQuery(`search:${regionCode}:${query}`, () => searchItems(query, regionCode))
  const functions = matchAppFunctions(query)
  return (
    <View>
      {functions.length > 0 ? <FunctionResults functions={functions} /> : null}
      <AsyncView
        query={result}
        loadingText='正在搜索…'
        isEmpty={(r) => r.items.length === 0 && functions.length > 0}
        empty={<View />}
      >
        {(r) =>
          r.items.length === 0 ? (
            <View>
              <EmptyState
                title={`没有找到与“${query}”相关的事项`}
                hint='换个说法试试，如“报销”“备案”“参保”，或按部门查找；也可以打电话问一问'
                action={
                  <Button variant='secondary' onClick={() => navigate(ROUTES.departments, { region: regionCode })}>
                    按部门查找
                  </Button>
                }
              />
              <AskByPhone help={r.help} title='打电话咨询' />
            </View>
          ) : (
            <View>
              <Text className='search-count'>找到 {r.items.length} 个相关事项</Text>
              <CellGroup>
                {r.items.map((hit) => (
                  <Cell
                    key={hit.id}
                    title={hit.popularName}
                    description={hit.name}
                    meta={<HitMeta hit={hit} />}
                    onClick={() => navigate(ROUTES.guide, { id: hit.id, region: regionCode })}
                  />
                ))}
              </CellGroup>
              <AskByPhone help={r.help} title='没有要找的事项？打电话咨询' />
            </View>
          )
        }
      </AsyncView>
    </View>
  )
}

/** Functions of the app the query names (长辈版 for 关怀版, 大字版, 老年…), above the items. */
function FunctionResults({ functions }: { functions: AppFunction[] }) {
  return (
    <CellGroup title='应用功能'>
      {functions.map((f) => (
        <Cell key={f.key} title={f.title} description={f.description} onClick={() => navigate(f.route)} />
      ))}
    </CellGroup>
  )
}

/**
 * A result row's extra lines: why it is suggested, in the citizen's words (hit.reason: 指南常见问题：发票丢了还能报销吗？),
 * and the item's 办理方式. How the engine matched it (matchedBy: 近义词, 纠错：以→医…) is for tuning search; it stays
 * in the API answer.
 */
function HitMeta({ hit }: { hit: SearchHit }) {
  return (
    <View className='search-hit-meta'>
      <Text className='search-reason'>{hit.reason}</Text>
      <ModeTag mode={hit.handlingMode} />
    </View>
  )
}

/** The dialable part of a phone as the catalog writes it: 0578-2000102（示例） → 0578-2000102. */
function dialable(phone: string): string {
  return phone.replace(/[（(].*$/, '').replace(/[^\d-]/g, '')
}

/**
 * Whom to ask when the search has not found what the person wants: 12393 (医疗保障服务热线) and the region's
 * 医保经办机构 with its hours. A tap dials (Taro.makePhoneCall: the phone's dialler on weapp, alipay and H5).
 */
function AskByPhone({ help, title }: { help: SearchHelp; title: string }) {
  const call = (phone: string) => void Taro.makePhoneCall({ phoneNumber: dialable(phone) }).catch(() => undefined)
  const agency = help.agency
  return (
    <CellGroup title={title}>
      <Cell title={`拨打 ${help.hotline}`} description='医疗保障服务热线' onClick={() => call(help.hotline)} />
      {agency ? (
        <Cell title={`拨打 ${agency.phone}`} description={`${agency.name}，${agency.hours}`} onClick={() => call(agency.phone)} />
      ) : null}
    </CellGroup>
  )
}
