import type { AnnotationTarget } from '../../core/model';
import { createId } from '../../core/ids';
import { targetId } from '../../core/targets';

/**
 * Phoenix deletes annotations by `name` + `identifier` across a whole project (there is no delete
 * by id), so an identifier shared by two targets would make one retract remove both. annokit
 * therefore writes identifiers that embed the target: `annokit:span:<spanId>:<identifier>`,
 * `annokit:document:<spanId>:<position>:<identifier>` (document annotations stored on their span,
 * see the adapter's `documentAnnotations` option). Target ids are URI-encoded, so they hold no `:`;
 * the caller's identifier follows verbatim.
 */
const ENCODED = /^annokit:(span|trace|session):([^:]+):([\s\S]*)$/;
const ENCODED_DOCUMENT = /^annokit:document:([^:]+):(\d+):([\s\S]*)$/;

export type ReadableTarget = Exclude<AnnotationTarget, { kind: 'document' }>;

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The identifier annokit writes to Phoenix for `(target, identifier)`; never empty. */
export function encodeIdentifier(target: AnnotationTarget, identifier: string): string {
  const id = encodeURIComponent(targetId(target));
  return target.kind === 'document'
    ? `annokit:document:${id}:${target.position}:${identifier}`
    : `annokit:${target.kind}:${id}:${identifier}`;
}

/**
 * The caller's target and identifier from a stored identifier on `row` (the span, trace or
 * session Phoenix filed it under). `owned` tells whether annokit wrote it for this very target
 * (and may delete it by name + identifier); identifiers written by Phoenix's UI, its SDKs or for
 * another target are returned unchanged with `owned: false`.
 */
export function decodeIdentifier(
  wire: string,
  row: ReadableTarget,
): { target: AnnotationTarget; identifier: string; owned: boolean } {
  const match = ENCODED.exec(wire);
  if (match && match[1] === row.kind && safeDecode(match[2]!) === targetId(row)) {
    return { target: row, identifier: match[3]!, owned: true };
  }
  if (row.kind === 'span') {
    const document = ENCODED_DOCUMENT.exec(wire);
    const position = Number(document?.[2]);
    if (document && safeDecode(document[1]!) === row.spanId && Number.isSafeInteger(position)) {
      return { target: { kind: 'document', spanId: row.spanId, position }, identifier: document[3]!, owned: true };
    }
  }
  return { target: row, identifier: wire, owned: false };
}

const NOTE = /^annokit-note:[^:]+(?::([\s\S]*))?$/;

/**
 * Notes carry no metadata on Phoenix's note endpoints, so the author travels in the identifier:
 * `annokit-note:<key>:<userId>`. Phoenix upserts notes on `(target, 'note', identifier)`, so a
 * fresh key makes every note a new row, and reusing the write's idempotency key makes a retried
 * note land once.
 */
export function noteIdentifier(userId: string | null | undefined, idempotencyKey?: string): string {
  const key = encodeURIComponent(idempotencyKey || createId());
  return userId ? `annokit-note:${key}:${encodeURIComponent(userId)}` : `annokit-note:${key}`;
}

/** The author annokit recorded in a note's identifier, or null for notes written elsewhere. */
export function noteAuthor(identifier: string): string | null {
  const match = NOTE.exec(identifier);
  if (!match || match[1] === undefined) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}
