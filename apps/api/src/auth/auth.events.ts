/** Published when sessions end, so live sockets of those sessions can be closed. */
export const SESSIONS_ENDED = 'auth.sessions-ended';

export interface SessionsEndedEvent {
  userId: string;
  /** The ended sessions; `all` when every session of the user ended (deactivation, password change). */
  sessionIds: string[] | 'all';
}
