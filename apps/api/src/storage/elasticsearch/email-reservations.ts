import { Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import { normalizeEmail } from '../../customers/customer-search.js';
import { isConflict, isNotFound, isUnknownOutcome } from './elasticsearch-errors.js';

/**
 * A reservation this old whose owner is gone (a crash between reserving and writing the owner)
 * or now has another email may be taken over. Younger ones may belong to a write in flight.
 */
export const RESERVATION_GRACE_MS = 60_000;

interface ReservationDocument {
  reservedAt: string;
  [ownerField: string]: string;
}

/**
 * Unique emails without a unique constraint: a document whose id is the normalised email,
 * created with `op_type: create` (a second create fails with 409). The owner's document is
 * written after the reservation; see each adapter for the order and the recovery.
 */
export class EmailReservations {
  private readonly logger = new Logger(EmailReservations.name);

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly index: string,
    private readonly ownerField: 'customerId' | 'userId',
    /** The owner's current email, or null when the owner does not exist. */
    private readonly emailOfOwner: (ownerId: string) => Promise<string | null>,
    private readonly now: () => Date,
  ) {}

  /** Reserves `email` for `ownerId`, or throws `taken()`. Idempotent for the same owner. */
  async reserve(email: string, ownerId: string, taken: () => Error): Promise<void> {
    const id = normalizeEmail(email);
    try {
      await this.elasticsearch.index({
        index: this.index,
        id,
        document: { [this.ownerField]: ownerId, reservedAt: this.now().toISOString() },
        op_type: 'create',
      });
      return;
    } catch (error) {
      if (isUnknownOutcome(error)) {
        // Applied or not? Reading the reservation tells; only our own counts as success.
        if ((await this.read(id))?.owner === ownerId) return;
        throw error;
      }
      if (!isConflict(error)) throw error;
    }
    const held = await this.read(id);
    if (held?.owner === ownerId) return;
    if (held && (await this.isAbandoned(id, held))) {
      try {
        await this.elasticsearch.index({
          index: this.index,
          id,
          document: { [this.ownerField]: ownerId, reservedAt: this.now().toISOString() },
          if_seq_no: held.seqNo,
          if_primary_term: held.primaryTerm,
        });
        this.logger.warn({ email: id }, 'Took over an abandoned email reservation');
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    throw taken();
  }

  /**
   * Frees `email` if `ownerId` still holds it. Called only after a definite outcome: a failure
   * here is logged, and the reservation is reclaimed later as abandoned.
   */
  async release(email: string, ownerId: string): Promise<void> {
    const id = normalizeEmail(email);
    try {
      const held = await this.read(id);
      if (held?.owner !== ownerId) return;
      await this.elasticsearch.delete({
        index: this.index,
        id,
        if_seq_no: held.seqNo,
        if_primary_term: held.primaryTerm,
      });
    } catch (error) {
      if (isNotFound(error) || isConflict(error)) return;
      this.logger.warn({ err: error, email: id }, 'Could not release an email reservation');
    }
  }

  /** The owner of `email`'s reservation, if any. */
  async ownerOf(email: string): Promise<string | null> {
    return (await this.read(normalizeEmail(email)))?.owner ?? null;
  }

  private async isAbandoned(
    id: string,
    held: { reservedAt: string; owner: string },
  ): Promise<boolean> {
    if (this.now().getTime() - Date.parse(held.reservedAt) < RESERVATION_GRACE_MS) return false;
    const ownerEmail = await this.emailOfOwner(held.owner);
    return ownerEmail === null || normalizeEmail(ownerEmail) !== id;
  }

  private async read(
    id: string,
  ): Promise<{ owner: string; reservedAt: string; seqNo: number; primaryTerm: number } | null> {
    try {
      const response = await this.elasticsearch.get<ReservationDocument>({ index: this.index, id });
      const source = response._source;
      if (!source) return null;
      return {
        owner: source[this.ownerField] ?? '',
        // Reservations from before reservedAt existed count as old.
        reservedAt: source.reservedAt ?? new Date(0).toISOString(),
        seqNo: response._seq_no ?? 0,
        primaryTerm: response._primary_term ?? 0,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
