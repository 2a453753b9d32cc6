import type { Routes } from '@angular/router';

import { adminGuard, authGuard, guestGuard } from './core/auth/auth-guard';
import { Shell } from './core/layout/shell';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Sign in · Collection Desk',
    loadComponent: () => import('./features/auth/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'register',
    canActivate: [guestGuard],
    title: 'Create an account · Collection Desk',
    loadComponent: () => import('./features/auth/register-page').then((m) => m.RegisterPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'Dashboard · Collection Desk',
        loadComponent: () => import('./features/dashboard/dashboard').then((m) => m.Dashboard),
      },
      {
        path: 'customers',
        title: 'Customers · Collection Desk',
        loadComponent: () =>
          import('./features/customers/customers-page').then((m) => m.CustomersPage),
      },
      {
        path: 'customers/:id',
        title: 'Customer · Collection Desk',
        loadComponent: () =>
          import('./features/customers/customer-detail').then((m) => m.CustomerDetail),
      },
      {
        path: 'payments',
        title: 'Payments · Collection Desk',
        loadComponent: () =>
          import('./features/payments/payments-page').then((m) => m.PaymentsPage),
      },
      {
        path: 'imports',
        title: 'Imports · Collection Desk',
        loadComponent: () => import('./features/imports/imports-page').then((m) => m.ImportsPage),
      },
      {
        path: 'notifications',
        title: 'Notifications · Collection Desk',
        loadComponent: () =>
          import('./features/notifications/notifications-page').then((m) => m.NotificationsPage),
      },
      {
        path: 'users',
        title: 'Users · Collection Desk',
        canActivate: [adminGuard],
        loadComponent: () => import('./features/users/users-page').then((m) => m.UsersPage),
      },
      {
        path: '**',
        title: 'Not found · Collection Desk',
        loadComponent: () => import('./features/not-found/not-found').then((m) => m.NotFound),
      },
    ],
  },
];
