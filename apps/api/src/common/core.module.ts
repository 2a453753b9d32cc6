import { Global, Module } from '@nestjs/common';

import { DomainEvents } from './events/domain-events.js';
import { Clock } from './time/clock.js';

/** What every feature may inject: the clock and the typed domain-event bus. */
@Global()
@Module({ providers: [Clock, DomainEvents], exports: [Clock, DomainEvents] })
export class CoreModule {}
