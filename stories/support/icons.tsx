import type { SVGProps } from 'react';

// A host's own icons, drawn as SVG: an emoji would show as an empty box on a machine without an
// emoji font (a Linux CI runner, many servers that take screenshots).

/** A check mark, in the current text colour. */
export function CheckIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" {...props}>
      <path d="M3 8.5 6.5 12 13 4.5" />
    </svg>
  );
}

/** A cross, in the current text colour. */
export function CrossIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" {...props}>
      <path d="M4 4l8 8M12 4l-8 8" />
    </svg>
  );
}
