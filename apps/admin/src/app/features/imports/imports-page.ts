import { ChangeDetectionStrategy, Component } from '@angular/core';

import { ComingSoon } from '../../shared/coming-soon';

@Component({
  selector: 'cd-imports-page',
  imports: [ComingSoon],
  template: `<cd-coming-soon
    title="Imports"
    icon="upload_file"
    message="Bulk import from Excel arrives in a coming release."
  />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportsPage {}
