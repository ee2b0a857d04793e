import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initProject } from '../../src/features/setup/init-project.js';
import { uninstallProject } from '../../src/features/setup/uninstall-project.js';
import { createFromTemplate } from '../../src/features/templates/templates.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { showTrack } from '../../src/features/tracks/queries.js';
import { createRunForTrack, createSnapshot, executeWithinTrack, getActiveTrack } from '../../src/integration.js';
import { type TempProject, tempDir, tempProject } from '../helpers/temp.js';

describe('use cases return complete results', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('create names the overlapping open tracks and the active track; activate and switch name the conflicts and the paused track', async () => {
    p = tempProject();
    const api = await life.createTrack(p.store, { name: 'API', goal: 'g', target_directories: ['src/api'] });
    expect(api.conflicts).toEqual([]);
    expect(api.active_track_id).toBeNull();
    await life.activateTrack(p.store, { track_id: api.track.track_id });
    const auth = await life.createTrack(p.store, { name: 'Auth', goal: 'g', target_files: ['src/api/auth.ts'] });
    expect(auth.conflicts.map((c) => [...c.tracks].sort())).toEqual([[api.track.track_id, auth.track.track_id].sort()]);
    expect(auth.active_track_id).toBe(api.track.track_id);
    const switched = await life.switchTrack(p.store, { to: auth.track.track_id, reason: 'urgent' });
    expect(switched.track.status).toBe('active');
    expect(switched.paused?.track_id).toBe(api.track.track_id);
    expect(switched.conflicts).toHaveLength(1);
    const fromTemplate = await createFromTemplate(p.store, { template: 'bugfix', name: 'Fix', goal: 'g' });
    expect(fromTemplate.active_track_id).toBe(auth.track.track_id);
  });

  it('cancel takes cascade and reports the sub-tracks it cancelled', async () => {
    p = tempProject();
    const parent = (await life.createTrack(p.store, { name: 'Parent', goal: 'g' })).track;
    const child = (await life.createTrack(p.store, { name: 'Child', goal: 'g', parent: parent.track_id })).track;
    await expect(life.cancelTrack(p.store, { track_id: parent.track_id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const r = await life.cancelTrack(p.store, { track_id: parent.track_id, cascade: true, reason: 'dropped' });
    expect(r.cancelled_children).toEqual([child.track_id]);
    expect((await showTrack(p.store, { track_id: child.track_id })).status).toBe('cancelled');
  });
});

describe("the specification's Integration Points keep its shapes", () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('createRunForTrack(trackId, runId, { workflowId, selectedWorkflow }, store) and createSnapshot({ type, runId, description }, store)', async () => {
    p = tempProject();
    const { track } = await life.createTrack(p.store, { name: 'Spec', goal: 'g' });
    await life.activateTrack(p.store, { track_id: track.track_id });
    const run = await createRunForTrack(track.track_id, undefined, { workflowId: 'wf', selectedWorkflow: 'deploy' }, p.store);
    expect(run).toMatchObject({ run_id: 'run-001', workflow_id: 'wf', selected_workflow: 'deploy', status: 'created' });
    expect((await getActiveTrack(p.store))?.track_id).toBe(track.track_id);
    const checkpoint = await executeWithinTrack(track, () => createSnapshot({ type: 'checkpoint', runId: run.run_id, description: 'Pre-step' }, p.store));
    expect(checkpoint).toMatchObject({ track_id: track.track_id, reason: 'Pre-step' });
    expect(() => createSnapshot({ type: 'snapshot' as 'checkpoint' }, p.store)).toThrow(/type 'checkpoint' only/);
  });
});

describe('setup as library calls', () => {
  it('initProject writes the root, entry points, SKILL.md and the Claude Code config; a second run changes nothing; uninstallProject undoes all but the tracks', () => {
    const t = tempDir();
    try {
      const root = join(t.dir, '.claude', 'conductor', 'tracks');
      const first = initProject({ root, hooks: true, mcp: true });
      expect(first).toMatchObject({ root, project_dir: t.dir, created: true, discoverable: true, unchanged: [] });
      expect(first.files).toHaveLength(5);
      expect(first.files).toContain(join(root, '.gitignore'));
      expect(first.config.map((c) => [c.file, c.action])).toEqual([
        ['.claude/settings.json', 'added'],
        ['.mcp.json', 'added'],
      ]);
      const again = initProject({ root, hooks: true, mcp: true });
      expect(again).toMatchObject({ created: false, files: [] });
      expect(again.unchanged).toHaveLength(5);
      expect(again.config.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
      const removed = uninstallProject({ root });
      expect(removed.kept_root).toBe(root);
      expect(removed.removed_files).toHaveLength(4);
      expect(existsSync(join(root, 'track-registry.json'))).toBe(true);
      const mcp = join(t.dir, '.mcp.json');
      expect(existsSync(mcp) ? JSON.parse(readFileSync(mcp, 'utf8')).mcpServers?.['track-manager'] : undefined).toBeUndefined();
      expect(existsSync(join(t.dir, '.claude', 'skills'))).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
