/** The documents whose parse gets a compiled fast path. */
export declare const DOCUMENT_SCHEMAS: readonly string[];
/** The generated module (src/core/document-parsers.ts) for the exports of src/core/schema.ts. */
export declare function documentParsersSource(schemas: Record<string, unknown>): string;
