import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { TraceViewer } from '../../../src/components/trace-viewer';
import { AnnotationProvider } from '../../../src/provider';
import type { Span } from '../../../src/core';
import { agentTrace, largeTrace, makeAnnotation, makeSpan, T0 } from './fixtures';
import { makeWrapper } from './wrapper';

function setup(ui: React.ReactElement, seed = {}) {
  const { Wrapper, adapter } = makeWrapper(seed);
  const user = userEvent.setup();
  return { user, adapter, ...render(ui, { wrapper: Wrapper }) };
}

const rowNamed = (name: string) => screen.getByRole('treeitem', { name: new RegExp(name) });

describe('TraceViewer tree', () => {
  it('renders every span as a treeitem with its ARIA position, level and expanded state', () => {
    setup(<TraceViewer spans={agentTrace()} />);
    const tree = screen.getByRole('tree');
    const items = within(tree).getAllByRole('treeitem');
    expect(items).toHaveLength(5);
    const root = rowNamed('agent');
    expect(root).toHaveAttribute('aria-level', '1');
    expect(root).toHaveAttribute('aria-expanded', 'true');
    expect(root).toHaveAttribute('aria-setsize', '1');
    expect(root).toHaveAttribute('aria-selected', 'true');
    const tool = rowNamed('search_flights');
    expect(tool).toHaveAttribute('aria-level', '2');
    expect(tool).toHaveAttribute('aria-posinset', '3');
    expect(tool).toHaveAttribute('aria-setsize', '3');
    expect(rowNamed('call airline api')).not.toHaveAttribute('aria-expanded');
  });

  it('gives exactly one row the tab stop (roving focus)', () => {
    setup(<TraceViewer spans={agentTrace()} />);
    const focusable = screen.getAllByRole('treeitem').filter((item) => item.tabIndex === 0);
    expect(focusable).toHaveLength(1);
    expect(focusable[0]).toHaveAccessibleName(/agent/);
  });

  it('moves with arrows, collapses and expands with left/right, selects with Enter', async () => {
    const onSelect = vi.fn();
    const { user } = setup(<TraceViewer spans={agentTrace()} onSelectedSpanIdChange={onSelect} />);
    await user.click(rowNamed('agent'));
    await user.keyboard('{ArrowDown}');
    expect(rowNamed('plan')).toHaveFocus();
    expect(onSelect).not.toHaveBeenCalled();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(rowNamed('search_flights')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(rowNamed('search_flights')).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('treeitem', { name: /call airline api/ })).toBeNull();
    await user.keyboard('{ArrowRight}');
    expect(rowNamed('search_flights')).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowRight}');
    expect(rowNamed('call airline api')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(rowNamed('search_flights')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith('tool');
    expect(rowNamed('search_flights')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Home}');
    expect(rowNamed('agent')).toHaveFocus();
    await user.keyboard('{End}');
    expect(rowNamed('call airline api')).toHaveFocus();
  });

  it('goes to the next and previous span with j and k, selecting it', async () => {
    const { user } = setup(<TraceViewer spans={agentTrace()} />);
    await user.click(rowNamed('agent'));
    await user.keyboard('jj');
    expect(rowNamed('retrieve policies')).toHaveFocus();
    expect(rowNamed('retrieve policies')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('heading', { level: 3 })).toHaveTextContent('retrieve policies');
    await user.keyboard('k');
    expect(rowNamed('plan')).toHaveAttribute('aria-selected', 'true');
  });

  it('focuses the search box on "/" and jumps between matches with Enter, expanding collapsed ancestors', async () => {
    const { user } = setup(<TraceViewer spans={agentTrace()} defaultExpanded={new Set()} />);
    expect(screen.getAllByRole('treeitem')).toHaveLength(1);
    await user.click(rowNamed('agent'));
    await user.keyboard('/');
    const search = screen.getByRole('searchbox', { name: 'Search spans' });
    expect(search).toHaveFocus();
    // "search_flights" is the tool's name and, in the LLM span, the name of a tool call.
    await user.keyboard('search_flights');
    await waitFor(() => expect(screen.getByText('0 of 2')).toBeInTheDocument());
    await user.keyboard('{Enter}');
    expect(rowNamed('plan')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    expect(search).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByText('2 of 2')).toBeInTheDocument();
    expect(rowNamed('search_flights')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(search).toHaveValue('');
  });

  it('finds spans by attribute text, not only by name', async () => {
    const { user } = setup(<TraceViewer spans={agentTrace()} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search spans' }), 'cabin bag{Enter}');
    expect(rowNamed('retrieve policies')).toHaveAttribute('aria-selected', 'true');
  });

  it('expands and collapses everything from the toolbar', async () => {
    const { user } = setup(<TraceViewer spans={agentTrace()} />);
    await user.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(5);
  });

  it('follows a controlled selection and reports clicks without changing it', async () => {
    const onChange = vi.fn();
    const { user, rerender } = setup(<TraceViewer spans={agentTrace()} selectedSpanId="tool" onSelectedSpanIdChange={onChange} />);
    expect(rowNamed('search_flights')).toHaveAttribute('aria-selected', 'true');
    await user.click(rowNamed('plan'));
    expect(onChange).toHaveBeenCalledWith('llm-1');
    expect(rowNamed('search_flights')).toHaveAttribute('aria-selected', 'true');
    rerender(<TraceViewer spans={agentTrace()} selectedSpanId="llm-1" onSelectedSpanIdChange={onChange} />);
    expect(rowNamed('plan')).toHaveAttribute('aria-selected', 'true');
  });

  it('keeps the expanded set controlled', async () => {
    function Controlled() {
      const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set(['root']));
      return (
        <>
          <output data-testid="expanded">{[...expanded].sort().join(',')}</output>
          <TraceViewer spans={agentTrace()} expanded={expanded} onExpandedChange={setExpanded} />
        </>
      );
    }
    const { user } = setup(<Controlled />);
    expect(screen.getAllByRole('treeitem')).toHaveLength(4);
    await user.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(screen.getByTestId('expanded')).toHaveTextContent('root,tool');
    expect(screen.getAllByRole('treeitem')).toHaveLength(5);
  });

  it('renders a bounded window of rows for a 10,000-span trace and reaches the last span by keyboard', async () => {
    const { user } = setup(<TraceViewer spans={largeTrace(10_000)} />);
    const count = screen.getAllByRole('treeitem').length;
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(60);
    await user.click(screen.getAllByRole('treeitem')[0]!);
    await user.keyboard('{End}');
    const last = document.activeElement as HTMLElement;
    expect(last).toHaveAttribute('role', 'treeitem');
    expect(last).toHaveAttribute('data-row-index', '9999');
    expect(last).toHaveAttribute('aria-posinset', '10');
    expect(screen.getAllByRole('treeitem').length).toBeLessThan(60);
  });
});

describe('TraceViewer robustness', () => {
  it('shows and marks orphans, cycles, duplicate ids, missing times and unknown kinds instead of failing', () => {
    const spans: Span[] = [
      makeSpan({ spanId: 'r', name: 'root' }),
      makeSpan({ spanId: 'o', parentId: 'missing', name: 'orphan' }),
      makeSpan({ spanId: 'c1', parentId: 'c2', name: 'cycle one' }),
      makeSpan({ spanId: 'c2', parentId: 'c1', name: 'cycle two' }),
      makeSpan({ spanId: 'd', parentId: 'r', name: 'dup first' }),
      makeSpan({ spanId: 'd', parentId: 'r', name: 'dup second' }),
      makeSpan({ spanId: 'nt', parentId: 'r', name: 'no time', startTime: null, endTime: null }),
      makeSpan({ spanId: 'uk', parentId: 'r', name: 'weird kind', kind: 'UNKNOWN', rawKind: 'banana' }),
      makeSpan({ spanId: 'late', parentId: 'r', name: 'too late', startTime: T0 + 50, endTime: T0 + 5_000 }),
    ];
    setup(<TraceViewer spans={spans} />);
    expect(screen.getAllByRole('treeitem')).toHaveLength(9);
    expect(rowNamed('orphan')).toHaveAccessibleName(/Parent span missing/);
    expect(rowNamed('cycle one')).toBeInTheDocument();
    expect(screen.getAllByRole('treeitem', { name: /cycle/ }).some((row) => /parent cycle/.test(row.textContent ?? ''))).toBe(true);
    expect(rowNamed('dup second')).toHaveAccessibleName(/Duplicate span id/);
    expect(rowNamed('no time')).toHaveAccessibleName(/time missing/);
    expect(rowNamed('weird kind')).toHaveAccessibleName(/banana/);
    expect(rowNamed('too late')).toHaveAccessibleName(/time window/);
  });

  it("lists what was wrong with the selected span in the details pane, in the tree builder's words", async () => {
    const spans = [makeSpan({ spanId: 'r', name: 'root' }), makeSpan({ spanId: 'o', parentId: 'gone', name: 'orphan', problems: ['attribute llm.x was not JSON'] })];
    const { user } = setup(<TraceViewer spans={spans} />);
    await user.click(rowNamed('orphan'));
    const note = screen.getByRole('note');
    expect(note).toHaveTextContent('parent gone is not in this trace');
    expect(note).toHaveTextContent('attribute llm.x was not JSON');
  });

  it('keeps the tree working when the details pane throws, and recovers on another span', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const onPaneError = vi.fn();
    const { user } = setup(
      <TraceViewer
        spans={agentTrace()}
        onPaneError={onPaneError}
        renderAnnotations={(span) => {
          if (span.spanId === 'tool') throw new Error('panel exploded');
          return <p>panel for {span.name}</p>;
        }}
      />,
    );
    await user.click(rowNamed('search_flights'));
    expect(screen.getByRole('alert')).toHaveTextContent('panel exploded');
    expect(onPaneError).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('tree')).toBeInTheDocument();
    await user.keyboard('{ArrowUp}{Enter}');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('panel for retrieve policies')).toBeInTheDocument();
    errors.mockRestore();
  });

  it('says the trace is empty rather than rendering a blank pane', () => {
    setup(<TraceViewer spans={[]} />);
    expect(screen.getByRole('status')).toHaveTextContent('no spans');
  });
});

describe('TraceViewer data and details', () => {
  it('fetches the trace by id through the adapter', async () => {
    setup(<TraceViewer traceId="trace-1" />, { spans: agentTrace() });
    expect(await screen.findByRole('treeitem', { name: /agent/ })).toBeInTheDocument();
    expect(screen.getAllByRole('treeitem')).toHaveLength(5);
  });

  it('shows input, output, messages with tool calls, documents with scores, tool, model and tokens, exceptions', async () => {
    const { user } = setup(<TraceViewer spans={agentTrace()} defaultSelectedSpanId="llm-1" />);
    const details = screen.getByRole('group', { name: 'plan' });
    expect(details).toHaveTextContent('gpt-4o-mini');
    expect(details).toHaveTextContent('prompt 120 · completion 30 · total 150');
    expect(within(details).getAllByText('system')[0]).toBeInTheDocument();
    expect(details).toHaveTextContent('You are a travel agent.');
    expect(details).toHaveTextContent('search_flights');
    expect(details.querySelector('[data-slot="span-details-input"] [data-slot="json-tree"]')).not.toBeNull();
    expect(details.querySelector('[data-slot="span-details-output"] strong')).toHaveTextContent('€89');
    await user.click(rowNamed('retrieve policies'));
    const documents = screen.getAllByRole('listitem').filter((item) => item.getAttribute('data-slot') === 'span-document');
    expect(documents.map((item) => within(item).getByText(/^score/).textContent)).toEqual(['score 0.91', 'score 0.42']);
    expect(documents[0]).toHaveTextContent('Refunds within 24h.');
    await user.click(rowNamed('call airline api'));
    expect(screen.getByRole('group', { name: 'call airline api' })).toHaveTextContent('TimeoutError: airline api timed out');
  });

  it('filters attributes and copies a value', async () => {
    const { user } = setup(<TraceViewer spans={agentTrace()} defaultSelectedSpanId="tool" />);
    const attributes = screen.getByRole('group', { name: 'search_flights' }).querySelector('[data-slot="span-attributes"]') as HTMLElement;
    expect(within(attributes).getAllByRole('term').map((term) => term.textContent)).toEqual(['tool.name', 'tool.description', 'tool.parameters']);
    await user.type(within(attributes).getByRole('searchbox'), 'descr');
    await waitFor(() => expect(within(attributes).getAllByRole('term')).toHaveLength(1));
    await user.click(within(attributes).getByRole('button', { name: 'Copy tool.description' }));
    expect(await navigator.clipboard.readText()).toBe('Searches flights');
    expect(await within(attributes).findByText('Copied')).toBeInTheDocument();
  });

  it('truncates a 10 MB attribute and reveals more on request', async () => {
    const huge = 'x'.repeat(10_000_000);
    const { user } = setup(<TraceViewer spans={[makeSpan({ spanId: 'h', name: 'huge', attributes: { blob: huge } })]} />);
    const button = screen.getByRole('button', { name: /Show more \(9,999,000 more characters\)/ });
    const text = button.previousElementSibling as HTMLElement;
    expect(text.textContent!.length).toBeLessThan(1_100);
    await user.click(button);
    expect(text.textContent!.length).toBeGreaterThan(9_000);
    expect(screen.getByRole('button', { name: /Show more \(9,990,000/ })).toBeInTheDocument();
  });

  it('puts annotation badges on rows, HUMAN, LLM and CODE apart, with label shares and mean score', async () => {
    const annotations = [
      makeAnnotation({ spanId: 'llm-1', name: 'correctness', label: 'correct', score: 1 }),
      makeAnnotation({ spanId: 'llm-1', name: 'correctness', label: 'correct', score: 1 }),
      makeAnnotation({ spanId: 'llm-1', name: 'correctness', label: 'incorrect', score: 0 }),
      makeAnnotation({ spanId: 'llm-1', name: 'correctness', annotatorKind: 'LLM', label: 'incorrect', score: 0.2 }),
      makeAnnotation({ spanId: 'tool', name: 'latency_ok', annotatorKind: 'CODE', score: 1 }),
    ];
    setup(<TraceViewer spans={agentTrace()} />, { spans: agentTrace(), annotations });
    const plan = rowNamed('plan');
    await waitFor(() => expect(plan.querySelectorAll('[data-slot="annotation-badge"]')).toHaveLength(2));
    const [human, llm] = [...plan.querySelectorAll('[data-slot="annotation-badge"]')];
    expect(human).toHaveAttribute('data-annotator-kind', 'HUMAN');
    expect(human).toHaveTextContent('correctness: correct 67% · 0.67');
    expect(llm).toHaveAttribute('data-annotator-kind', 'LLM');
    expect(llm).toHaveTextContent('correctness: incorrect · 0.2');
    expect(rowNamed('search_flights').querySelector('[data-annotator-kind="CODE"]')).toHaveTextContent('latency_ok: 1');
  });

  it('renders the annotations slot and span actions for the selected span', async () => {
    const annotations = [makeAnnotation({ spanId: 'tool', name: 'helpful', label: 'yes' })];
    setup(
      <TraceViewer
        spans={agentTrace()}
        annotations={annotations}
        defaultSelectedSpanId="tool"
        renderAnnotations={(span, list) => <p data-testid="panel">{`${span.spanId}:${list.length}`}</p>}
        renderSpanActions={(span) => <button type="button">{`Rate ${span.name}`}</button>}
      />,
    );
    expect(screen.getByTestId('panel')).toHaveTextContent('tool:1');
    expect(screen.getByRole('button', { name: 'Rate search_flights' })).toBeInTheDocument();
  });

  it('says when the backend cannot fetch traces, instead of spinning', () => {
    const { adapter } = makeWrapper();
    // A backend with only the two required methods: no getTrace.
    const minimal = { name: 'minimal', upsertAnnotations: adapter.upsertAnnotations, listAnnotations: adapter.listAnnotations };
    render(
      <AnnotationProvider adapter={minimal}>
        <TraceViewer traceId="t" />
      </AnnotationProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('cannot fetch a trace by id');
    expect(screen.getByRole('group', { name: 'Trace tree' }).closest('[data-slot="trace-viewer"]')).toHaveAttribute(
      'data-state',
      'unsupported',
    );
  });
});
