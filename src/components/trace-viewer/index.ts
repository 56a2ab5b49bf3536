export { TraceViewer, type TraceViewerProps } from './TraceViewer';
export { TraceViewerTree, AnnotationBadges, SpanKindTag, type TraceViewerTreeProps, type AnnotationBadgesProps } from './TraceViewerTree';
export { SpanDetails, type SpanDetailsProps } from './SpanDetails';
export { PaneErrorBoundary, type PaneErrorBoundaryProps } from './PaneErrorBoundary';
export { Markdown, safeHref, type MarkdownProps } from './Markdown';
export {
  ContentView,
  CopyButton,
  JsonTree,
  type ContentViewMode,
  type ContentViewProps,
  type CopyButtonProps,
  type JsonTreeProps,
} from './values';
export { TruncatedText, type TruncatedTextProps } from './TruncatedText';
export { traceViewerMessages, type TraceViewerMessages } from './messages';
