import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

import {
  type MarkAllReadRequest,
  type Notification,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationPage,
  type UnreadCount,
} from '@collection-desk/contracts';

import { Optional } from '../../common/validation/presence.js';

export class NotificationResponse implements Notification {
  @ApiProperty({ format: 'uuid', description: 'Time-ordered (UUID version 7).' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' }) kind: NotificationKind;
  @ApiProperty({ example: 'Payment received' }) title: string;
  @ApiProperty({ example: '€250.00 from Acme Trading by card; €1,000.00 left to pay.' })
  message: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) customerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paymentId: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for the system.',
  })
  actorId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Whether you have read it.' }) read: boolean;
}

export class NotificationPageResponse implements NotificationPage {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Send as `before` for the next, older page; null on the last page.',
  })
  nextCursor: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) unreadCount: number;
}

export class UnreadCountResponse implements UnreadCount {
  @ApiProperty({ type: 'integer', minimum: 0 }) unreadCount: number;
}

export class MarkAllReadDto implements MarkAllReadRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The newest notification you saw: later ones stay unread. All of them when absent.',
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  )
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'must be a notification id',
  })
  upTo?: string;
}
