import { createRequire } from 'node:module';

import { ElasticsearchService } from '@nestjs/elasticsearch';

// The mock is CommonJS and recognises only the CommonJS build's error classes.
const require = createRequire(import.meta.url);
interface ClientMock {
  add(pattern: { method: string[]; path: string }, resolve: (params: unknown) => unknown): void;
  getConnection(): never;
}
const Mock = require('@elastic/elasticsearch-mock') as new () => ClientMock;
const { errors } = require('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch');

export interface Call {
  method: string;
  path: string;
  querystring: Record<string, string>;
  body: unknown;
}

type Reply = (call: Call) => unknown;

/**
 * A scripted Elasticsearch at the client boundary: each test says what the cluster answers to
 * the requests it cares about (documents, 409s, 429s, 503s, timeouts, resets); everything is
 * recorded so a test can check what the adapter asked, and in which order. Not an emulator:
 * an unscripted request fails the test.
 */
export class ScriptedCluster {
  readonly calls: Call[] = [];
  readonly client: ElasticsearchService;
  private readonly replies: { method: string; path: RegExp; reply: Reply }[] = [];

  constructor() {
    const mock = new Mock();
    mock.add({ method: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'], path: '*' }, (params: unknown) => {
      const call = params as Call;
      this.calls.push(call);
      const scripted = this.replies.find(
        (entry) => entry.method === call.method && entry.path.test(call.path),
      );
      if (!scripted)
        return status(501, {
          error: { type: 'unscripted', reason: `${call.method} ${call.path}` },
        });
      return scripted.reply(call);
    });
    this.client = new ElasticsearchService({
      node: 'http://elasticsearch.test:9200',
      Connection: mock.getConnection(),
      maxRetries: 0,
    });
  }

  /** The latest script for a request wins. */
  on(method: string, path: RegExp, reply: Reply | object): this {
    this.replies.unshift({
      method,
      path,
      reply: typeof reply === 'function' ? (reply as Reply) : () => reply,
    });
    return this;
  }

  /** Requests whose method and path match, in order. */
  sent(method: string, path: RegExp): Call[] {
    return this.calls.filter((call) => call.method === method && path.test(call.path));
  }
}

/** An answer with an HTTP error status. */
export function status(code: number, body: Record<string, unknown> = {}): object {
  return new errors.ResponseError({
    body: { status: code, ...body },
    statusCode: code,
    headers: {},
    warnings: null,
    meta: {} as never,
  });
}

export const conflict = () => status(409, { error: { type: 'version_conflict_engine_exception' } });
export const documentMissing = (id = 'x') => status(404, { _id: id, found: false });
export const indexMissing = () =>
  status(404, {
    error: { type: 'index_not_found_exception', reason: 'no such index [secret-prefix-customers]' },
  });
export const timeout = () => new errors.TimeoutError('Request timed out');
export const connectionReset = () => new errors.ConnectionError('read ECONNRESET');

export function found(source: unknown, seqNo = 7, primaryTerm = 1): Record<string, unknown> {
  return { found: true, _seq_no: seqNo, _primary_term: primaryTerm, _source: source };
}

export const written = (seqNo = 8) => ({ result: 'created', _seq_no: seqNo, _primary_term: 1 });
