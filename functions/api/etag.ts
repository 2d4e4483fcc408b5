import { DomainError } from '../../shared/domain/errors';

/** Strong entity tags derived from an item's version. */
export const etagOf = (version: number) => `"v${version}"`;

/**
 * The version an `If-Match` header asks for, `undefined` when there is none (or it is `*`). A list
 * or a weak tag cannot name one version, so it never matches (RFC 9110 uses strong comparison).
 */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"v(\d{1,12})"\s*$/.exec(header);
  if (!match) {
    throw new DomainError('precondition-failed', 'If-Match does not name a current version.', {
      details: { ifMatch: header },
    });
  }
  return Number(match[1]);
}
