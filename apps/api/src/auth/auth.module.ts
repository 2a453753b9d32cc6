import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';

import { AuthenticationGuard } from '../common/guards/authentication.guard.js';
import { RolesGuard } from '../common/guards/roles.guard.js';
import { AccessTokens } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshCookie } from './refresh-cookie.js';

/** Sign-up, sign-in and sessions; installs the global authentication and role guards. */
@Module({
  imports: [
    ThrottlerModule.forRoot({
      throttlers: [{ name: 'default', ttl: 60_000, limit: 10 }],
      errorMessage: 'Too many attempts. Wait a minute, then try again.',
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AccessTokens,
    PasswordHasher,
    RefreshCookie,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, AccessTokens],
})
export class AuthModule {}
