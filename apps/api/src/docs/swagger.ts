import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { REFRESH_COOKIE } from '../auth/refresh-tokens.js';
import { finishDocument } from './finish-document.js';

export const DOCS_PATH = 'api/docs';

/** The OpenAPI 3 document of the API, exactly as served at /api/docs-json and committed. */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Collection Desk API')
    .setDescription(
      'Customers, balances, payments and notifications of a collections back office. ' +
        'Money is always an integer number of minor units plus an ISO 4217 currency; ' +
        'errors are RFC 9457 problem+json. Sign in with POST /api/v1/auth/login and send the ' +
        'access token as `Authorization: Bearer <token>`.',
    )
    .setVersion('1')
    .setContact('Collection Desk team', '', '')
    .setLicense('Proprietary', '')
    .addServer('/', 'The server this document is served from')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'The access token from sign-in or refresh (15 minutes).',
      },
      'bearer',
    )
    .addCookieAuth(
      REFRESH_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        description: 'The HttpOnly refresh cookie set by sign-in; only /api/v1/auth receives it.',
      },
      'refreshCookie',
    )
    .build();
  return finishDocument(
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (_controller, method) => method,
    }),
  );
}

/** Swagger UI at /api/docs (the token given to "Authorize" survives reloads) and the JSON. */
export function setUpApiDocs(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    customSiteTitle: 'Collection Desk API',
    swaggerOptions: {
      persistAuthorization: true,
      displayOperationId: true,
      tryItOutEnabled: false,
    },
  });
}
