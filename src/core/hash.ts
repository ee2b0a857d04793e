/**
 * node:crypto, loaded on first use: a read command never needs it, and loading it (with the
 * stream machinery it pulls in) costs a tenth of Node's own startup.
 */
export const crypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/** The sha256 of text (as UTF-8) or bytes, in lowercase hex: object names, checksums, id digests. */
export const sha256Hex = (data: string | Uint8Array): string => crypto().createHash('sha256').update(data).digest('hex');

/** `bytes` random bytes as hex: unique names for temp files and set-aside locks. */
export const randomHex = (bytes: number): string => crypto().randomBytes(bytes).toString('hex');

export const randomUUID = (): string => crypto().randomUUID();
