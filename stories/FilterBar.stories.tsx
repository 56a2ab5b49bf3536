import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useState, type ReactNode } from 'react';
import { createMemoryAdapter, generateDemoProject } from '../src/adapters/memory';
import { FilterBar } from '../src/components/filter-bar';
import { completionSourceFromAnnotations, describeChip, getLatencyMs } from '../src/core';
import { useFilterBar, useFilteredSpans } from '../src/hooks';
import { AnnotationProvider } from '../src/provider';
// The kit's demo project: 200 support-agent traces with judge, reviewer and end-user annotations.
const project = generateDemoProject({ traces: 200 });
const source = completionSourceFromAnnotations(project.annotations, { configs: project.configs });

function SeededProvider({ children }: { children: ReactNode }) {
  const [adapter] = useState(() => createMemoryAdapter({ seed: project }));
  return (
    <AnnotationProvider adapter={adapter} user={{ id: 'reviewer-1', name: 'Rita' }}>
      {children}
    </AnnotationProvider>
  );
}

const meta = {
  title: 'Review/FilterBar',
  component: FilterBar,
  tags: ['autodocs'],
  decorators: [
    (Story) => (
      <SeededProvider>
        <div style={{ maxWidth: 880 }}>
          <Story />
        </div>
      </SeededProvider>
    ),
  ],
  args: {
    defaultValue: "annotations['correctness'].label == 'incorrect' and latency_ms >= 1000",
    completionSource: source,
    recentStorageKey: null,
  },
} satisfies Meta<typeof FilterBar>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Uncontrolled: chips for the common filters; "Edit as text" switches to the condition language. */
export const Default: Story = {};

/** Controlled: the owner keeps the condition (here shown below the bar) and can set it from outside. */
export const Controlled: Story = {
  render: function Render(args) {
    const [value, setValue] = useState("span_kind == 'LLM' and status_code == 'ERROR'");
    return (
      <div style={{ display: 'grid', gap: 8 }}>
        <FilterBar {...args} defaultValue={undefined} value={value} onValueChange={setValue} />
        <div>
          <button type="button" onClick={() => setValue("annotations['helpfulness'].score < 0.3")}>
            Preset: unhelpful
          </button>{' '}
          <button type="button" onClick={() => setValue('')}>
            Reset
          </button>
        </div>
        <code aria-label="Applied condition">{value || '(none)'}</code>
      </div>
    );
  },
};

/** Every state side by side: empty, chips, a term only text can show, a parse error, disabled, a bad controlled value. */
export const AllStates: Story = {
  render: (args) => (
    <div style={{ display: 'grid', gap: 16 }}>
      <section aria-label="Empty">
        <FilterBar {...args} defaultValue="" />
      </section>
      <section aria-label="Chips">
        <FilterBar
          {...args}
          defaultValue="annotations['correctness'].label in ['incorrect', 'partial'] and 0.2 <= annotations['helpfulness'].score <= 0.6 and span_kind == 'LLM' and status_code == 'ERROR' and llm.model_name == 'gpt-4o' and not annotations['review'] and ('refund' in input.value or 'refund' in output.value)"
        />
      </section>
      <section aria-label="Custom term">
        <FilterBar {...args} defaultValue="latency_ms / 1000 > 2 or parent_span is None" />
      </section>
      <section aria-label="Parse error">
        {/* a controlled value the owner has not fixed yet: text mode shows its error at its range */}
        <FilterBar {...args} defaultValue={undefined} defaultMode="text" inputLabel="Condition with an error" value="latency_ms > '100'" onValueChange={() => {}} />
      </section>
      <section aria-label="Disabled">
        <FilterBar {...args} disabled />
      </section>
      <section aria-label="Invalid controlled value">
        <FilterBar {...args} defaultValue={undefined} value="name == 'x' and r" />
      </section>
    </div>
  ),
};

/** The same bar built from `useFilterBar` alone, with plain elements: no annokit markup. */
export const Headless: Story = {
  render: function Render() {
    const bar = useFilterBar({ defaultValue: "span_kind == 'LLM'", defaultMode: 'text', completionSource: source, recentStorageKey: null });
    return (
      <div style={{ display: 'grid', gap: 6, fontFamily: 'system-ui' }}>
        <ul aria-label="Filters" style={{ display: 'flex', gap: 6, listStyle: 'none', padding: 0, margin: 0 }}>
          {bar.chips.map((chip, index) => (
            <li key={chip.condition} style={{ border: '1px solid #999', borderRadius: 12, padding: '0 8px' }}>
              {describeChip(chip)}{' '}
              <button type="button" aria-label={`Remove ${describeChip(chip)}`} onClick={() => bar.removeChip(index)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <div style={{ position: 'relative' }}>
          <input {...bar.getInputProps({ 'aria-label': 'Condition' })} style={{ width: '100%', fontFamily: 'monospace' }} />
          {bar.isSuggestionsOpen && (
            <ul {...bar.getListboxProps({ 'aria-label': 'Suggestions' })} style={{ position: 'absolute', background: 'white', border: '1px solid #999', listStyle: 'none', margin: 0, padding: 4, zIndex: 1 }}>
              {bar.suggestions.map((suggestion, index) => (
                <li key={suggestion.label} {...bar.getOptionProps(index)} style={{ background: index === bar.activeIndex ? '#dde' : undefined }}>
                  {suggestion.label}
                </li>
              ))}
            </ul>
          )}
        </div>
        {bar.error && (
          <p {...bar.getErrorProps()} role="alert" style={{ color: '#a00', margin: 0 }}>
            {bar.error.message} (characters {bar.error.range.start}–{bar.error.range.end})
          </p>
        )}
        <div>
          <button type="button" onClick={bar.commit} disabled={!!bar.error}>
            Apply
          </button>{' '}
          Applied: <code>{bar.value || '(none)'}</code>
        </div>
      </div>
    );
  },
};

/** Over the generated demo project (200 traces): the bar drives `useFilteredSpans`, which sends what the backend serves and filters the rest here. */
export const OverGeneratedProject: Story = {
  render: function Render(args) {
    const [condition, setCondition] = useState("parent_span is None and annotations['correctness'].label == 'incorrect'");
    const result = useFilteredSpans({ condition, query: { limit: 2000 } });
    const rows = useMemo(() => result.spans.slice(0, 25), [result.spans]);
    return (
      <div style={{ display: 'grid', gap: 8 }}>
        <FilterBar {...args} defaultValue={undefined} value={condition} onValueChange={setCondition} />
        <p style={{ margin: 0 }} aria-live="polite">
          {result.isLoading ? 'Loading…' : `${result.spans.length} of ${result.loadedCount} loaded spans match`}
          {' · '}backend: <code>{JSON.stringify(result.serverQuery)}</code> · browser: <code>{result.browserCondition || '(nothing)'}</code>
        </p>
        <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
          <caption style={{ textAlign: 'left' }}>First matching spans</caption>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left' }}>Span</th>
              <th scope="col" style={{ textAlign: 'left' }}>Kind</th>
              <th scope="col" style={{ textAlign: 'left' }}>Input</th>
              <th scope="col" style={{ textAlign: 'right' }}>Latency</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((span) => (
              <tr key={span.spanId}>
                <td>{span.spanId}</td>
                <td>{span.kind}</td>
                <td>{String((span.attributes.input as { value?: unknown } | undefined)?.value ?? '')}</td>
                <td style={{ textAlign: 'right' }}>{getLatencyMs(span) ?? '–'} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  },
};
