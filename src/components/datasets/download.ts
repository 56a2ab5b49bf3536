import type { ExportFile } from '../../core/insights';

export type { ExportFile };

/**
 * Saves text as a file through a temporary object URL. Does nothing where there is no DOM or no
 * `URL.createObjectURL` (server rendering, jsdom): pass `onExport` to handle the file yourself.
 */
export function downloadFile(file: ExportFile): void {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // revoke on the next tick: Safari cancels the download when the URL dies in the same task
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file-name-safe slug of a dataset or annotation name. */
export function fileSlug(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}
