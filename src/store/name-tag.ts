/**
 * The random tag a store shared through git (its tracks root lies inside a git work tree) puts after
 * the number of every name it generates, so clones and branches never make the same name for
 * different contents. Outside git there is none: names stay `checkpoint-001`, `dec-001`, ….
 */

import { crypto } from '../core/hash.js';
import { NAME_TAG_ALPHABET, NAME_TAG_LENGTH, type NameTag } from '../core/sequence-names.js';
import { inGitCheckout } from './git-worktree.js';

/** `length` characters (five for a name's tag) drawn uniformly from the tag alphabet by the system's cryptographic generator. */
export function randomNameTag(length = NAME_TAG_LENGTH): string {
  let tag = '';
  for (let i = 0; i < length; i++) tag += NAME_TAG_ALPHABET[crypto().randomInt(NAME_TAG_ALPHABET.length)];
  return tag;
}

/** What draws the tags of a store's new names: random in a git-shared store, none elsewhere. */
export function nameTaggerFor(root: string): () => NameTag {
  return inGitCheckout(root) ? () => randomNameTag() : () => undefined;
}
