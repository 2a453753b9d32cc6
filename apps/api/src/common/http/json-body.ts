import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Deeper than any body this API accepts (a payment with a card is 2 levels). */
export const MAX_JSON_DEPTH = 16;
/** JSON bodies above this are refused with 413; file uploads have their own limit. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

class JsonBodyError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

/**
 * How deeply `text` nests arrays and objects, found in one pass without building anything, so
 * a hostile `[[[[…` is refused before any parser or validator walks it.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/** Parses a JSON body: empty is "no body", too deep or malformed is a 400, never a 500. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new JsonBodyError(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return JSON.parse(text, (key, value: unknown) => {
      // A `__proto__` key must never reach code that copies objects with Object.assign or spread.
      if (key === '__proto__') throw new JsonBodyError('The JSON body has a "__proto__" key.');
      if (
        key === 'constructor' &&
        typeof value === 'object' &&
        value !== null &&
        'prototype' in value
      )
        throw new JsonBodyError('The JSON body has a "constructor.prototype" key.');
      return value;
    });
  } catch (error) {
    if (error instanceof JsonBodyError) throw error;
    throw new JsonBodyError(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Registers the bounded parser above for `application/json` in place of the default one. */
export function useBoundedJsonParser(app: NestFastifyApplication): void {
  // Nest takes a parser's result from the promise it returns (a plain return value is ignored).
  app.useBodyParser(
    'application/json',
    { bodyLimit: JSON_BODY_LIMIT_BYTES },
    (_request: unknown, body: Buffer) => Promise.try(() => parseJsonBody(body.toString('utf8'))),
  );
}
