export { SpanTable, formatSummary, spanTableMessages, type SpanTableMessages, type SpanTableProps } from './SpanTable';
