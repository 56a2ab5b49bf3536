import { AnnotationProvider, FilterBar, ReviewQueue, SpanTable, type Span } from 'annokit';
import { createHttpAdapter } from 'annokit/adapters/http';
import { useState } from 'react';
import type { User } from './session';

// Reviewers reach every trace and annotation through /api/review (the server checks the role).
const adapter = createHttpAdapter({ baseUrl: '/api/review', capabilities: 'all' });

/** The review console over the same traces the chat produced: filter, table, and a queue to label them. */
export function AdminPage({ user }: { user: User }) {
  const [condition, setCondition] = useState('');
  const [rows, setRows] = useState<readonly Span[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  return (
    <AnnotationProvider adapter={adapter} user={{ id: user.id, name: user.name }} outbox="indexedDB">
      <section aria-label="Review" className="admin">
        <FilterBar value={condition} onValueChange={setCondition} defaultMode="text" recentStorageKey={null} />
        <SpanTable
          condition={condition}
          query={{ rootsOnly: true }}
          annotationNames={['user_feedback', 'correctness']}
          height={260}
          onRowsChange={setRows}
          onRowActivate={(span) => setCurrent(span.spanId)}
        />
        <ReviewQueue spans={rows} value={current} onValueChange={setCurrent} names={['correctness', 'user_feedback']} height={420} />
      </section>
    </AnnotationProvider>
  );
}
