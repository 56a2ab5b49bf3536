// `annokit/core`: the framework-free core, the outbox engine included.
export * from './root';
export * from './outbox/index';
