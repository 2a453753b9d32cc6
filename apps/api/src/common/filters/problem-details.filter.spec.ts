import 'reflect-metadata';

import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { IsEmail, IsInt, IsString, Min, MinLength } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import { StrictValidationPipe } from '../validation/validation.pipe.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';

class SampleBody {
  @IsString()
  @MinLength(1)
  name: string;

  @IsEmail()
  email: string;

  @IsInt()
  @Min(0)
  amount: number;
}

@Controller('sample')
class SampleController {
  @Post()
  create(@Body() body: SampleBody): SampleBody {
    return body;
  }

  @Get('missing')
  missing(): never {
    throw new CustomerNotFoundError('c-1');
  }

  @Get('conflict')
  conflict(): never {
    throw new CustomerVersionConflictError('c-1', 1, 3);
  }

  @Get('taken')
  taken(): never {
    throw new CustomerEmailTakenError('a@b.test');
  }

  @Get('crash')
  crash(): never {
    throw new Error('database password is hunter2');
  }
}

@Module({
  controllers: [SampleController],
  providers: [
    { provide: APP_PIPE, useClass: StrictValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
class SampleModule {}

describe('problem+json errors', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  async function call(method: string, url: string, payload?: unknown, headers = {}) {
    const response = await app.inject({
      method: method as 'GET',
      url,
      payload: payload as string,
      headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    });
    expect(response.headers['content-type']).toContain('application/problem+json');
    return { status: response.statusCode, body: response.json() };
  }

  it('lists every invalid field of a body', async () => {
    const { status, body } = await call('POST', '/sample', { name: '', email: 'nope', amount: -5 });

    expect(status).toBe(400);
    expect(body).toMatchObject({
      type: 'urn:collection-desk:problem:validation-failed',
      title: 'Your request has invalid fields',
      status: 400,
      detail: '3 fields are invalid.',
      instance: '/sample',
    });
    expect(body.errors).toEqual([
      { field: 'name', message: 'name must be longer than or equal to 1 characters' },
      { field: 'email', message: 'email must be an email' },
      { field: 'amount', message: 'amount must not be less than 0' },
    ]);
  });

  it('refuses unknown properties instead of dropping them silently', async () => {
    const { status, body } = await call('POST', '/sample', {
      name: 'A',
      email: 'a@b.test',
      amount: 1,
      isAdmin: true,
    });

    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'isAdmin', message: 'should not exist' }]);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const { status, body } = await call('POST', '/sample', '{"name": ');

    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 400, type: 'about:blank', title: 'Bad Request' });
  });

  it('maps domain errors to their status with their details', async () => {
    expect(await call('GET', '/sample/missing')).toMatchObject({
      status: 404,
      body: { title: 'Customer not found', detail: 'No customer has the id c-1.' },
    });
    expect(await call('GET', '/sample/conflict')).toMatchObject({
      status: 412,
      body: { type: 'urn:collection-desk:problem:customer-version-conflict', currentVersion: 3 },
    });
    expect(await call('GET', '/sample/taken')).toMatchObject({
      status: 409,
      body: { errors: [{ field: 'email', message: 'is already used by another customer' }] },
    });
  });

  it('hides the cause of an unexpected error behind a 500 with nothing internal in it', async () => {
    const { status, body } = await call('GET', '/sample/crash');

    expect(status).toBe(500);
    expect(body).toMatchObject({
      status: 500,
      title: 'Internal Server Error',
      type: 'about:blank',
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('at ');
  });

  it('answers an unknown route with a 404 problem', async () => {
    expect(await call('DELETE', '/nowhere')).toMatchObject({ status: 404, body: { status: 404 } });
  });
});
