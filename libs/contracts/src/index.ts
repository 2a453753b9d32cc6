export * from './auth.js';
export * from './customer.js';
export * from './health.js';
export * from './ledger.js';
export * from './payment.js';
export * from './problem.js';
export * from './realtime.js';
export * from './search.js';
