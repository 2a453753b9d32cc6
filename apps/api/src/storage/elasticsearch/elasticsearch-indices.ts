import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import { getDocument, hasStatus, isConflict } from './elasticsearch-errors.js';
import { INDEX_DEFINITIONS, type IndexDefinition } from './index-definitions.js';
import { INDEX_VERSIONS, type IndexName, IndexNames } from './index-names.js';
import { FirstReleaseMigration } from './first-release.migration.js';
import { namePrefixesBackfill } from './name-prefixes.backfill.js';
import { OverdueKeysMigration } from './overdue-keys.migration.js';

const MIGRATION_LOCK = 'migration-lock';
/** A lock older than this belonged to an instance that died mid-migration. */
const MIGRATION_LOCK_TTL_MS = 10 * 60_000;
const LOCK_POLL_MS = 500;

type IndexState =
  | { kind: 'missing' }
  | { kind: 'current'; index: string }
  | { kind: 'older'; index: string; version: number }
  | { kind: 'newer'; index: string; version: number };

/**
 * Brings every index up to this release at start-up, under a lock so that several instances
 * starting together take turns:
 * - a missing index is created, versioned, behind its alias;
 * - the current version gets the mapping put on it (new fields are additive; an incompatible
 *   change is refused by Elasticsearch and stops the start);
 * - an older version is migrated: the next index is created, the old one reindexed into it, and
 *   the alias moved in one atomic `update_aliases`. The old index is kept for a rollback;
 * - a newer version (written by a later release) stops the start, as SQLite's migrations do.
 */
@Injectable()
export class ElasticsearchIndices implements OnModuleInit {
  private readonly logger = new Logger(ElasticsearchIndices.name);

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {}

  async onModuleInit(): Promise<void> {
    // The lock lives in the coordination index, so that one is ensured first, lock-free:
    // creating it twice is harmless.
    await this.ensure('coordination');
    const owner = await this.acquireLock();
    try {
      for (const name of Object.keys(INDEX_VERSIONS) as IndexName[]) {
        if (name !== 'coordination') await this.ensure(name);
      }
      await new FirstReleaseMigration(this.elasticsearch, this.indices).run();
      await this.elasticsearch.updateByQuery(namePrefixesBackfill(this.indices.alias('customers')));
      await new OverdueKeysMigration(this.elasticsearch, this.indices).run();
    } finally {
      await this.releaseLock(owner);
    }
  }

  /** Creates, updates or migrates one index (see the class comment). */
  async ensure(name: IndexName): Promise<void> {
    const state = await this.stateOf(name);
    switch (state.kind) {
      case 'missing':
        return this.create(name);
      case 'current':
        return this.putMapping(name, state.index);
      case 'older':
        return this.migrate(name, state.index);
      case 'newer':
        throw new Error(
          `The index ${state.index} was written by a newer release (version ${state.version}; this one knows ${this.indices.version(name)}). Run a newer release.`,
        );
    }
  }

  private async stateOf(name: IndexName): Promise<IndexState> {
    const alias = this.indices.alias(name);
    let concrete: string[];
    try {
      concrete = Object.keys(await this.elasticsearch.indices.getAlias({ name: alias }));
    } catch (error) {
      if (hasStatus(error, 404)) return { kind: 'missing' };
      throw error;
    }
    const versions = concrete
      .map((index) => ({ index, version: Number(/-v(\d+)$/.exec(index)?.[1] ?? 0) }))
      .sort((left, right) => right.version - left.version);
    const newest = versions[0];
    if (!newest) return { kind: 'missing' };
    const wanted = this.indices.version(name);
    if (newest.version === wanted) return { kind: 'current', index: newest.index };
    return newest.version < wanted ? { kind: 'older', ...newest } : { kind: 'newer', ...newest };
  }

  private async create(name: IndexName): Promise<void> {
    const index = this.indices.concrete(name);
    try {
      await this.elasticsearch.indices.create({
        index,
        ...this.withMeta(name),
        aliases: { [this.indices.alias(name)]: { is_write_index: true } },
      });
      this.logger.log({ index, alias: this.indices.alias(name) }, 'Index created');
    } catch (error) {
      // Another instance created it between our look and our create (coordination is lock-free).
      if (
        !hasStatus(error, 400) ||
        !String((error as Error).message).includes('resource_already_exists')
      )
        throw error;
    }
  }

  private async putMapping(name: IndexName, index: string): Promise<void> {
    const { mappings } = this.withMeta(name);
    await this.elasticsearch.indices.putMapping({
      index,
      properties: mappings?.properties,
      _meta: mappings?._meta,
      dynamic: mappings?.dynamic,
    });
  }

  private async migrate(name: IndexName, from: string): Promise<void> {
    const alias = this.indices.alias(name);
    const to = this.indices.concrete(name);
    this.logger.warn({ from, to }, 'Migrating an index to its next version');
    const exists = await this.elasticsearch.indices.exists({ index: to });
    if (!exists) await this.elasticsearch.indices.create({ index: to, ...this.withMeta(name) });
    const result = await this.elasticsearch.reindex({
      source: { index: from },
      dest: { index: to, op_type: 'index' },
      conflicts: 'proceed',
      refresh: true,
      wait_for_completion: true,
    });
    if ((result.failures ?? []).length > 0) {
      throw new Error(`Reindexing ${from} into ${to} failed: ${JSON.stringify(result.failures)}`);
    }
    await this.elasticsearch.indices.updateAliases({
      actions: [
        { remove: { index: from, alias } },
        { add: { index: to, alias, is_write_index: true } },
      ],
    });
    this.logger.warn({ from, to, documents: result.total }, 'Index migrated; the old one is kept');
  }

  private withMeta(name: IndexName): IndexDefinition {
    const definition = INDEX_DEFINITIONS[name];
    return {
      ...definition,
      mappings: {
        ...definition.mappings,
        _meta: { app: 'collection-desk', index: name, version: this.indices.version(name) },
      },
    };
  }

  /** Takes the migration lock, waiting for another instance's turn; an expired lock is taken over. */
  private async acquireLock(): Promise<string> {
    const owner = randomUUID();
    const index = this.indices.alias('coordination');
    for (;;) {
      const now = Date.now();
      const lock = {
        kind: MIGRATION_LOCK,
        holder: owner,
        acquiredAt: new Date(now).toISOString(),
        expiresAt: new Date(now + MIGRATION_LOCK_TTL_MS).toISOString(),
      };
      try {
        await this.elasticsearch.index({
          index,
          id: MIGRATION_LOCK,
          document: lock,
          op_type: 'create',
        });
        return owner;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
      const held = await getDocument<{ expiresAt: string }>(this.elasticsearch, {
        index,
        id: MIGRATION_LOCK,
      });
      if (held?._source && Date.parse(held._source.expiresAt) < now) {
        try {
          await this.elasticsearch.index({
            index,
            id: MIGRATION_LOCK,
            document: lock,
            if_seq_no: held._seq_no,
            if_primary_term: held._primary_term,
          });
          this.logger.warn('Took over an expired migration lock');
          return owner;
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
      }
      await sleep(LOCK_POLL_MS);
    }
  }

  private async releaseLock(owner: string): Promise<void> {
    const index = this.indices.alias('coordination');
    const held = await this.elasticsearch
      .get<{ holder: string }>({ index, id: MIGRATION_LOCK })
      .catch(() => null);
    if (held?._source?.holder !== owner) return;
    await this.elasticsearch
      .delete({
        index,
        id: MIGRATION_LOCK,
        if_seq_no: held._seq_no,
        if_primary_term: held._primary_term,
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'Could not release the migration lock; it expires'),
      );
  }
}
