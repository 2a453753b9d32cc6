import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { REFRESH_COOKIE, REFRESH_COOKIE_PATH, SESSION_LIFETIME_MS } from './refresh-tokens.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The refresh token as an HttpOnly, SameSite=Strict cookie that only the auth routes receive. */
@Injectable()
export class RefreshCookie {
  set(request: FastifyRequest, reply: FastifyReply, token: string): void {
    void reply.setCookie(REFRESH_COOKIE, token, {
      ...this.options(request),
      maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
    });
  }

  clear(request: FastifyRequest, reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, this.options(request));
  }

  private options(request: FastifyRequest) {
    return {
      path: REFRESH_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict' as const,
      // Over HTTPS always (X-Forwarded-Proto counts with TRUST_PROXY); over plain http only
      // where browsers accept Secure cookies anyway, so local development keeps working.
      secure:
        request.protocol === 'https' || !LOCAL_HOSTS.has(request.hostname.replace(/:\d+$/, '')),
    };
  }
}
