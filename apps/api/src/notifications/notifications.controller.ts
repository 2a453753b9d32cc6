import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { NotificationPage, UnreadCount } from '@collection-desk/contracts';

import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/decorators/current-principal.decorator.js';
import { AnyRole } from '../common/decorators/roles.decorator.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import {
  MarkAllReadDto,
  NotificationPageResponse,
  UnreadCountResponse,
} from './dto/notification.response.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listNotifications',
    summary: 'Your notifications, newest first, with your unread count',
    description:
      'After a reconnect, ask with `after` = the newest id you hold for everything you missed (the socket delivers at most once); page back with `before` = `nextCursor`.',
  })
  @ApiOkResponse({ type: NotificationPageResponse })
  list(
    @Query() query: ListNotificationsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationPage> {
    return this.notifications.list(principal.user.id, {
      unread: query.unread === 'true' ? true : undefined,
      kinds: query.type,
      mine: query.mine === 'true',
      after: query.after,
      before: query.before,
      limit: query.limit,
    });
  }

  @Post('read-all')
  @AnyRole()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'markAllNotificationsRead', summary: 'Mark all as read' })
  @ApiOkResponse({ type: UnreadCountResponse })
  async markAllRead(
    @Body() body: MarkAllReadDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UnreadCount> {
    return { unreadCount: await this.notifications.markAllRead(principal.user.id, body.upTo) };
  }

  @Post(':id/read')
  @AnyRole()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'markNotificationRead', summary: 'Mark one as read' })
  @ApiOkResponse({ type: UnreadCountResponse })
  @ApiNotFoundResponse({ description: 'No such notification.' })
  async markRead(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UnreadCount> {
    return { unreadCount: await this.notifications.markRead(principal.user.id, id) };
  }
}
