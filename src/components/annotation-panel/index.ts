export { AnnotationPanel, type AnnotationPanelProps } from './AnnotationPanel';
export { HotkeyCheatSheet, type HotkeyCheatSheetProps } from './HotkeyCheatSheet';
export { annotationPanelMessages } from './messages';
