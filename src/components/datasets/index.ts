export { AddToDatasetDialog, addToDatasetMessages, type AddToDatasetDialogProps } from './AddToDatasetDialog';
export { downloadFile } from './download';
