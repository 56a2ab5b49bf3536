import { clsx, type ClassValue } from 'clsx';

/** Joins class names; the caller's `className` goes last so it can extend ours. */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
