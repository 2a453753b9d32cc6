import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { Principal } from '../../auth/principal.js';

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The signed-in caller that the authentication guard attached to the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
