import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';

import { AUTH_API, AuthStore } from './auth-store';

/** Calls that manage the session themselves and must never trigger a refresh. */
const SESSION_CALLS = ['/login', '/register', '/refresh', '/logout'].map(
  (path) => `${AUTH_API}${path}`,
);

/**
 * Sends the access token with every API call and, on a 401, refreshes the session once,
 * transparently, then replays the call. A failed refresh signs the user out.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (
    !request.url.startsWith('/api/') ||
    SESSION_CALLS.some((url) => request.url.startsWith(url))
  ) {
    return next(request);
  }
  const auth = inject(AuthStore);
  const router = inject(Router);
  const withToken = () => {
    const token = auth.accessToken();
    return token ? request.clone({ setHeaders: { authorization: `Bearer ${token}` } }) : request;
  };
  return next(withToken()).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401)
        return throwError(() => error);
      return from(auth.refresh()).pipe(
        switchMap((refreshed) => {
          if (refreshed) return next(withToken());
          void router.navigate(['/login'], { queryParams: { returnUrl: router.url } });
          return throwError(() => error);
        }),
      );
    }),
  );
};
