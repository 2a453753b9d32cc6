import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

import { DEFAULT_PAGE_SIZE, LIST_WINDOW, MAX_PAGE_SIZE } from '@collection-desk/contracts';

import { ValidationFailedError } from '../errors/domain-error.js';

import { Optional } from './presence.js';

/** `page` and `pageSize` of a paged list. */
export class PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: LIST_WINDOW,
    default: 1,
    description: 'page × pageSize may not exceed 10,000.',
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(LIST_WINDOW)
  page: number = 1;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = DEFAULT_PAGE_SIZE;
}

/**
 * Pages reach as far as the first LIST_WINDOW results on every storage (Elasticsearch's result
 * window): a deeper page is a 400 naming `page`, never a storage error nor a silent empty page.
 */
export function assertWithinWindow(page: number, pageSize: number): void {
  if (page * pageSize > LIST_WINDOW) {
    throw new ValidationFailedError([
      {
        field: 'page',
        message: `reaches past the first ${LIST_WINDOW.toLocaleString('en')} results: narrow the filters, reverse the sort, or export`,
      },
    ]);
  }
}
