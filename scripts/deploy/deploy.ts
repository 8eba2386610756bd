// `npm run deploy -- [--stage prod] [--dry-run]`: reads deploy/<stage>.json (gitignored; deploy/example.json
// shows every key), refuses a configuration that would not work (naming the key and how to make it),
// prints what the deploy creates with the options' monthly costs, then runs `osls deploy --stage <s>
// --param k=v …` (`osls package` with --dry-run: no AWS call, the template lands in .serverless/).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONCERNS, concernResourceName } from '../../shared/domain/fanout';
import { readYaml } from '../local/infra';
import { checkDeployConfig, checkStage, paramArgs } from './deploy-config';
import { deployPlan, type Inventory } from './deploy-plan';

const ROOT = join(import.meta.dirname, '..', '..');

function inventory(): Inventory {
  const sls = readYaml('serverless.yml') as { functions: Record<string, unknown> };
  const infra = readdirSync(join(ROOT, 'infra')).filter((f) => f.endsWith('.yml'));
  const alarms = infra.reduce((n, f) => n + (readFileSync(join(ROOT, 'infra', f), 'utf8').match(/Type: AWS::CloudWatch::Alarm/g)?.length ?? 0), 0);
  return { functions: Object.keys(sls.functions), queues: CONCERNS.map(concernResourceName), tables: ['Table', 'IdempotencyTable'], alarms };
}

function main(): number {
  const { values } = parseArgs({ options: { stage: { type: 'string', default: 'prod' }, 'dry-run': { type: 'boolean', default: false } } });
  const stage = values.stage;
  const badStage = checkStage(stage);
  if (badStage) {
    console.error(badStage);
    return 2;
  }
  const file = join(ROOT, 'deploy', `${stage}.json`);
  if (!existsSync(file)) {
    console.error(
      `缺少部署配置 / missing deploy configuration: deploy/${stage}.json\n  cp deploy/example.json deploy/${stage}.json  # then fill it in (docs/deploy.md)`,
    );
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`deploy/${stage}.json 不是有效的 JSON / is not valid JSON: ${(e as Error).message}`);
    return 2;
  }
  const checked = checkDeployConfig(raw);
  if (!checked.ok) {
    console.error(`deploy/${stage}.json 不能部署 / cannot deploy:\n- ${checked.problems.join('\n- ')}`);
    return 2;
  }
  for (const line of deployPlan(stage, checked.config, inventory())) console.log(line);
  const command = values['dry-run'] ? 'package' : 'deploy';
  // The command without the values (the session secret is one of them).
  console.log(
    `\n→ osls ${command} --stage ${stage} ${Object.entries(checked.config)
      .filter(([, v]) => v !== '')
      .map(([k]) => `--param ${k}=…`)
      .join(' ')}`,
  );
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/serverless/bin/serverless.js'), command, '--stage', stage, ...paramArgs(checked.config)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return r.status ?? 1;
}

process.exit(main());
