// Drafts: any session, anonymous included, keeps named override trees on a tenant with their latest validation
// result (the same answer as POST /tokens/validate). They are the visitor's history and survive graduation
// (./merge.ts). Tenant data under RLS: every query runs as the tenant and also names the user, because a partner's
// context can see its customers' rows.
import type { Database } from '../db/core.ts';
import {
  countDrafts,
  deleteDraft as removeDraft,
  findDraft,
  listDrafts,
  saveDraft as storeDraft,
  type DraftRow,
} from '../db/queries/drafts.ts';
import type { Tier } from '../db/schema.ts';
import { notFound, Refusal } from '../lib/refusal.ts';
import { validateLayer, type ValidateDeps } from '../themes/validate.ts';

/** 1–100 characters: letters, digits, space and `. _ - ( )`, starting with a letter or digit. */
const DRAFT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,99}$/;
/** Drafts are free to anonymous visitors; this keeps one visitor from filling the table. */
export const MAX_DRAFTS_PER_TENANT = 50;

/** Where a draft lives: the visitor's user on one tenant. */
export interface DraftOwner {
  tenantId: string;
  tier: Tier;
  userId: string;
  /** A member of the tenant: its validation names the descendants a tree would break, as POST /tokens/validate does. */
  member: boolean;
}

function checkedName(name: string): string {
  if (!DRAFT_NAME.test(name)) {
    throw new Refusal(
      'invalid',
      'invalid_draft_name',
      'A draft name is 1–100 letters, digits, spaces or . _ - ( ), starting with a letter or digit.',
    );
  }
  return name;
}

export async function visitorDrafts(db: Database, owner: DraftOwner): Promise<DraftRow[]> {
  return db.asTenant(owner.tenantId, (tx) => listDrafts(tx, owner.tenantId, owner.userId));
}

/** Validates `tokens` as the tenant's layer and keeps them with the result under `name`; `created` for a new name. */
export async function saveDraft(
  deps: ValidateDeps & { now: () => Date },
  owner: DraftOwner,
  rawName: string,
  tokens: unknown,
): Promise<{ row: DraftRow; created: boolean }> {
  const name = checkedName(rawName);
  const validation = await validateLayer(deps, {
    tenantId: owner.tenantId,
    tier: owner.tier,
    content: tokens,
    withImpact: owner.member,
  });
  const { tenantId, userId } = owner;
  return deps.db.asTenant(tenantId, async (tx) => {
    const existing = await findDraft(tx, tenantId, userId, name);
    if (!existing && (await countDrafts(tx, tenantId, userId)) >= MAX_DRAFTS_PER_TENANT) {
      throw new Refusal(
        'conflict',
        'too_many_drafts',
        `You have ${MAX_DRAFTS_PER_TENANT} drafts here; delete one first.`,
      );
    }
    const row = await storeDraft(tx, { tenantId, userId, name, content: tokens, validation, now: deps.now() });
    return { row, created: !existing };
  });
}

export async function deleteDraft(db: Database, owner: DraftOwner, rawName: string): Promise<void> {
  const name = checkedName(rawName);
  if (!(await db.asTenant(owner.tenantId, (tx) => removeDraft(tx, owner.tenantId, owner.userId, name))))
    throw notFound(`The draft "${name}"`);
}
