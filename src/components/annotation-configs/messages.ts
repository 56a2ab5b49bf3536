/** UI text of the config editor; override any of it with `<AnnotationProvider messages={{ annotationConfigs: { … } }}>`. */
export const annotationConfigMessages = {
  createTitle: 'New annotation config',
  editTitle: 'Edit {name}',
  name: 'Name',
  type: 'Type',
  typeCategorical: 'Categorical (labels)',
  typeContinuous: 'Continuous (score)',
  typeFreeform: 'Freeform (text)',
  description: 'Description',
  direction: 'Optimization direction',
  directionMAXIMIZE: 'Maximize',
  directionMINIMIZE: 'Minimize',
  directionNONE: 'None',
  categories: 'Categories',
  categoryLabel: 'Label {index}',
  categoryScore: 'Score {index}',
  addCategory: 'Add category',
  removeCategory: 'Remove category {index}',
  lowerBound: 'Lower bound',
  upperBound: 'Upper bound',
  save: 'Save config',
  saving: 'Saving…',
  saved: 'Saved {name}',
  cancel: 'Cancel',
  saveFailed: 'The config was not saved: {message}',
  notANumber: '"{value}" is not a number',
  duplicateName: 'a config named "{name}" already exists',
  unsupported: 'Not available: this backend cannot create or edit annotation configs.',
  listTitle: 'Annotation configs',
  noConfigs: 'No annotation configs yet.',
  newConfig: 'New config',
  edit: 'Edit {name}',
};

declare module '../../provider/messages' {
  interface AnnokitMessages {
    annotationConfigs: typeof annotationConfigMessages;
  }
}
