import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';

import type { Principal } from '../auth/principal.js';
import type { AppConfig } from '../config/app-config.js';
import { ImportUploadCutOffError } from './import.errors.js';
import { ImportsController } from './imports.controller.js';
import type { ImportsService } from './imports.service.js';

describe('ImportsController', () => {
  it('answers an upload whose client hung up mid-body as cut off (400), not as a server error', async () => {
    const controller = new ImportsController(
      {} as ImportsService,
      {
        importMaxBytes: 10_000_000,
      } as AppConfig,
    );
    // What @fastify/multipart raises when the socket closes before the body's end.
    const hungUp = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const request = {
      isMultipart: () => true,
      // The part iterator fails as the body breaks off.
      parts: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(hungUp) }) }),
    } as unknown as FastifyRequest;

    await expect(
      controller.upload({ dateFormat: 'YYYY-MM-DD' }, request, {} as Principal),
    ).rejects.toBeInstanceOf(ImportUploadCutOffError);
  });
});
