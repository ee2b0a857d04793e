import { trackContext } from '../../../features/primer/primer.js';
import type { PrimerFormat } from '../../../features/primer/primer-text.js';
import { flag, type Invocation, str } from '../command.js';
import type { Output } from '../output.js';
import { openStore } from './open-store.js';

export async function context(inv: Invocation): Promise<Output> {
  const budgetText = str(inv, 'budget');
  const budget = budgetText === undefined ? undefined : /^\d+$/.test(budgetText) ? Number(budgetText) : Number.NaN;
  const format = (str(inv, 'format') ?? (inv.global.json ? 'json' : 'md')) as PrimerFormat;
  const text = await trackContext(openStore(inv.global), { track_id: str(inv, 'track-id'), format, budget, git: !flag(inv, 'no-git') });
  return { json: format === 'json' ? JSON.parse(text) : { format, text }, human: text.replace(/\n$/, '') };
}
