import { ChangeDetectionStrategy, Component } from '@angular/core';

import { ComingSoon } from '../../shared/coming-soon';

@Component({
  selector: 'cd-notifications-page',
  imports: [ComingSoon],
  template: `<cd-coming-soon
    title="Notifications"
    icon="notifications"
    message="Payment and overdue notifications arrive in a coming release."
  />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsPage {}
