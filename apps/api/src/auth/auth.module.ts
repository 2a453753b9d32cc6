import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';

import { AccountWriteLimitGuard } from '../common/guards/account-write-limit.guard.js';
import { AuthenticationGuard } from '../common/guards/authentication.guard.js';
import { RolesGuard } from '../common/guards/roles.guard.js';
import { AppConfig } from '../config/app-config.js';
import { AccessTokens, SIGN_OPTIONS, VERIFY_OPTIONS } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { BearerAuthenticator } from './bearer-authenticator.js';
import { FailedSignIns } from './failed-sign-ins.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshCookie } from './refresh-cookie.js';
import { SessionCleanupJob } from './session-cleanup.job.js';
import { authThrottlers } from './throttling.js';

/** Sign-up, sign-in and sessions; installs the global authentication and role guards. */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: SIGN_OPTIONS,
        verifyOptions: VERIFY_OPTIONS,
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: authThrottlers(config.signUpsPerAddress),
        errorMessage: 'Too many attempts. Wait a minute, then try again.',
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AccessTokens,
    JwtStrategy,
    BearerAuthenticator,
    FailedSignIns,
    PasswordHasher,
    RefreshCookie,
    SessionCleanupJob,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: AccountWriteLimitGuard },
  ],
  exports: [AuthService, BearerAuthenticator],
})
export class AuthModule {}
