import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { buildTraceTree, loadSpans, nestAttributes, visibleNodes, type Span } from '../../src/core';
import { median, report } from './report';
import { repoPath } from '../support/repoPath';

function time(run: () => unknown, repeat: number): number {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function makeSpan(spanId: string, parentId: string | null, startTime: number, endTime: number): Span {
  return { spanId, traceId: 't', parentId, name: spanId, kind: 'CHAIN', startTime, endTime, status: { code: 'UNSET', message: null }, attributes: {}, events: [] };
}

it('span loading and the trace tree', async () => {
  const n = 100_000;
  const chain: Span[] = [];
  for (let i = n - 1; i >= 0; i--) chain.push(makeSpan(`c${i}`, i === 0 ? null : `c${i - 1}`, i, 2 * n - i));
  // A 4-ary tree listed in shuffled start order, so every sibling list needs sorting.
  const wide: Span[] = [];
  for (let i = 0; i < n; i++) wide.push(makeSpan(`w${i}`, i === 0 ? null : `w${Math.floor((i - 1) / 4)}`, (i * 7919) % n, 3 * n));
  const wideTree = buildTraceTree(wide);
  const firstTwoLevels = new Set(wideTree.nodes.filter((node) => node.depth < 2).map((node) => node.key));

  const prismText = readFileSync(repoPath('test/fixtures/traces/agent-prism-quo-tav-agent.json'), 'utf8');
  const prism = JSON.parse(prismText) as unknown;
  const flat: Record<string, unknown> = {};
  for (let m = 0; m < 50; m++) {
    flat[`llm.input_messages.${m}.message.role`] = 'user';
    flat[`llm.input_messages.${m}.message.content`] = 'hello';
  }
  const flatSpans = Array.from({ length: 1_000 }, () => flat);

  // The same machine's cost of merely allocating one small object per span, to read the figures against.
  const baseline = () => {
    const made = new Map<string, object>();
    for (let i = 0; i < n; i++) made.set(`b${i}`, { key: `b${i}`, children: [], marks: [], depth: 0 });
    return made;
  };

  await report('spans', 'Span loading and trace tree (median ms, Node)', [
    { case: 'baseline: allocate 100,000 small objects into a Map', ms: +time(baseline, 7).toFixed(1) },
    { case: 'buildTraceTree, 100,000-span chain (depth 100,000)', ms: +time(() => buildTraceTree(chain), 7).toFixed(1) },
    { case: 'buildTraceTree, 100,000 spans, 4-ary, siblings out of order', ms: +time(() => buildTraceTree(wide), 7).toFixed(1) },
    { case: 'visibleNodes, 100,000-span tree, 2 levels expanded', ms: +time(() => visibleNodes(wideTree, firstTwoLevels), 21).toFixed(3) },
    { case: 'loadSpans, agent-prism fixture (2.5 MB, 29 spans, parsed)', ms: +time(() => loadSpans(prism), 11).toFixed(1) },
    { case: 'loadSpans, agent-prism fixture as text (JSON.parse included)', ms: +time(() => loadSpans(prismText), 11).toFixed(1) },
    { case: 'nestAttributes, 1,000 spans × 100 message keys', ms: +time(() => flatSpans.forEach((s) => nestAttributes(s)), 5).toFixed(1) },
  ]);
});
