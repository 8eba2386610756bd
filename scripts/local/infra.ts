// Reads infra/*.yml (CloudFormation) so that local tables and queues are created from the same
// definitions that deploy to AWS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

const intrinsic = (tag: string, fn: string): ScalarTag => ({
  tag,
  resolve: (value: string) => ({ [fn]: value }),
});
const intrinsicSeq = (tag: string, fn: string): CollectionTag => ({
  tag,
  collection: 'seq',
  resolve: (value) => ({ [fn]: (value as unknown as { toJSON(): unknown }).toJSON() }),
} as unknown as CollectionTag);

const customTags = [
  intrinsic('!Ref', 'Ref'),
  intrinsic('!GetAtt', 'Fn::GetAtt'),
  intrinsic('!Sub', 'Fn::Sub'),
  intrinsicSeq('!Sub', 'Fn::Sub'),
  intrinsicSeq('!Join', 'Fn::Join'),
];

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}

export function readResources(file: string, vars: Record<string, string>): Record<string, CfnResource> {
  let text = readFileSync(join(ROOT, 'infra', file), 'utf8');
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`\${${name}}`, value);
  const doc = parse(text, { customTags }) as { Resources: Record<string, CfnResource> };
  return doc.Resources;
}
