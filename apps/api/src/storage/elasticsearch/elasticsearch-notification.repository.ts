import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import type { estypes } from '@elastic/elasticsearch';

import type { Notification } from '@collection-desk/contracts';

import { deterministicUuid } from '../../common/ids/deterministic-uuid.js';
import {
  type NotificationQuery,
  NotificationRepository,
  type StoredNotification,
} from '../../notifications/notification.repository.js';
import { getDocument, TranslatesElasticsearchErrors } from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';

interface ReadDocument {
  userId: string;
  notificationId?: string;
  readUpTo?: string;
}

/** Derived from the dedupe key when there is one, so that a second such notification is refused. */
export function notificationDocumentId(notification: StoredNotification): string {
  return notification.dedupeKey
    ? deterministicUuid(`notification\n${notification.dedupeKey}`)
    : notification.id;
}

/** Reads above a user's mark are few (marking all read clears them): fetched whole. */
const MAX_SINGLE_READS = 10_000;

/**
 * Notifications in Elasticsearch. Exactly-once per dedupe key: such a notification's document id
 * is derived from its key and created with `op_type: create`, so a second one is refused by the
 * cluster whatever the number of instances. Read state: a mark document per user and a document
 * per single read above it.
 */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchNotificationRepository extends NotificationRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async insertMany(notifications: readonly StoredNotification[]): Promise<StoredNotification[]> {
    if (notifications.length === 0) return [];
    const response = await this.elasticsearch.bulk({
      refresh: 'wait_for',
      operations: notifications.flatMap((notification) => [
        {
          create: {
            _index: this.indices.alias('notifications'),
            _id: notificationDocumentId(notification),
          },
        },
        notification,
      ]),
    });
    return notifications.filter((_, index) => {
      const result = response.items[index]?.create;
      if (!result?.error) return true;
      if (result.status === 409) return false;
      throw new Error(`Storing notifications failed: ${JSON.stringify(result.error)}`);
    });
  }

  async list(userId: string, query: NotificationQuery): Promise<Notification[]> {
    const { mark, reads } = await this.readState(userId);
    const filter: estypes.QueryDslQueryContainer[] = [];
    const mustNot: estypes.QueryDslQueryContainer[] = [];
    if (query.kinds?.length) filter.push({ terms: { kind: query.kinds } });
    if (query.assigneeId) filter.push({ term: { assigneeId: query.assigneeId } });
    const range: Record<string, string> = {};
    if (query.after) range['gt'] = query.after;
    if (query.before) range['lt'] = query.before;
    if (query.unread) {
      if (mark) range['gt'] = !range['gt'] || mark > range['gt'] ? mark : range['gt'];
      if (reads.size > 0) mustNot.push({ terms: { id: [...reads] } });
    }
    if (Object.keys(range).length > 0) filter.push({ range: { id: range } });
    const response = await this.elasticsearch.search<StoredNotification>({
      index: this.indices.alias('notifications'),
      query: { bool: { filter, must_not: mustNot } },
      sort: [{ id: { order: 'desc' } }],
      size: query.limit,
    });
    return response.hits.hits.flatMap((hit) => {
      const source = hit._source;
      if (!source) return [];
      return [
        {
          id: source.id,
          kind: source.kind,
          title: source.title,
          message: source.message,
          customerId: source.customerId ?? null,
          paymentId: source.paymentId ?? null,
          actorId: source.actorId ?? null,
          createdAt: source.createdAt,
          read: (mark !== null && source.id <= mark) || reads.has(source.id),
        },
      ];
    });
  }

  async unreadCount(userId: string): Promise<number> {
    const { mark, reads } = await this.readState(userId);
    const response = await this.elasticsearch.count({
      index: this.indices.alias('notifications'),
      query: {
        bool: {
          filter: mark ? [{ range: { id: { gt: mark } } }] : [],
          must_not: reads.size > 0 ? [{ terms: { id: [...reads] } }] : [],
        },
      },
    });
    return response.count;
  }

  async markRead(userId: string, id: string): Promise<boolean> {
    const found = await this.elasticsearch.search({
      index: this.indices.alias('notifications'),
      query: { term: { id } },
      size: 0,
      track_total_hits: 1,
    });
    const total = found.hits.total;
    if ((typeof total === 'number' ? total : (total?.value ?? 0)) === 0) return false;
    await this.elasticsearch.index({
      index: this.indices.alias('notification-reads'),
      id: `${userId}:${id}`,
      document: { userId, notificationId: id } satisfies ReadDocument,
      refresh: 'wait_for',
    });
    return true;
  }

  async markAllRead(userId: string, upTo: string): Promise<void> {
    // A painless max: a late, older "read all" never moves the mark back.
    await this.elasticsearch.update({
      index: this.indices.alias('notification-reads'),
      id: `mark:${userId}`,
      script: {
        source:
          'if (ctx._source.readUpTo == null || ctx._source.readUpTo.compareTo(params.upTo) < 0) { ctx._source.readUpTo = params.upTo } else { ctx.op = "noop" }',
        params: { upTo },
      },
      upsert: { userId, readUpTo: upTo } satisfies ReadDocument,
      retry_on_conflict: 5,
      refresh: 'wait_for',
    });
    await this.elasticsearch.deleteByQuery({
      index: this.indices.alias('notification-reads'),
      query: {
        bool: {
          filter: [{ term: { userId } }, { range: { notificationId: { lte: upTo } } }],
        },
      },
      refresh: true,
      conflicts: 'proceed',
    });
  }

  async latestId(): Promise<string | null> {
    const response = await this.elasticsearch.search<StoredNotification>({
      index: this.indices.alias('notifications'),
      sort: [{ id: { order: 'desc' } }],
      size: 1,
    });
    return response.hits.hits[0]?._source?.id ?? null;
  }

  async prune(createdBefore: string, userIds: readonly string[]): Promise<number> {
    // Conservatively, read by everyone means below every active user's read-all mark.
    let lowestMark: string | null = null;
    for (const userId of userIds) {
      const { mark } = await this.readState(userId);
      if (mark === null) return 0;
      if (lowestMark === null || mark < lowestMark) lowestMark = mark;
    }
    const filter: estypes.QueryDslQueryContainer[] = [
      { range: { createdAt: { lt: createdBefore } } },
    ];
    if (lowestMark !== null) filter.push({ range: { id: { lte: lowestMark } } });
    const response = await this.elasticsearch.deleteByQuery({
      index: this.indices.alias('notifications'),
      query: { bool: { filter } },
      refresh: true,
      conflicts: 'proceed',
    });
    return response.deleted ?? 0;
  }

  private async readState(userId: string): Promise<{ mark: string | null; reads: Set<string> }> {
    const [mark, reads] = await Promise.all([
      getDocument<ReadDocument>(this.elasticsearch, {
        index: this.indices.alias('notification-reads'),
        id: `mark:${userId}`,
      }),
      this.elasticsearch.search<ReadDocument>({
        index: this.indices.alias('notification-reads'),
        query: {
          bool: { filter: [{ term: { userId } }, { exists: { field: 'notificationId' } }] },
        },
        size: MAX_SINGLE_READS,
        _source: ['notificationId'],
      }),
    ]);
    return {
      mark: mark?._source?.readUpTo ?? null,
      reads: new Set(
        reads.hits.hits.flatMap((hit) =>
          hit._source?.notificationId ? [hit._source.notificationId] : [],
        ),
      ),
    };
  }
}
