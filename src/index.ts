// The root entry: provider, hooks, components and the model. Adapters are subpath exports
// (annokit/adapters/*) so an app only pays for the backend it uses.
export * from './core/index';
export * from './provider/index';
export * from './hooks/index';
export * from './components/feedback/index';
