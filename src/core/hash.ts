import { createHash } from 'node:crypto';

/** The sha256 of text (as UTF-8) or bytes, in lowercase hex: object names, checksums, id digests. */
export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
