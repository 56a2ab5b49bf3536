import type { AnnotationTarget } from '../../core/model';
import { createId } from '../../core/ids';

/**
 * Phoenix deletes annotations by `name` + `identifier` across a whole project (there is no delete
 * by id), so an identifier shared by two targets would make one retract remove both. annokit
 * therefore writes identifiers that embed the target: `annokit:span:<spanId>:<identifier>`. The
 * target id is URI-encoded (so it holds no `:`); the caller's identifier follows verbatim.
 */
const PREFIX = 'annokit';
const ENCODED = /^annokit:(span|trace|session):([^:]+):([\s\S]*)$/;

export type ReadableTarget = Exclude<AnnotationTarget, { kind: 'document' }>;

function targetIdOf(target: ReadableTarget): string {
  switch (target.kind) {
    case 'span':
      return target.spanId;
    case 'trace':
      return target.traceId;
    case 'session':
      return target.sessionId;
  }
}

/** The identifier annokit writes to Phoenix for `(target, identifier)`; never empty. */
export function encodeIdentifier(target: ReadableTarget, identifier: string): string {
  return `${PREFIX}:${target.kind}:${encodeURIComponent(targetIdOf(target))}:${identifier}`;
}

/**
 * The caller's identifier from a stored one. `owned` tells whether annokit wrote it for this very
 * target (and may delete it by name + identifier); identifiers written by Phoenix's UI, its SDKs
 * or for another target are returned unchanged with `owned: false`.
 */
export function decodeIdentifier(
  wire: string,
  target: ReadableTarget,
): { identifier: string; owned: boolean } {
  const match = ENCODED.exec(wire);
  if (match && match[1] === target.kind) {
    let id: string | null;
    try {
      id = decodeURIComponent(match[2]!);
    } catch {
      id = null;
    }
    if (id === targetIdOf(target)) return { identifier: match[3]!, owned: true };
  }
  return { identifier: wire, owned: false };
}

const NOTE = /^annokit-note:[0-9a-zA-Z-]+(?::([\s\S]*))?$/;

/**
 * Notes carry no metadata on Phoenix's note endpoints, so the author travels in the identifier:
 * `annokit-note:<uuid>:<userId>`. The uuid keeps every note a new row (Phoenix upserts notes on
 * `(target, 'note', identifier)`).
 */
export function noteIdentifier(userId: string | null | undefined): string {
  const id = createId();
  return userId ? `annokit-note:${id}:${encodeURIComponent(userId)}` : `annokit-note:${id}`;
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
