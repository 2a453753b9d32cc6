import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Session, User } from '@collection-desk/contracts';

import { AnyRole } from '../common/decorators/roles.decorator.js';
import { CurrentPrincipal } from '../common/decorators/current-principal.decorator.js';
import { OutsideWriteLimit } from '../common/decorators/outside-write-limit.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { AuthThrottlerGuard } from '../common/guards/auth-throttler.guard.js';
import { InvalidCredentialsError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { FailedSignIns } from './failed-sign-ins.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { SessionResponse, UserResponse } from './dto/session.response.js';
import type { Principal } from './principal.js';
import { REFRESH_COOKIE } from './refresh-tokens.js';
import { RefreshCookie } from './refresh-cookie.js';
import { clientAddress, REFRESH_LIMITS, SIGN_IN_LIMITS } from './throttling.js';

@ApiTags('auth')
@Controller('auth')
@OutsideWriteLimit()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly refreshCookie: RefreshCookie,
    private readonly failedSignIns: FailedSignIns,
  ) {}

  @Post('register')
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({
    operationId: 'register',
    summary: 'Create an account',
    description:
      'The first account of an installation becomes admin, later ones agent. With REGISTRATION=closed only the first sign-up is allowed; admins create the rest through POST /users.',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'The email is already registered.' })
  @ApiForbiddenResponse({ description: 'Registration is closed.' })
  @ApiTooManyRequestsResponse({
    description:
      'More than 10 attempts a minute from one address for one email, or more sign-ups from one address in 10 minutes than SIGN_UPS_PER_ADDRESS (10).',
  })
  register(@Body() body: RegisterDto): Promise<User> {
    return this.auth.register(body);
  }

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({
    operationId: 'login',
    summary: 'Sign in',
    description:
      'Returns a 15-minute access token and a single-use refresh token (also set as an HttpOnly cookie scoped to /api/v1/auth).',
  })
  @Throttle(SIGN_IN_LIMITS)
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (the same answer for both).' })
  @ApiTooManyRequestsResponse({
    description:
      'More than 10 attempts a minute from one address for one email, FAILED_SIGN_INS_PER_ADDRESS (20) failed sign-ins in 10 minutes from one address, or 100 sign-ins in 10 minutes from one address.',
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session> {
    const address = clientAddress(request as unknown as Record<string, unknown>);
    this.failedSignIns.check(address);
    const session = await this.auth.login(body.email, body.password).catch((error: unknown) => {
      if (error instanceof InvalidCredentialsError) this.failedSignIns.record(address);
      throw error;
    });
    this.refreshCookie.set(request, reply, session.refreshToken);
    return session;
  }

  @Post('refresh')
  @Public('refreshCookie')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AuthThrottlerGuard)
  // Every page load and every 15 minutes per tab refreshes, and an office may share one
  // address: a looser limit. Guessing a 256-bit token is hopeless anyway.
  @Throttle(REFRESH_LIMITS)
  @ApiOperation({
    operationId: 'refreshSession',
    summary: 'Exchange a refresh token for a new pair',
    description:
      'Takes the token from the cookie or the body. Each refresh token works once: presenting a used one ends the whole session.',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({
    description: 'The token is unknown, used, expired or its session ended.',
  })
  @ApiTooManyRequestsResponse({ description: 'More than 60 refreshes a minute from one address.' })
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session> {
    try {
      const session = await this.auth.refresh(body.refreshToken ?? request.cookies[REFRESH_COOKIE]);
      this.refreshCookie.set(request, reply, session.refreshToken);
      return session;
    } catch (error) {
      this.refreshCookie.clear(request, reply);
      throw error;
    }
  }

  @Post('logout')
  @Public('bearer', 'refreshCookie')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'logout',
    summary: 'Sign out',
    description:
      'Ends the session of the refresh token (cookie or body) and of the bearer token, if any; their tokens stop working at once and open sockets are closed.',
  })
  @ApiNoContentResponse({ description: 'Signed out (also when the session had already ended).' })
  async logout(
    @Body() body: RefreshDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(body.refreshToken ?? request.cookies[REFRESH_COOKIE], principal);
    this.refreshCookie.clear(request, reply);
  }

  @Get('me')
  @ApiOperation({ operationId: 'getMe', summary: 'Who am I?' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentPrincipal() principal: Principal): User {
    return principal.user;
  }

  @Post('change-password')
  @AnyRole()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change my password',
    description:
      'Ends every session of the account (other devices are signed out) and returns a fresh session for this one.',
  })
  @ApiOkResponse({ type: SessionResponse })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session> {
    const session = await this.auth.changePassword(
      principal,
      body.currentPassword,
      body.newPassword,
    );
    this.refreshCookie.set(request, reply, session.refreshToken);
    return session;
  }
}
