import { ChangeDetectionStrategy, Component } from '@angular/core';

import { ComingSoon } from '../../shared/coming-soon';

@Component({
  selector: 'cd-customers-page',
  imports: [ComingSoon],
  template: `<cd-coming-soon
    title="Customers"
    icon="groups"
    message="The customer list, with search, filters and export, arrives in the next release."
  />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomersPage {}
