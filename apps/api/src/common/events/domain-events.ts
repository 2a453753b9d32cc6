import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';

import type { Customer, ImportProgressEvent, RealtimeEventMap } from '@collection-desk/contracts';

import type { SessionsEndedEvent } from '../../auth/auth.events.js';
import type { GatewayOutcome } from '../../payments/gateway/payment-gateway.js';

/**
 * Every in-process domain event and its payload. The ones browsers see are the realtime
 * contract's, by name; the others stay inside the API. Publishers and listeners both go
 * through this map, so they cannot disagree on a name or a shape.
 */
export interface DomainEventMap extends RealtimeEventMap {
  'auth.sessions-ended': SessionsEndedEvent;
  /** A gateway's answer about a payment (its webhook, in a real one). */
  'payment.gateway-settled': GatewayOutcome;
  /** One chunk of customers the overdue scan marked overdue. */
  'customer.overdue': CustomersOverdueEvent;
  /** An overdue scan ended; `quiet` chunks were not announced one by one. */
  'overdue.scan-finished': { markedOverdue: number; notified: number; quiet: boolean };
  /** An import's progress, for the sockets of the user who runs it. */
  'import.progress-of': { userId: string; progress: ImportProgressEvent };
}

export interface CustomersOverdueEvent {
  customers: Customer[];
  /** Store quietly: the run announces itself with one digest at the end. */
  quiet: boolean;
  /** Listeners add the notifications they stored, so the run can report them. */
  receipt: { notified: number };
}
export type DomainEventName = keyof DomainEventMap;

/** The in-process bus, typed. Features publish here and never import their listeners. */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(name, payload);
  }

  /** Publishes and waits for every listener to finish: work in chunks that must not pile up. */
  async publishAndWait<K extends DomainEventName>(
    name: K,
    payload: DomainEventMap[K],
  ): Promise<void> {
    await this.emitter.emitAsync(name, payload);
  }
}

type Listener<K extends DomainEventName> = (payload: DomainEventMap[K]) => unknown;

/**
 * Subscribes a method to one domain event; the method must accept that event's payload. A
 * listener's failure is logged and never reaches the publisher.
 */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  return <T extends Listener<K>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    OnEvent(name, { suppressErrors: true })(target, key, descriptor);
  };
}
