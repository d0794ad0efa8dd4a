import type { ValidityStatus } from '../validity/validity-status.js';
import type { DocumentContent } from './document-rules.js';

/** A stored document as the repository returns it. */
export interface StoredDocument extends DocumentContent {
  id: string;
  issuerId: string;
  status: ValidityStatus;
  version: number;
  checksum: string;
  source: 'api' | 'import';
  createdAt: Date;
  updatedAt: Date;
}

/** Who acted; `id` is null when the library itself acted. */
export interface Actor {
  id: string | null;
  username: string;
  /** The acting user's role, where a rule depends on it (editor, legal, admin). */
  role?: string;
}

/** Validity is the legal office's call: legal officers and admins may make it, editors may not. */
export const decidesValidity = (actor: Actor): boolean => actor.role === 'legal' || actor.role === 'admin';

export const SYSTEM_ACTOR: Actor = { id: null, username: 'system' };
