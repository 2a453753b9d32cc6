import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { OverdueRun } from '@collection-desk/contracts';

import {
  JobLeaseRepository,
  type LeaseAnswer,
  OverdueRunRepository,
} from '../../overdue/overdue.repository.js';
import { Coordination } from './coordination.js';
import { TranslatesElasticsearchErrors } from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';

const leaseId = (name: string) => `lease:${name}`;

/** Leases as coordination documents: taken by `op_type: create`, or by if_seq_no once lapsed. */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchJobLeaseRepository extends JobLeaseRepository {
  private readonly coordination: Coordination;

  constructor(elasticsearch: ElasticsearchService, indices: IndexNames) {
    super();
    this.coordination = new Coordination(elasticsearch, indices);
  }

  async acquire(
    name: string,
    holder: string,
    now: string,
    expiresAt: string,
  ): Promise<LeaseAnswer> {
    const document = { kind: 'lease', holder, acquiredAt: now, expiresAt };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const held = await this.coordination.read<typeof document>(leaseId(name));
      if (!held) {
        if (await this.coordination.create(leaseId(name), document)) return { acquired: true };
        continue;
      }
      const current = held.document;
      if (current.holder !== holder && current.expiresAt > now) {
        return { acquired: false, holder: current.holder, expiresAt: current.expiresAt };
      }
      if (await this.coordination.replace(leaseId(name), document, held)) return { acquired: true };
    }
    const latest = await this.coordination.read<typeof document>(leaseId(name));
    return latest?.document.holder === holder
      ? { acquired: true }
      : {
          acquired: false,
          holder: latest?.document.holder ?? 'unknown',
          expiresAt: latest?.document.expiresAt ?? now,
        };
  }

  async renew(name: string, holder: string, expiresAt: string): Promise<boolean> {
    const held = await this.coordination.read<{ kind: string; holder: string; acquiredAt: string }>(
      leaseId(name),
    );
    if (held?.document.holder !== holder) return false;
    // A write in between (another holder's takeover) fails the if_seq_no: not ours any more.
    return this.coordination.replace(leaseId(name), { ...held.document, expiresAt }, held);
  }

  async release(name: string, holder: string): Promise<void> {
    const held = await this.coordination.read<{ kind: string; holder: string }>(leaseId(name));
    if (held?.document.holder === holder) await this.coordination.remove(leaseId(name), held);
  }
}

@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchOverdueRunRepository extends OverdueRunRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async insert(run: OverdueRun): Promise<void> {
    await this.elasticsearch.index({
      index: this.indices.alias('overdue-runs'),
      id: run.id,
      document: run,
      refresh: 'wait_for',
    });
  }

  async list(limit: number): Promise<OverdueRun[]> {
    const response = await this.elasticsearch.search<OverdueRun>({
      index: this.indices.alias('overdue-runs'),
      sort: [{ startedAt: { order: 'desc' } }, { id: { order: 'asc' } }],
      size: limit,
    });
    return response.hits.hits.flatMap((hit) =>
      hit._source ? [{ ...hit._source, error: hit._source.error ?? null }] : [],
    );
  }
}
