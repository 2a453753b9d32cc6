import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { withProblemResponses } from './problem-responses.js';

export const DOCS_PATH = 'api/docs';

/** Swagger UI at /api/docs and the OpenAPI 3 document at /api/docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Collection Desk API')
    .setDescription(
      'Customers, balances, payments and notifications of a collections back office. ' +
        'Money is always an integer number of minor units plus an ISO 4217 currency; ' +
        'errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = withProblemResponses(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'Collection Desk API',
  });
}
