import { Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { StoredNotification } from '../../notifications/notification.repository.js';
import { getDocument } from './elasticsearch-errors.js';
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
 * it), under the migration lock; the copy is created before the original goes, and a repeated
 * run finds the copy already there (409), so an interrupted run repeats safely.
 */
export class OverdueKeysMigration {
  private readonly logger = new Logger(OverdueKeysMigration.name);

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {}

  async run(): Promise<void> {
    const coordination = this.indices.alias('coordination');
    if (await getDocument(this.elasticsearch, { index: coordination, id: DONE_MARKER })) return;
    const index = this.indices.alias('notifications');
    let moved = 0;
    for await (const batch of scanAll<StoredNotification>(this.elasticsearch, {
      index,
      query: { bool: { filter: [{ term: { kind: 'payment_overdue' } }] } },
      sort: [{ id: { order: 'asc' } }],
      batchSize: BATCH,
    })) {
      const operations: object[] = [];
      for (const notification of batch) {
        const key = reorderedOverdueKey(notification.dedupeKey);
        if (!key) continue;
        const copy = { ...notification, dedupeKey: key };
        operations.push({ create: { _index: index, _id: notificationDocumentId(copy) } }, copy);
        operations.push({ delete: { _index: index, _id: notificationDocumentId(notification) } });
        moved += 1;
      }
      if (operations.length === 0) continue;
      const response = await this.elasticsearch.bulk({ operations, refresh: 'wait_for' });
      const failed = response.items.find((item) => {
        const result = item.create ?? item.delete;
        return result?.error && result.status !== 409 && result.status !== 404;
      });
      if (failed)
        throw new Error(`Moving overdue notification keys failed: ${JSON.stringify(failed)}`);
    }
    await this.elasticsearch.index({
      index: coordination,
      id: DONE_MARKER,
      document: { kind: DONE_MARKER, acquiredAt: new Date().toISOString() },
      refresh: 'wait_for',
    });
    if (moved > 0) this.logger.warn({ notifications: moved }, 'Moved overdue notification keys');
  }
}
