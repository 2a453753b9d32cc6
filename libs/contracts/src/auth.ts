/** `admin` does everything, `agent` works customers, payments and imports, `viewer` only reads. */
export const ROLES = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Lifetime of an access token, in seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RegisterRequest {
  email: string;
  name: string;
  password: string;
}

export interface CreateUserRequest extends RegisterRequest {
  role: Role;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken?: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface UpdateUserRequest {
  role?: Role;
  active?: boolean;
}

/** What login and refresh return. The refresh token is also set as an HttpOnly cookie. */
export interface Session {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: User;
}

/** Whether anyone may sign up, or only admins create accounts. */
export const REGISTRATION_MODES = ['open', 'closed'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** Who can be assigned customers: active admins and agents, as any signed-in user may see them. */
export interface Assignee {
  id: string;
  name: string;
  role: Role;
}
