import { bootstrapApplication } from '@angular/platform-browser';

import { App } from './app/app';
import { appConfig } from './app/app.config';

bootstrapApplication(App, appConfig).catch((error: unknown) => {
  // Nothing else can report a failed bootstrap: the app is not running.
  console.error(error); // eslint-disable-line no-console
});
