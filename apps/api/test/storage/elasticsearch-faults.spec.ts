import { describe, expect, it } from 'vitest';

import { StorageUnavailableError } from '../../src/common/errors/domain-error.js';
import { Clock } from '../../src/common/time/clock.js';
import { AppConfig } from '../../src/config/app-config.js';
import {
  CustomerEmailTakenError,
  CustomerVersionConflictError,
} from '../../src/customers/customer.errors.js';
import { ElasticsearchCustomerRepository } from '../../src/storage/elasticsearch/elasticsearch-customer.repository.js';
import { ElasticsearchHealthIndicator } from '../../src/storage/elasticsearch/elasticsearch-health.indicator.js';
import { ElasticsearchIndices } from '../../src/storage/elasticsearch/elasticsearch-indices.js';
import { notificationDocumentId } from '../../src/storage/elasticsearch/elasticsearch-notification.repository.js';
import type { StoredNotification } from '../../src/notifications/notification.repository.js';
import { ElasticsearchPaymentRepository } from '../../src/storage/elasticsearch/elasticsearch-payment.repository.js';
import { ElasticsearchSessionRepository } from '../../src/storage/elasticsearch/elasticsearch-session.repository.js';
import { ElasticsearchUserRepository } from '../../src/storage/elasticsearch/elasticsearch-user.repository.js';
import { INDEX_VERSIONS, IndexNames } from '../../src/storage/elasticsearch/index-names.js';
import { PaymentIdempotencyKeyTakenError } from '../../src/payments/payment.errors.js';
import { AdminRosterChangedError } from '../../src/users/user.errors.js';
import { aCustomer, anEntry, changed, openingOf } from './customer-fixtures.js';
import {
  conflict,
  connectionReset,
  documentMissing,
  found,
  indexMissing,
  ScriptedCluster,
  status,
  timeout,
  written,
} from './scripted-cluster.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
class FixedClock extends Clock {
  override now(): Date {
    return NOW;
  }
}
const clock = new FixedClock(new AppConfig({ timeZone: 'UTC' } as AppConfig));
const names = new IndexNames('cd-');

function customers(cluster: ScriptedCluster) {
  return new ElasticsearchCustomerRepository(cluster.client, names, clock);
}

/** The copy of committed ledger entries to the ledger index, and the emptied outbox. */
function acceptLedgerCopies(cluster: ScriptedCluster, stored: () => unknown): void {
  cluster
    .on('POST', /^\/_bulk$/, { errors: false, items: [{ create: { status: 201 } }] })
    .on('POST', /^\/cd-customers\/_update\//, written())
    .on('GET', /^\/cd-customers\/_doc\//, () => stored());
}

describe('Elasticsearch adapters under injected faults', () => {
  describe('what the rest of the API sees of a failure', () => {
    const cases: [string, () => unknown, (error: unknown) => void][] = [
      [
        'a 429 (flood stage, queues full)',
        () => status(429),
        (error) => expect(error).toBeInstanceOf(StorageUnavailableError),
      ],
      [
        'a 503',
        () => status(503),
        (error) => expect(error).toBeInstanceOf(StorageUnavailableError),
      ],
      ['a timeout', timeout, (error) => expect(error).toBeInstanceOf(StorageUnavailableError)],
      [
        'a connection reset',
        connectionReset,
        (error) => expect(error).toBeInstanceOf(StorageUnavailableError),
      ],
      [
        'an expired API key (401)',
        () => status(401, { error: { type: 'security_exception', reason: 'api key expired' } }),
        (error) =>
          expect(error).toEqual(new Error('Elasticsearch refused a request (see the log).')),
      ],
      [
        'missing privileges (403)',
        () =>
          status(403, {
            error: {
              type: 'security_exception',
              reason: 'action [indices:data/read/get] is unauthorized',
            },
          }),
        (error) =>
          expect(error).toEqual(new Error('Elasticsearch refused a request (see the log).')),
      ],
      [
        'a missing index (404 with an error)',
        indexMissing,
        (error) =>
          expect(error).toEqual(new Error('Elasticsearch refused a request (see the log).')),
      ],
    ];

    it.each(cases)(
      'maps %s to a defined answer, never passing its status or text on',
      async (_, answer, check) => {
        const cluster = new ScriptedCluster().on('GET', /^\/cd-customers\/_doc\//, answer);
        const error = await customers(cluster)
          .findById('c-1')
          .catch((caught: unknown) => caught);
        check(error);
        expect(JSON.stringify(error)).not.toContain('cd-customers');
      },
    );

    it('reads a missing document (404, found: false) as "none"', async () => {
      const cluster = new ScriptedCluster().on('GET', /^\/cd-customers\/_doc\//, documentMissing());
      expect(await customers(cluster).findById('c-1')).toBeNull();
    });
  });

  describe('creating a customer', () => {
    it('reserves the email first, then commits the customer with its opening entry, then copies the entry', async () => {
      const customer = aCustomer({ email: 'Ada@Example.test' });
      const opening = openingOf(customer)!;
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-customer-emails\/_doc\//, written())
        .on('PUT', /^\/cd-customers\/_doc\//, written(1));
      acceptLedgerCopies(cluster, () =>
        found({ ...customer, outbox: [{ ...opening, sequence: 1 }], ledgerCount: 1 }, 1),
      );

      await customers(cluster).insert(customer, opening);

      const order = cluster.calls.map((call) => `${call.method} ${call.path.split('/')[1]}`);
      expect(order.slice(0, 2)).toEqual(['PUT cd-customer-emails', 'PUT cd-customers']);
      const [reservation] = cluster.sent(
        'PUT',
        /^\/cd-customer-emails\/_doc\/ada(%40|@)example\.test$/,
      );
      expect(reservation?.querystring).toEqual({ op_type: 'create' });
      const [commit] = cluster.sent('PUT', /^\/cd-customers\/_doc\//);
      expect(commit?.body).toMatchObject({
        outbox: [{ id: opening.id, sequence: 1 }],
        ledgerCount: 1,
      });
      const [copy] = cluster.sent('POST', /^\/_bulk$/);
      expect(copy?.body).toEqual([
        { create: { _index: 'cd-ledger', _id: opening.id } },
        { ...opening, sequence: 1 },
      ]);
      const [emptied] = cluster.sent('POST', /^\/cd-customers\/_update\//);
      expect(emptied?.body).toEqual({ doc: { outbox: [], paymentOutbox: [] } });
      expect(emptied?.querystring).toMatchObject({ if_seq_no: '1', if_primary_term: '1' });
    });

    it('releases the reservation after a definite refusal of the customer', async () => {
      const customer = aCustomer();
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-customer-emails\/_doc\//, written())
        .on(
          'PUT',
          /^\/cd-customers\/_doc\//,
          status(400, { error: { type: 'mapper_parsing_exception' } }),
        )
        .on(
          'GET',
          /^\/cd-customer-emails\/_doc\//,
          found({ customerId: customer.id, reservedAt: NOW.toISOString() }, 3),
        )
        .on('DELETE', /^\/cd-customer-emails\/_doc\//, { result: 'deleted' });

      await expect(customers(cluster).insert(customer, null)).rejects.toThrow();

      const [release] = cluster.sent('DELETE', /^\/cd-customer-emails\/_doc\//);
      expect(release?.querystring).toMatchObject({ if_seq_no: '3' });
    });

    it('re-reads after a timeout: a write that landed counts, the reservation stays', async () => {
      const customer = aCustomer();
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-customer-emails\/_doc\//, written())
        .on('PUT', /^\/cd-customers\/_doc\//, timeout());
      acceptLedgerCopies(cluster, () => found({ ...customer, outbox: [], ledgerCount: 0 }));

      await expect(customers(cluster).insert(customer, null)).resolves.toBeUndefined();
      expect(cluster.sent('DELETE', /./)).toEqual([]);
    });

    it('re-reads after a 503: a write that did not land fails as unavailable, and the reservation is left to be reclaimed', async () => {
      const customer = aCustomer();
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-customer-emails\/_doc\//, written())
        .on('PUT', /^\/cd-customers\/_doc\//, status(503))
        .on('GET', /^\/cd-customers\/_doc\//, documentMissing());

      await expect(customers(cluster).insert(customer, null)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      expect(cluster.sent('DELETE', /./)).toEqual([]);
    });

    it('reclaims a reservation abandoned by a crash (owner gone, older than a minute)', async () => {
      const customer = aCustomer({ email: 'taken@x.test' });
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-customer-emails\/_doc\//, (call) =>
          call.querystring['op_type'] === 'create' ? conflict() : written(),
        )
        .on(
          'GET',
          /^\/cd-customer-emails\/_doc\//,
          found({ customerId: 'crashed', reservedAt: '2026-11-25T11:58:00.000Z' }, 4),
        )
        .on('GET', /^\/cd-customers\/_doc\/crashed$/, documentMissing('crashed'))
        .on('PUT', /^\/cd-customers\/_doc\//, written());
      acceptLedgerCopies(cluster, () => found({ ...customer, outbox: [], ledgerCount: 0 }));
      cluster.on('GET', /^\/cd-customers\/_doc\/crashed$/, documentMissing('crashed'));

      await customers(cluster).insert(customer, null);

      const takeover = cluster.sent('PUT', /^\/cd-customer-emails\/_doc\//).at(-1);
      expect(takeover?.querystring).toMatchObject({ if_seq_no: '4', if_primary_term: '1' });
      expect(takeover?.body).toMatchObject({ customerId: customer.id });
    });

    it('keeps a reservation that a live customer holds, and a young one whose owner may still be writing', async () => {
      for (const [owner, reservedAt, ownerDocument] of [
        [
          'live',
          '2026-11-25T11:00:00.000Z',
          found({ ...aCustomer({ email: 'taken@x.test' }), outbox: [], ledgerCount: 0 }),
        ],
        ['in-flight', '2026-11-25T11:59:50.000Z', documentMissing()],
      ] as const) {
        const cluster = new ScriptedCluster()
          .on('PUT', /^\/cd-customer-emails\/_doc\//, conflict())
          .on('GET', /^\/cd-customer-emails\/_doc\//, found({ customerId: owner, reservedAt }))
          .on('GET', /^\/cd-customers\/_doc\//, ownerDocument);

        await expect(
          customers(cluster).insert(aCustomer({ email: 'taken@x.test' }), null),
        ).rejects.toBeInstanceOf(CustomerEmailTakenError);
      }
    });
  });

  describe('changing a balance', () => {
    it('commits the entry inside the customer document with if_seq_no, so both land or neither', async () => {
      const customer = aCustomer({ outstandingAmount: 100 });
      const next = changed(customer, { outstandingAmount: 60 });
      const entry = anEntry(next, -40);
      let stored: unknown = found({ ...customer, outbox: [], ledgerCount: 1 }, 11, 2);
      const cluster = new ScriptedCluster()
        .on('GET', /^\/cd-customers\/_doc\//, () => stored)
        .on('PUT', /^\/cd-customers\/_doc\//, (call) => {
          stored = found(call.body, 12, 2);
          return written(12);
        })
        .on('POST', /^\/_bulk$/, status(503))
        .on('POST', /^\/cd-customers\/_update\//, written(13));

      await customers(cluster).replace(next, 1, entry);

      const [commit] = cluster.sent('PUT', /^\/cd-customers\/_doc\//);
      expect(commit?.querystring).toMatchObject({ if_seq_no: '11', if_primary_term: '2' });
      expect(commit?.body).toMatchObject({
        outstandingAmount: 60,
        ledgerCount: 2,
        outbox: [{ id: entry.id, sequence: 2 }],
      });
      // The copy failed: the entry waits in the outbox, nothing is lost, the write stands.
      expect(cluster.sent('POST', /^\/cd-customers\/_update\//)).toEqual([]);

      cluster.on('POST', /^\/_bulk$/, { errors: true, items: [{ create: { status: 409 } }] });
      cluster.on('POST', /^\/cd-ledger\/_search$/, {
        hits: { total: { value: 0, relation: 'eq' }, hits: [] },
        aggregations: { balance: { value: 60 } },
      });
      expect(await customers(cluster).ledgerBalance(customer.id)).toBe(60);
      const [emptied] = cluster.sent('POST', /^\/cd-customers\/_update\//);
      expect(emptied?.querystring).toMatchObject({ if_seq_no: '12' });
    });

    it('turns a lost if_seq_no race into a version conflict naming the current version', async () => {
      const customer = aCustomer();
      let reads = 0;
      const cluster = new ScriptedCluster()
        .on('GET', /^\/cd-customers\/_doc\//, () => {
          reads += 1;
          return found({ ...customer, version: reads === 1 ? 1 : 2, outbox: [], ledgerCount: 0 });
        })
        .on('PUT', /^\/cd-customers\/_doc\//, conflict());

      await expect(
        customers(cluster).replace(changed(customer, { name: 'Late' }), 1),
      ).rejects.toMatchObject(new CustomerVersionConflictError(customer.id, 1, 2));
    });
  });

  describe('accounts', () => {
    const users = (cluster: ScriptedCluster) =>
      new ElasticsearchUserRepository(cluster.client, names, clock);
    const aUser = {
      id: 'u-1',
      email: 'first@desk.test',
      name: 'First',
      role: 'admin' as const,
      active: true,
      passwordHash: 'h',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      version: 1,
    };

    it('never makes the first user an agent because of a passing outage', async () => {
      const cluster = new ScriptedCluster().on(
        'PUT',
        /^\/cd-coordination\/_doc\/first-user$/,
        status(503),
      );
      await expect(users(cluster).insertFirst(aUser)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
    });

    it('takes over a first-user marker whose user was never stored', async () => {
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-coordination\/_doc\/first-user$/, (call) =>
          call.querystring['op_type'] === 'create' ? conflict() : written(),
        )
        .on(
          'GET',
          /^\/cd-coordination\/_doc\/first-user$/,
          found({ kind: 'first-user', userId: 'ghost', acquiredAt: '2026-11-25T11:00:00.000Z' }, 2),
        )
        .on('GET', /^\/cd-users\/_doc\/ghost$/, documentMissing('ghost'))
        .on('PUT', /^\/cd-user-emails\/_doc\//, written())
        .on('PUT', /^\/cd-users\/_doc\//, written())
        .on(
          'GET',
          /^\/cd-coordination\/_doc\/admin-roster$/,
          found({ kind: 'admin-roster', adminIds: ['u-1'] }),
        )
        .on('POST', /^\/cd-users\/_search$/, {
          hits: { total: { value: 1, relation: 'eq' }, hits: [{ _source: { id: 'u-1' } }] },
        })
        .on('GET', /^\/cd-users\/_doc\/u-1$/, found(aUser));

      expect(await users(cluster).insertFirst(aUser)).toBe(true);
      const takeover = cluster.sent('PUT', /^\/cd-coordination\/_doc\/first-user$/).at(-1);
      expect(takeover?.querystring).toMatchObject({ if_seq_no: '2' });
    });

    it('refuses a role change decided on a roster someone else changed meanwhile', async () => {
      const cluster = new ScriptedCluster()
        .on('GET', /^\/cd-users\/_doc\/u-1$/, found(aUser, 5))
        .on(
          'GET',
          /^\/cd-coordination\/_doc\/admin-roster$/,
          found({ kind: 'admin-roster', adminIds: ['u-1', 'u-2'] }, 9, 1),
        )
        .on('PUT', /^\/cd-coordination\/_doc\/admin-roster$/, conflict());

      await expect(
        users(cluster).replace({ ...aUser, role: 'agent', version: 2 }, 1, {
          expectedVersion: '1:9',
          adminIds: ['u-2'],
        }),
      ).rejects.toBeInstanceOf(AdminRosterChangedError);
      expect(cluster.sent('PUT', /^\/cd-users\/_doc\//)).toEqual([]);
    });

    it('revokes every session of a user with one update_by_query, and writes tokens without waiting for a refresh', async () => {
      const cluster = new ScriptedCluster()
        .on('POST', /^\/cd-sessions\/_update_by_query$/, { updated: 412 })
        .on('PUT', /^\/cd-sessions\/_doc\//, written())
        .on('PUT', /^\/cd-refresh-tokens\/_doc\//, written());
      const sessions = new ElasticsearchSessionRepository(cluster.client, names);

      await sessions.revokeAllOfUser('u-1', 'password-changed', NOW.toISOString());
      await sessions.start(
        {
          id: 's-1',
          userId: 'u-1',
          createdAt: NOW.toISOString(),
          expiresAt: NOW.toISOString(),
          revokedAt: null,
        },
        'hash',
      );

      const revokes = cluster.sent('POST', /_update_by_query$/);
      expect(revokes).toHaveLength(1);
      expect({ ...revokes[0]?.querystring, ...(revokes[0]?.body as object) }).toMatchObject({
        conflicts: 'proceed',
        refresh: 'true',
      });
      expect(cluster.sent('PUT', /^\/cd-refresh-tokens\//)[0]?.querystring).toEqual({
        op_type: 'create',
      });
    });
  });

  describe('index versions at start-up', () => {
    function startUp(cluster: ScriptedCluster, versions: typeof INDEX_VERSIONS) {
      cluster
        .on('HEAD', /./, {})
        .on('PUT', /^\/p-coordination\/_doc\/migration-lock$/, written())
        .on('GET', /^\/p-coordination\/_doc\/migration-lock$/, () => found({ holder: 'x' }))
        .on('GET', /^\/p-coordination\/_doc\/migration:first-release$/, found({ kind: 'done' }))
        .on(
          'GET',
          /^\/p-coordination\/_doc\/migration:overdue-keys-by-due-date$/,
          found({ kind: 'done' }),
        )
        .on('PUT', /\/_mapping$/, { acknowledged: true })
        .on('POST', /^\/p-customers\/_update_by_query$/, { updated: 0 })
        .on('GET', /^\/_alias\/p-/, (call) => {
          const name = call.path.replace('/_alias/', '');
          return { [`${name}-v1`]: { aliases: { [name]: {} } } };
        });
      return new ElasticsearchIndices(cluster.client, new IndexNames('p-', versions));
    }

    it('puts the mapping on current indices (new fields are additive)', async () => {
      const cluster = new ScriptedCluster();
      await startUp(cluster, INDEX_VERSIONS).onModuleInit();
      expect(cluster.sent('PUT', /^\/p-customers-v1\/_mapping$/)[0]?.body).toMatchObject({
        dynamic: 'strict',
        _meta: { version: 1 },
        properties: { wordPrefixes: { type: 'keyword' }, namePrefixes: { type: 'keyword' } },
      });
      // Customers stored before ranked search get their name prefixes, in place.
      const backfills = cluster.sent('POST', /_update_by_query$/);
      expect(backfills).toHaveLength(1);
      expect(backfills[0]?.body).toMatchObject({
        query: { bool: { must_not: [{ exists: { field: 'namePrefixes' } }] } },
        script: { lang: 'painless' },
      });
    });

    it('migrates an index of the previous version: create the next, reindex, swap the alias atomically', async () => {
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/p-customers-v2$/, { acknowledged: true })
        .on('POST', /^\/_reindex$/, { total: 3, failures: [] })
        .on('POST', /^\/_aliases$/, { acknowledged: true });
      cluster.on('HEAD', /^\/p-customers-v2$/, status(404));
      const indices = startUp(cluster, { ...INDEX_VERSIONS, customers: 2 as never });
      cluster.on('HEAD', /^\/p-customers-v2$/, status(404));

      await indices.onModuleInit();

      const steps = cluster.calls.map((call) => `${call.method} ${call.path}`);
      const create = steps.indexOf('PUT /p-customers-v2');
      const reindex = steps.indexOf('POST /_reindex');
      const swap = steps.indexOf('POST /_aliases');
      expect(create).toBeGreaterThan(-1);
      expect(reindex).toBeGreaterThan(create);
      expect(swap).toBeGreaterThan(reindex);
      expect(cluster.sent('POST', /^\/_reindex$/)[0]?.body).toMatchObject({
        source: { index: 'p-customers-v1' },
        dest: { index: 'p-customers-v2' },
      });
      expect(cluster.sent('POST', /^\/_aliases$/)[0]?.body).toEqual({
        actions: [
          { remove: { index: 'p-customers-v1', alias: 'p-customers' } },
          { add: { index: 'p-customers-v2', alias: 'p-customers', is_write_index: true } },
        ],
      });
    });

    describe('moving overdue notifications to keys that lead with the due date', () => {
      const customerId = '0b7e2c4e-93d1-4f0a-9c61-5f1f6a3d2e10';
      const notice = (id: string, dedupeKey: string): StoredNotification => ({
        id,
        kind: 'payment_overdue',
        title: 'Payment overdue',
        message: 'Acme owes 10.00 EUR',
        customerId,
        paymentId: null,
        actorId: null,
        assigneeId: null,
        dedupeKey,
        createdAt: '2026-11-01T00:00:00.000Z',
      });
      const first = notice('n-1', `overdue:${customerId}:2026-10-31`);
      const second = notice('n-2', `overdue:${customerId}:2026-09-30`);
      const current = notice('n-3', `overdue:2026-11-30:${customerId}`);
      const moved = (original: StoredNotification) => ({
        ...original,
        dedupeKey: `overdue:${original.dedupeKey!.slice(-10)}:${customerId}`,
      });

      /** A cluster holding the three, answering the copies' bulk request with `copies`. */
      function clusterWith(copies: object[]) {
        const cluster = new ScriptedCluster();
        const indices = startUp(cluster, INDEX_VERSIONS);
        cluster
          .on('GET', /^\/p-coordination\/_doc\/migration:overdue-keys-by-due-date$/, status(404))
          .on('POST', /^\/p-notifications\/_pit$/, { id: 'pit-1' })
          .on('POST', /^\/_search$/, () => ({
            hits: {
              hits:
                cluster.sent('POST', /^\/_search$/).length === 1
                  ? [first, second, current].map((source, index) => ({
                      _source: source,
                      sort: [source.id, index],
                    }))
                  : [],
            },
          }))
          .on('DELETE', /^\/_pit$/, { succeeded: true })
          .on('POST', /^\/_bulk$/, (call) =>
            (call.body as { create?: unknown }[])[0]?.create
              ? { errors: false, items: copies }
              : {
                  errors: false,
                  items: [{ delete: { status: 200 } }, { delete: { status: 200 } }],
                },
          )
          .on('PUT', /^\/p-coordination\/_doc\/migration:overdue-keys-by-due-date$/, written());
        return { cluster, indices };
      }

      it('copies each to the id of its new key, then removes the original, once', async () => {
        const { cluster, indices } = clusterWith([
          { create: { status: 201 } },
          { create: { status: 409, error: { type: 'version_conflict_engine_exception' } } },
        ]);

        await indices.onModuleInit();

        const [copies, originals] = cluster.sent('POST', /^\/_bulk$/);
        expect(copies?.body).toEqual([
          { create: { _index: 'p-notifications', _id: notificationDocumentId(moved(first)) } },
          moved(first),
          { create: { _index: 'p-notifications', _id: notificationDocumentId(moved(second)) } },
          moved(second),
        ]);
        // A copy an earlier, interrupted run stored (409) lets its original go too.
        expect(originals?.body).toEqual([
          { delete: { _index: 'p-notifications', _id: notificationDocumentId(first) } },
          { delete: { _index: 'p-notifications', _id: notificationDocumentId(second) } },
        ]);
        expect(cluster.sent('PUT', /migration:overdue-keys-by-due-date$/)).toHaveLength(1);
      });

      it('keeps an original whose copy failed, and runs again at the next start', async () => {
        const { cluster, indices } = clusterWith([
          { create: { status: 201 } },
          { create: { status: 429, error: { type: 'es_rejected_execution_exception' } } },
        ]);

        await expect(indices.onModuleInit()).rejects.toThrow(
          /Copying overdue notifications failed/,
        );

        const [, originals] = cluster.sent('POST', /^\/_bulk$/);
        expect(originals?.body).toEqual([
          { delete: { _index: 'p-notifications', _id: notificationDocumentId(first) } },
        ]);
        expect(cluster.sent('PUT', /migration:overdue-keys-by-due-date$/)).toEqual([]);
      });
    });

    it('refuses to start on an index written by a newer release', async () => {
      const cluster = new ScriptedCluster();
      const indices = startUp(cluster, INDEX_VERSIONS);
      cluster.on('GET', /^\/_alias\/p-customers$/, {
        'p-customers-v3': { aliases: { 'p-customers': {} } },
      });
      await expect(indices.onModuleInit()).rejects.toThrow(/newer release/);
    });
  });

  it('checks health with a search the read privilege allows, not cluster health', async () => {
    const cluster = new ScriptedCluster().on('POST', /^\/cd-customers\/_search$/, {
      timed_out: false,
      hits: { total: { value: 1, relation: 'eq' }, hits: [] },
    });
    expect(await new ElasticsearchHealthIndicator(cluster.client, names).check()).toEqual({
      driver: 'elasticsearch',
      ok: true,
    });
    expect(cluster.sent('GET', /_cluster/)).toEqual([]);
  });

  it('exports through a point in time with search_after, past any result window, and closes it', async () => {
    const page = (ids: string[]) => ({
      pit_id: 'pit-2',
      hits: {
        hits: ids.map((id, index) => ({
          _source: { ...aCustomer({ id }), outbox: [], ledgerCount: 0 },
          sort: [index, id],
        })),
      },
    });
    let searches = 0;
    const cluster = new ScriptedCluster()
      .on('POST', /^\/cd-customers\/_pit$/, { id: 'pit-1' })
      .on('POST', /^\/_search$/, () => {
        searches += 1;
        return searches === 1 ? page(['a', 'b']) : page(['c']);
      })
      .on('DELETE', /^\/_pit$/, { succeeded: true });

    const seen: string[] = [];
    for await (const batch of customers(cluster).scan({}, [], 2))
      seen.push(...batch.map((c) => c.id));

    expect(seen).toEqual(['a', 'b', 'c']);
    const [, second] = cluster.sent('POST', /^\/_search$/);
    expect(second?.body).toMatchObject({ pit: { id: 'pit-2' }, search_after: [1, 'b'], size: 2 });
    expect(second?.body).not.toHaveProperty('from');
    expect(cluster.sent('DELETE', /^\/_pit$/)).toHaveLength(1);
  });

  describe('recording a payment', () => {
    const customer = aCustomer({ pendingPaymentsAmount: 0 });
    const payment = {
      id: 'p-1',
      customerId: customer.id,
      customerName: customer.name,
      amount: 1_000,
      currency: customer.currency,
      method: 'bank_transfer' as const,
      reference: null,
      card: null,
      status: 'pending' as const,
      failureReason: null,
      createdBy: 'agent-1',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      settledAt: null,
      version: 1,
    };
    const idempotency = { scope: 'agent-1', key: 'key-1', fingerprint: 'f', firstResponse: '{}' };
    const held = changed(customer, { pendingPaymentsAmount: 1_000 });
    const paymentsOf = (cluster: ScriptedCluster) =>
      new ElasticsearchPaymentRepository(cluster.client, names, customers(cluster), clock);

    it('claims the key, then commits hold and payment in the customer document, then copies the payment', async () => {
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-payment-keys\/_doc\//, written())
        .on('PUT', /^\/cd-customers\/_doc\//, written(8));
      acceptLedgerCopies(cluster, () => found({ ...customer, outbox: [], ledgerCount: 1 }, 7));
      cluster.on('GET', /^\/cd-customers\/_doc\//, () =>
        cluster.sent('PUT', /^\/cd-customers\/_doc\//).length === 0
          ? found({ ...customer, outbox: [], ledgerCount: 1 }, 7)
          : found({ ...held, outbox: [], ledgerCount: 1, paymentOutbox: [payment] }, 8),
      );

      await paymentsOf(cluster).insert(payment, idempotency, {
        next: held,
        expectedVersion: customer.version,
      });

      const order = cluster.calls
        .filter((call) => call.method !== 'GET')
        .map((call) => `${call.method} ${call.path.split('/')[1]}`);
      expect(order).toEqual([
        'PUT cd-payment-keys',
        'PUT cd-customers',
        'POST _bulk',
        'POST cd-customers',
      ]);
      const [claim] = cluster.sent('PUT', /^\/cd-payment-keys\/_doc\//);
      expect(claim?.querystring).toMatchObject({ op_type: 'create' });
      const [commit] = cluster.sent('PUT', /^\/cd-customers\/_doc\//);
      expect(commit?.body).toMatchObject({
        pendingPaymentsAmount: 1_000,
        paymentOutbox: [payment],
      });
      expect(commit?.querystring).toMatchObject({ if_seq_no: '7' });
      const [copy] = cluster.sent('POST', /^\/_bulk$/);
      expect(copy?.body).toEqual([
        { index: { _index: 'cd-payments', _id: 'p-1', version: 1, version_type: 'external' } },
        payment,
      ]);
    });

    it('answers "key taken" when another request claimed the key first', async () => {
      const cluster = new ScriptedCluster().on('PUT', /^\/cd-payment-keys\/_doc\//, conflict());

      const error = await paymentsOf(cluster)
        .insert(payment, idempotency, { next: held, expectedVersion: customer.version })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(PaymentIdempotencyKeyTakenError);
      expect(cluster.sent('PUT', /^\/cd-customers\//)).toEqual([]);
    });

    it('releases the key when the customer moved on, so the retry can use it', async () => {
      const claimed = { paymentId: 'p-1', customerId: customer.id, reservedAt: NOW.toISOString() };
      const cluster = new ScriptedCluster()
        .on('PUT', /^\/cd-payment-keys\/_doc\//, written())
        .on('GET', /^\/cd-payment-keys\/_doc\//, found(claimed, 3))
        .on('DELETE', /^\/cd-payment-keys\/_doc\//, { result: 'deleted' })
        .on('GET', /^\/cd-customers\/_doc\//, found({ ...customer, version: 2, outbox: [] }, 9));

      const error = await paymentsOf(cluster)
        .insert(payment, idempotency, { next: held, expectedVersion: customer.version })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(CustomerVersionConflictError);
      const [release] = cluster.sent('DELETE', /^\/cd-payment-keys\/_doc\//);
      expect(release?.querystring).toMatchObject({ if_seq_no: '3', if_primary_term: '1' });
    });
  });
});
