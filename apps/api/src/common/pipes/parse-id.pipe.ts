import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';

import { ValidationFailedError } from '../errors/domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path id: a UUID in any letter case (RFC 9562 says they compare case-insensitively), handed
 * on in the lower case ids are stored in. Anything else is a 400 naming the parameter.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) {
      throw new ValidationFailedError([
        { field: metadata.data ?? 'id', message: 'must be a UUID' },
      ]);
    }
    return value.toLowerCase();
  }
}
