import fp from 'fastify-plugin'
import { join } from 'node:path'
import { createAgencyAdapter, type AgencyAdapter } from '../../adapters/agency'
import { createCatalogSource, loadRepoCatalog, type CatalogSeed, type SeedOutcome } from '../../adapters/catalog'
import { CatalogService } from '../../services/catalog'
import { SearchService } from '../../services/search'

declare module 'fastify' {
  interface FastifyInstance {
    catalog: CatalogService
    searchService: SearchService
    /** what the embedded catalog adapter did on start (seeded, updated, kept) */
    seed: SeedOutcome
    /** what the agency advises: smart check, query answers, reminder proposals */
    agency: AgencyAdapter
  }
}

/** The catalog of service items and regions, the search engine over it, and the agency's advice on its items. */
export const catalogPlugin = fp<{ loadCatalog?: () => CatalogSeed }>(
  async (app, opts) => {
    const { source, seed } = await createCatalogSource(app.config.catalogSource, app.db, opts.loadCatalog ?? loadRepoCatalog)
    if (seed.action !== 'kept') app.log.info({ seed }, 'catalog seeded')
    const catalog = await CatalogService.load(source)
    app.decorate('catalog', catalog)
    app.decorate('seed', seed)
    const indexDir = app.config.searchIndexDir ?? join(app.config.dataDir, 'search-index')
    const search = await SearchService.build(app.db, catalog, await source.synonyms(), indexDir)
    if (search.index.source === 'built') app.log.info({ searchIndex: search.index }, 'search index built')
    app.decorate('searchService', search)
    app.decorate(
      'agency',
      createAgencyAdapter('embedded', {
        dataSharing: app.dataSharing,
        regionName: (code) => catalog.servedRegion(code)?.node.name ?? null
      })
    )
  },
  { name: 'yb-catalog', dependencies: ['yb-infrastructure'] }
)
