// The root entry: provider, hooks, components and the model. Adapters are subpath exports
// (annokit/adapters/*) so an app only pays for the backend it uses; the outbox engine is in
// annokit/core (the provider loads it on demand).
export * from './core/root';
export * from './provider/index';
export * from './hooks/index';
export { FilterBar, filterBarMessages, type FilterBarProps } from './components/filter-bar';
export * from './components/datasets/index';
export * from './components/experiments/index';
export * from './components/judge-agreement/index';
export * from './components/annotation-panel/index';
export * from './components/annotation-configs/index';
export * from './components/trace-viewer/index';
export * from './components/feedback/index';
export * from './components/span-table/index';
export * from './components/review-queue/index';
export * from './components/bulk-annotate/index';
export * from './components/session-view/index';
export * from './components/outbox-status/index';
