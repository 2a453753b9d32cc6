import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { CreateUserRequest, UpdateUserRequest, User } from '@collection-desk/contracts';

@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(): Observable<User[]> {
    return this.http.get<User[]>('/api/v1/users');
  }

  create(user: CreateUserRequest): Observable<User> {
    return this.http.post<User>('/api/v1/users', user);
  }

  update(id: string, changes: UpdateUserRequest): Observable<User> {
    return this.http.patch<User>(`/api/v1/users/${id}`, changes);
  }
}
