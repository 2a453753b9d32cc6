import type { User } from '@collection-desk/contracts';

/** Who is calling: the signed-in user, fresh from storage, and the session the call belongs to. */
export interface Principal {
  user: User;
  sessionId: string;
  /** When the access token that proved it expires (ISO 8601); sockets close then unless renewed. */
  expiresAt: string;
}
