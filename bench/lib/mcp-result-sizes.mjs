// Sizes (characters of text content) of the default tools' results on a track that has lived a
// while: a 20-step plan whose 20 command steps have each run once (20 runs, their run.json in every
// checkpoint). Needs a client of `track mcp --all-tools` (`step_add` builds the plan).

const textOf = (r) => r.content.map((c) => c.text).join('').length;

/** Calls each tool once, in an order that leaves the store as it found it (no track active). */
export async function lifecycleResultSizes(client) {
  const call = async (name, args) => {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${r.content[0]?.text}`);
    return r;
  };
  const sizes = {};
  const measure = async (label, name, args) => {
    sizes[label] = textOf(await call(name, args));
  };
  const id = 'track-long-bench';
  await measure('create', 'create', { name: 'Long', goal: 'A track with a long history', id });
  for (let i = 1; i <= 20; i++) {
    const step_id = `step-${String(i).padStart(2, '0')}`;
    await call('step_add', { track_id: id, step_id, name: `Step ${i}`, action_type: 'run-command', command: `echo step ${i} done` });
  }
  await measure('activate', 'activate', { track_id: id });
  for (let i = 1; i <= 19; i++) await call('next', {});
  await measure('next (command step)', 'next', {});
  await call('create', { name: 'Other', goal: 'Somewhere to switch to', id: 'track-other-bench' });
  await measure('decide', 'decide', { title: 'Keep the plan', rationale: 'it works' });
  await measure('checkpoint', 'checkpoint', { reason: 'bench' });
  await measure('pause', 'pause', { reason: 'bench' });
  await measure('resume', 'resume', { track_id: id });
  await measure('switch', 'switch', { to: 'track-other-bench' });
  await call('switch', { to: id });
  await measure('list', 'list', {});
  await measure('show', 'show', {});
  await measure('context', 'context', {});
  await measure('complete', 'complete', {});
  await call('cancel', { track_id: 'track-other-bench' });
  return sizes;
}
