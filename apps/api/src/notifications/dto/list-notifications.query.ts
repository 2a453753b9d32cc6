import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayUnique, IsIn, IsInt, Matches, Max, Min } from 'class-validator';

import {
  NOTIFICATION_KINDS,
  NOTIFICATION_PAGE_LIMIT,
  type NotificationKind,
} from '@collection-desk/contracts';

import { Optional } from '../../common/validation/presence.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : value;
const lowerCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toLowerCase() : value;

export class ListNotificationsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only unread ones.' })
  @Optional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  unread?: 'true' | 'false';

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated kinds: ${NOTIFICATION_KINDS.join(', ')}.`,
    example: 'payment_received,payment_overdue',
    pattern: `^(${NOTIFICATION_KINDS.join('|')})(,(${NOTIFICATION_KINDS.join('|')}))*$`,
  })
  @Optional()
  @Transform(commaList)
  @IsIn(NOTIFICATION_KINDS, {
    each: true,
    message: `must be a comma-separated list of: ${NOTIFICATION_KINDS.join(', ')}`,
  })
  @ArrayUnique({ message: 'lists a kind twice' })
  type?: NotificationKind[];

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only those about customers assigned to me.',
  })
  @Optional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  mine?: 'true' | 'false';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Newer than this id: what a client missed since the last one it holds.',
  })
  @Optional()
  @Transform(lowerCase)
  @Matches(UUID, { message: 'must be a notification id' })
  after?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Older than this id: the next page.' })
  @Optional()
  @Transform(lowerCase)
  @Matches(UUID, { message: 'must be a notification id' })
  before?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: NOTIFICATION_PAGE_LIMIT,
    default: 20,
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: `must be a whole number from 1 to ${NOTIFICATION_PAGE_LIMIT}` })
  @Min(1, { message: `must be a whole number from 1 to ${NOTIFICATION_PAGE_LIMIT}` })
  @Max(NOTIFICATION_PAGE_LIMIT, {
    message: `must be a whole number from 1 to ${NOTIFICATION_PAGE_LIMIT}`,
  })
  limit: number = 20;
}
