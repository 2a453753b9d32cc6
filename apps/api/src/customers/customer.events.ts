import type { CustomerChangedEvent } from '@collection-desk/contracts';

/** Payload of `customer.created` and `customer.updated` (see DomainEventMap). */
export type CustomerEvent = CustomerChangedEvent;
