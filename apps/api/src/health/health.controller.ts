import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '../common/decorators/public.decorator.js';
import { StorageHealthIndicator } from './storage-health.indicator.js';
import { HealthResponse } from './health.response.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly storage: StorageHealthIndicator) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Is the service up?',
    description: 'For load balancers and uptime checks. Needs no session.',
  })
  @ApiOkResponse({ type: HealthResponse, description: 'Everything answers.' })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'Storage does not answer.' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const storage = await this.storage.check();
    if (!storage.ok) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: storage.ok ? 'ok' : 'error', storage };
  }
}
