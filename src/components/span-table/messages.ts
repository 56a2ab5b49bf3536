/** UI text of the span table; override through `<AnnotationProvider messages={{ spanTable: {...} }}>` or the `messages` prop. */
export const spanTableMessages = {
  label: 'Spans',
  columns: 'Columns',
  selectionColumn: 'Selected',
  selectAll: 'Select all in this filter',
  selectingAll: 'Loading every span of the filter…',
  clearSelection: 'Clear selection',
  selected: '{count} selected',
  rows: '{count} spans',
  moreRows: '{count} spans loaded, more on scroll',
  loading: 'Loading spans…',
  sortingByAnnotation: 'Loading the annotations of every span to sort by {column}…',
  empty: 'No spans match.',
  unsupported: 'Not available: this backend cannot list spans.',
  selectRow: 'Select span {name}',
  sortBy: 'Sort by {column}',
};

/** Text of the span table. */
export type SpanTableMessages = typeof spanTableMessages;

declare module '../../provider/messages' {
  interface AnnokitMessages {
    spanTable: SpanTableMessages;
  }
}
