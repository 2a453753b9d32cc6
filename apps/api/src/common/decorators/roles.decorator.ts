import { SetMetadata } from '@nestjs/common';

import { ROLES, type Role } from '@collection-desk/contracts';

export const REQUIRED_ROLES = 'requiredRoles';

/** Only these roles may call the route. Without it: everyone reads, admins and agents write. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Any signed-in user, writes included (their own session and password). */
export const AnyRole = () => Roles(...ROLES);
