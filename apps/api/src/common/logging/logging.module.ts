import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { AppConfig } from '../../config/app-config.js';

/** Structured JSON logs; every line written while serving a request carries its `reqId`. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // Fastify has already given the request its id (see requestIdFor); log that one.
          genReqId: (request) => request.id,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({
              id: request.id,
              method: request.method,
              url: request.url,
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
          // 503 is storage asking for a retry (busy or briefly down): a warning, with its reason
          // logged by the problem filter, not an error with a stack trace.
          customLogLevel: (_request, response, error) =>
            response.statusCode === 503
              ? 'warn'
              : error || response.statusCode >= 500
                ? 'error'
                : response.statusCode >= 400
                  ? 'warn'
                  : 'info',
        },
        quietReqLogger: true,
        quietResLogger: true,
      }),
    }),
  ],
})
export class LoggingModule {}
