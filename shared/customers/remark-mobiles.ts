// A follow's remark phone numbers (WeCom's follow_user.remark_mobiles) at rest: sealed with the tenant secret box
// (shared/secrets, the tenant as the bound context, as tenant secrets are), so DynamoDB never holds a number in
// plain text and a value copied into another tenant's item does not open. Opened only where the caller may see
// them (docs/manual.md#个人信息导出与删除): the customer detail for admins and managers in scope, the sidebar for the
// member whose follow it is, the personal-data export. Never logged.
import type { SecretBox } from '../secrets/secret-box';

/** The numbers worth keeping (WeCom reports empty strings for cleared slots), in WeCom's order. */
export const keptMobiles = (mobiles: readonly string[] | undefined): string[] => [...new Set((mobiles ?? []).map((m) => m.trim()).filter((m) => m !== ''))];

/** The sealed numbers, or null when there are none (the stored value is then removed). */
export async function sealMobiles(box: SecretBox, corpId: string, mobiles: readonly string[] | undefined): Promise<string | null> {
  const kept = keptMobiles(mobiles);
  return kept.length === 0 ? null : box.encrypt(JSON.stringify(kept), { tenantId: corpId });
}

/** The numbers of a sealed value ([] when none is stored). */
export async function openMobiles(box: SecretBox, corpId: string, cipher: string | undefined): Promise<string[]> {
  if (cipher === undefined) return [];
  const parsed: unknown = JSON.parse(await box.decrypt(cipher, { tenantId: corpId }));
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
