/** What Claude Code sends a hook on stdin. Every field is optional: a hook must cope with anything. */
export interface HookInput {
  session_id?: string | undefined;
  cwd?: string | undefined;
  hook_event_name?: string | undefined;
  /** SessionStart: startup | resume | clear | compact. PreCompact: manual | auto (as `trigger`). */
  source?: string | undefined;
  trigger?: string | undefined;
}

const MAX_INPUT_BYTES = 1024 * 1024;
const STRING_FIELDS = ['session_id', 'cwd', 'hook_event_name', 'source', 'trigger'] as const;

/** Keeps only the known string fields of the hook's JSON; anything else (or no JSON at all) reads as {}. */
export function parseHookInput(text: string): HookInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const out: HookInput = {};
  for (const key of STRING_FIELDS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.length <= 4096) out[key] = value;
  }
  return out;
}

/**
 * Reads the hook input from `stream` until end of input, at most `waitMs` and MAX_INPUT_BYTES:
 * a host that keeps stdin open must not stall the hook.
 */
export function readHookInput(stream: NodeJS.ReadStream, waitMs: number): Promise<HookInput> {
  if (stream.isTTY) return Promise.resolve({});
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', finish);
      stream.off('error', finish);
      stream.destroy();
      resolve(size > MAX_INPUT_BYTES ? {} : parseHookInput(Buffer.concat(chunks).toString('utf8')));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_INPUT_BYTES) finish();
      else chunks.push(chunk);
    };
    const timer = setTimeout(finish, waitMs);
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('error', finish);
  });
}
