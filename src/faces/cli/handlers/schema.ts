import { trackJsonSchema } from '../../../core/json-schema.js';
import type { Output } from '../output.js';

export async function schema(): Promise<Output> {
  const doc = trackJsonSchema();
  return { json: doc, human: JSON.stringify(doc, null, 2) };
}
