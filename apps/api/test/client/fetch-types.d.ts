// The generated client names fetch's body type as the DOM does; Node's own is undici's.
declare global {
  type BodyInit = import('undici-types').BodyInit;
}

export {};
