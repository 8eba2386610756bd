// A customer's personal data (PIPL 个人信息, docs/manual.md#个人信息导出与删除): GET …/customers/{externalUserId}/export
// answers everything Siyu holds on the person as one JSON document, one section per store (the contributors of
// shared/db/personal-data-repository.ts); DELETE …/customers/{externalUserId}/personal-data erases what
// identifies them (name → 已删除客户-<hash>, remarks, archive message text, quoted audit text) and keeps the counts.
// Both admin-only (customers:personal-data). A customer the tenant does not know — or another tenant's — is 404
// and nothing is read or changed. The export opens the members' sealed remark phone numbers (remarkMobiles). The erase is idempotent: a second call answers 200 with `alreadyErased: true`.
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import type { PersonalDataContributor } from '../../shared/db/personal-data-repository';
import { openMobiles } from '../../shared/customers/remark-mobiles';
import { nothingLeft, pseudonymOf, type EraseReport } from '../../shared/domain/personal-data';
import { NotFoundError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import type { SecretBox } from '../../shared/secrets/secret-box';

export interface PersonalDataDeps {
  personalData: readonly PersonalDataContributor[];
  clock: Clock;
  /** Opens the sealed remark phone numbers for the export. */
  secrets: SecretBox;
}

/** The customer section with each follow's sealed phone numbers opened (the person's data, as they gave it). */
async function openedFollows(deps: PersonalDataDeps, corpId: string, section: unknown): Promise<unknown> {
  const s = section as { follows?: Array<Record<string, unknown>> };
  if (!Array.isArray(s.follows)) return section;
  const follows = await Promise.all(
    s.follows.map(async ({ remarkMobilesCipher, ...f }) =>
      typeof remarkMobilesCipher === 'string' ? { ...f, remarkMobiles: await openMobiles(deps.secrets, corpId, remarkMobilesCipher) } : f,
    ),
  );
  return { ...s, follows };
}

export const personalDataExportView = z.strictObject({
  corpId: z.string(),
  externalUserId: z.string(),
  exportedAt: z.iso.datetime(),
  /** One entry per store, as stored (keys and bookkeeping left out). */
  sections: z.record(z.string(), z.unknown()).describe('每个存储一节，按原样导出 / one section per store, as stored'),
});

export const personalDataEraseView = z.strictObject({
  externalUserId: z.string(),
  pseudonym: z.string().describe('此后显示的名字 / the name shown from now on'),
  alreadyErased: z.boolean().describe('已删除过，本次无事可做 / erased before: nothing was left to do'),
  erased: z.record(z.string(), z.number().int().min(0)).describe('每个存储改动的条数 / items changed per store'),
});

/** The customer partition's section answers whether the tenant knows the person at all. */
async function known(deps: PersonalDataDeps, corpId: string, externalUserId: string): Promise<Record<string, unknown>> {
  const main = deps.personalData[0];
  const held = main ? ((await main.collect(corpId, externalUserId)) as { profile: unknown; follows: unknown[]; timeline: unknown[] }) : undefined;
  if (!held || (held.profile === null && held.follows.length === 0 && held.timeline.length === 0)) throw new NotFoundError(msg('unknown_customer'));
  return { [main!.section]: held };
}

export async function exportPersonalData(deps: PersonalDataDeps, corpId: string, externalUserId: string): Promise<z.output<typeof personalDataExportView>> {
  const sections = await known(deps, corpId, externalUserId);
  for (const [name, section] of Object.entries(sections)) sections[name] = await openedFollows(deps, corpId, section);
  for (const c of deps.personalData.slice(1)) sections[c.section] = await c.collect(corpId, externalUserId);
  return { corpId, externalUserId, exportedAt: new Date(deps.clock.now()).toISOString(), sections };
}

export async function erasePersonalData(deps: PersonalDataDeps, corpId: string, externalUserId: string): Promise<z.output<typeof personalDataEraseView>> {
  await known(deps, corpId, externalUserId);
  const pseudonym = pseudonymOf(corpId, externalUserId);
  const erased: EraseReport = {};
  for (const c of deps.personalData) if (c.erase) erased[c.section] = await c.erase(corpId, externalUserId, pseudonym);
  return { externalUserId, pseudonym, alreadyErased: nothingLeft(erased), erased };
}
