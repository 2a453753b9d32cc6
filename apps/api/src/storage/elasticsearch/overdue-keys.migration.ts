import { Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { StoredNotification } from '../../notifications/notification.repository.js';
import { Coordination } from './coordination.js';
import { notificationDocumentId } from './elasticsearch-notification.repository.js';
import type { IndexNames } from './index-names.js';
import { scanAll } from './scan.js';

const DONE_MARKER = 'migration:overdue-keys-by-due-date';
const BATCH = 500;
const OLD_OVERDUE_KEY = /^overdue:(.+):(\d{4}-\d{2}-\d{2})$/;
const NEW_OVERDUE_KEY = /^overdue:\d{4}-\d{2}-\d{2}:/;

/**
 * An overdue notification's key of the old form (`overdue:<customer id>:<due date>`) in the
 * new one (`overdue:<due date>:<customer id>`, see SQLite migration 013); null for any other.
 */
export function reorderedOverdueKey(key: string | null): string | null {
  if (!key || NEW_OVERDUE_KEY.test(key)) return null;
  const match = OLD_OVERDUE_KEY.exec(key);
  return match ? `overdue:${match[2]}:${match[1]}` : null;
}

/**
 * Moves overdue notifications stored under the old key form to the document id of the new one
 * (ids derive from the key), so that none of them is notified again. Once (a marker records
 * it), under the migration lock; an original goes only once its copy is stored, and a repeated
 * run finds the copy already there (409), so a failed or interrupted run repeats safely.
 */
export class OverdueKeysMigration {
  private readonly logger = new Logger(OverdueKeysMigration.name);

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {}

  run(): Promise<void> {
    return new Coordination(this.elasticsearch, this.indices).once(DONE_MARKER, async () => {
      const index = this.indices.alias('notifications');
      let moved = 0;
      for await (const batch of scanAll<StoredNotification>(this.elasticsearch, {
        index,
        query: { bool: { filter: [{ term: { kind: 'payment_overdue' } }] } },
        sort: [{ id: { order: 'asc' } }],
        batchSize: BATCH,
      })) {
        moved += await this.move(index, batch);
      }
      if (moved > 0) this.logger.warn({ notifications: moved }, 'Moved overdue notification keys');
    });
  }

  /** Moves a batch's overdue notifications of the old key form; how many. */
  private async move(index: string, batch: StoredNotification[]): Promise<number> {
    const legacy = batch.flatMap((notification) => {
      const key = reorderedOverdueKey(notification.dedupeKey);
      return key ? [{ notification, copy: { ...notification, dedupeKey: key } }] : [];
    });
    if (legacy.length === 0) return 0;
    // Copies first, in a request of their own: an original goes only once its copy is stored
    // (now, or by an earlier run: 409), as a bulk request applies its items in no set order and
    // goes on past a failed one.
    const copies = await this.elasticsearch.bulk({
      operations: legacy.flatMap(({ copy }) => [
        { create: { _index: index, _id: notificationDocumentId(copy) } },
        copy,
      ]),
      refresh: 'wait_for',
    });
    const copied = legacy.filter((_, position) => {
      const result = copies.items[position]?.create;
      return result !== undefined && (!result.error || result.status === 409);
    });
    if (copied.length > 0) {
      const originals = await this.elasticsearch.bulk({
        operations: copied.map(({ notification }) => ({
          delete: { _index: index, _id: notificationDocumentId(notification) },
        })),
        refresh: 'wait_for',
      });
      const failed = originals.items.find(
        (item) => item.delete?.error && item.delete.status !== 404,
      );
      if (failed) throw new Error(`Removing moved notifications failed: ${JSON.stringify(failed)}`);
    }
    if (copied.length < legacy.length) {
      const failed = copies.items.find((item) => item.create?.error && item.create.status !== 409);
      throw new Error(`Copying overdue notifications failed: ${JSON.stringify(failed)}`);
    }
    return copied.length;
  }
}
