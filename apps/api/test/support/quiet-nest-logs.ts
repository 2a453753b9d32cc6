import { Logger } from '@nestjs/common';

// Code that runs outside a Nest app in tests (repositories, services under unit test) would
// log through Nest's console logger; the apps under test log through pino at LOG_LEVEL=silent.
Logger.overrideLogger(false);
