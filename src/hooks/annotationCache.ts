import type { QueryClient } from '@tanstack/react-query';
import type { AnnotationConfig } from '../core/model';
import { annokitKeys } from './queryKeys';

// The cache patches live with the provider, which also applies them when an outbox write lands.
export { optimisticAnnotation } from '../provider/annotationCache';

/** The configs already in the cache (annotation writes are checked against the one of the same name). */
export function cachedConfigs(queryClient: QueryClient, scope: string): AnnotationConfig[] {
  return queryClient.getQueryData<AnnotationConfig[]>(annokitKeys.configs(scope)) ?? [];
}
