export { AnnotationConfigEditor, type AnnotationConfigEditorProps } from './AnnotationConfigEditor';
export { AnnotationConfigManager, type AnnotationConfigManagerProps } from './AnnotationConfigManager';
export { annotationConfigMessages } from './messages';
