import { expect, it } from 'vitest';
import { compileCondition, filterSpans, indexAnnotationsBySpan, type Annotation, type Span } from '../../src/core';
import { generateProject } from '../core/filter/fixtures';
import { median, report } from './report';

const CONDITION =
  "annotations['correctness'].label == 'incorrect' and annotations['helpfulness'].score < 0.5 and 'refund' in input.value";

/** The same condition as a developer would write it by hand. */
function handWritten(span: Span, annotations: readonly Annotation[] | undefined): boolean {
  if (!annotations) return false;
  const correctness = annotations.find((a) => a.name === 'correctness');
  if (correctness?.label !== 'incorrect') return false;
  const helpfulness = annotations.find((a) => a.name === 'helpfulness');
  if (helpfulness?.score == null || !(helpfulness.score < 0.5)) return false;
  const input = (span.attributes.input as { value?: unknown } | undefined)?.value;
  return typeof input === 'string' && input.toLowerCase().includes('refund');
}

function time(run: () => number, rounds: number): { ms: number; count: number } {
  const samples: number[] = [];
  let count = 0;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    count = run();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), count };
}

it('times a compiled condition beside a hand-written predicate over 100,000 spans', async () => {
  const { spans, annotations } = generateProject(20_000);
  expect(spans.length).toBe(100_000);
  const index = indexAnnotationsBySpan(annotations);
  const compiled = compileCondition(CONDITION);

  const loop = (predicate: (span: Span, annotations: readonly Annotation[] | undefined) => boolean) => () => {
    let count = 0;
    for (let i = 0; i < spans.length; i++) if (predicate(spans[i]!, index.get(spans[i]!.spanId))) count++;
    return count;
  };
  const byHand = loop(handWritten);
  const byCompiled = loop((span, list) => compiled(span, list));
  const endToEnd = () => filterSpans(spans, CONDITION, { annotations }).length;

  // warm both paths up so the JIT has seen them before the timed rounds; interleave rounds to share noise
  for (let i = 0; i < 5; i++) {
    byHand();
    byCompiled();
  }
  const hand: number[] = [];
  const comp: number[] = [];
  let handCount = 0;
  let compCount = 0;
  for (let i = 0; i < 21; i++) {
    let start = performance.now();
    handCount = byHand();
    hand.push(performance.now() - start);
    start = performance.now();
    compCount = byCompiled();
    comp.push(performance.now() - start);
  }
  expect(compCount).toBe(handCount);
  expect(handCount).toBeGreaterThan(0);
  const e2e = time(endToEnd, 7);
  expect(e2e.count).toBe(handCount);
  const parse = time(() => (compileCondition(CONDITION) ? 1 : 0), 51);

  const handMs = median(hand);
  const compiledMs = median(comp);
  await report('filter', `Filter: ${CONDITION} over ${spans.length.toLocaleString('en-US')} spans (${handCount} match)`, [
    { variant: 'hand-written predicate', 'median ms': +handMs.toFixed(2), 'x hand-written': 1 },
    { variant: 'compileCondition predicate', 'median ms': +compiledMs.toFixed(2), 'x hand-written': +(compiledMs / handMs).toFixed(2) },
    { variant: 'filterSpans (index + compile + filter)', 'median ms': +e2e.ms.toFixed(2), 'x hand-written': +(e2e.ms / handMs).toFixed(2) },
    { variant: 'parse + compile only', 'median ms': +parse.ms.toFixed(3), 'x hand-written': +(parse.ms / handMs).toFixed(3) },
  ]);
});
