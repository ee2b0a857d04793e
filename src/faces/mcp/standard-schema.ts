import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import * as z from 'zod/mini';

/**
 * Exposes one of our zod/mini schemas to the MCP SDK: the JSON Schema `tools/list` shows is
 * generated from it. Its `validate` accepts everything on purpose: the tool wrapper validates
 * with the same schema through `parseInput`, so a bad call becomes our typed ValidationError
 * (code + hint) instead of the SDK's bare message.
 */
export function advertised(schema: z.ZodMiniObject): StandardSchemaWithJSON<Record<string, unknown>> {
  // `$schema` is dropped: every tool would repeat it in tools/list, which hosts pay for in tokens.
  const toJson = (io: 'input' | 'output') => () => {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Record<string, unknown>;
    return rest;
  };
  return {
    '~standard': {
      version: 1,
      vendor: 'track-manager',
      validate: (value) => ({ value: (value ?? {}) as Record<string, unknown> }),
      jsonSchema: { input: toJson('input'), output: toJson('output') },
    },
  };
}
