import type { CustomerChangedEvent } from '@collection-desk/contracts';

export const CUSTOMER_CREATED = 'customer.created';
export const CUSTOMER_UPDATED = 'customer.updated';

export type CustomerEvent = CustomerChangedEvent;
