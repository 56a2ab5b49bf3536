import { useMemo, useState } from 'react';
import { BulkAnnotate, FilterBar, JudgeAgreement, ReviewQueue, SpanTable } from '../../src';
import type { AnnotationTarget, Span } from '../../src/core';

// The kit's second headline use: the review page a team embeds in its admin tool (the Review
// console stories and the welcome page). It reads the provider around it.

/** Filter, span table with bulk annotation, the review queue and judge agreement, over one filter. */
export function ReviewConsole({ narrow = false, embedded = false }: { narrow?: boolean; /** Inside another page: a section under an h2, not the page's main. */ embedded?: boolean }) {
  const [condition, setCondition] = useState("span_kind == 'LLM'");
  const [rows, setRows] = useState<readonly Span[]>([]);
  const [selection, setSelection] = useState<string[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [Landmark, Title, Heading] = embedded ? (['section', 'h2', 'h3'] as const) : (['main', 'h1', 'h2'] as const);
  const targets = useMemo<AnnotationTarget[]>(() => rows.slice(0, 500).map((span) => ({ kind: 'span', spanId: span.spanId })), [rows]);
  return (
    <Landmark aria-label="Review console" style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16, maxWidth: narrow ? 420 : 1280 }}>
      <Title style={{ margin: 0, fontSize: 18 }}>Review console</Title>
      <Heading style={{ margin: 0, fontSize: 15 }}>Spans</Heading>
      <FilterBar value={condition} onValueChange={setCondition} recentStorageKey={null} />
      <SpanTable
        condition={condition}
        height={narrow ? 260 : 340}
        selection={selection}
        onSelectionChange={setSelection}
        onRowsChange={setRows}
        onRowActivate={(span) => setCurrent(span.spanId)}
        defaultHiddenColumns={narrow ? ['time', 'kind', 'tokens', 'model', 'input', 'output'] : []}
      />
      <BulkAnnotate spanIds={selection} />
      <Heading style={{ margin: 0, fontSize: 15 }}>Review one by one</Heading>
      <ReviewQueue spans={rows} value={current} onValueChange={setCurrent} orientation={narrow ? 'column' : 'row'} height={narrow ? 320 : 480} />
      <Heading style={{ margin: 0, fontSize: 15 }}>Judge agreement</Heading>
      <JudgeAgreement name="correctness" targets={targets} />
    </Landmark>
  );
}
