import * as z from 'zod/mini';
import { trackSchema } from './schema.js';

/** The published JSON Schema of track.json, generated from the runtime validator. */
export function trackJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(trackSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'track-manager track.json',
    ...schema,
  };
}
