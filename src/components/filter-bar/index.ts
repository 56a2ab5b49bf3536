export { FilterBar, filterBarMessages, type FilterBarProps } from './FilterBar';
