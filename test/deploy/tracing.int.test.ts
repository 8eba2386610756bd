// X-Ray in the packaged production template (docs/architecture.md#observability): every function has active
// tracing, and the role each function runs as may write segments (xray:PutTraceSegments, xray:PutTelemetryRecords),
// whether the role is shared or one per function, the grant inline, in a separate policy or the AWS managed one.
import { PROD_PARAMS, packageTemplate, resourcesOfType, type CfnResource, type CfnTemplate } from './package-template';

const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

interface Statement {
  Effect?: string;
  Action?: string | string[];
}
const statementsOf = (doc: unknown): Statement[] => {
  const s = (doc as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
};

/** The logical id of the role a function runs as (`Fn::GetAtt [Role, Arn]`). */
function roleIdOf(fn: CfnResource): string {
  const role = fn.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const id = role?.['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`function role is not a role of this template: ${JSON.stringify(role)}`);
  return id;
}

/** Every Allow action granted to a role: its inline policies and the AWS::IAM::Policy resources attached to it. */
function allowedActions(t: CfnTemplate, roleId: string): { actions: string[]; managed: string[] } {
  const role = t.Resources[roleId];
  if (!role || role.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not an IAM role`);
  const docs = ((role.Properties?.Policies ?? []) as Array<{ PolicyDocument: unknown }>).map((p) => p.PolicyDocument);
  for (const [, p] of resourcesOfType(t, 'AWS::IAM::Policy')) {
    const roles = (p.Properties?.Roles ?? []) as Array<{ Ref?: string }>;
    if (roles.some((r) => r.Ref === roleId)) docs.push(p.Properties?.PolicyDocument);
  }
  const actions = docs
    .flatMap(statementsOf)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : []));
  const managed = ((role.Properties?.ManagedPolicyArns ?? []) as unknown[]).map((a) => JSON.stringify(a));
  return { actions, managed };
}

const grants = (g: { actions: string[]; managed: string[] }, action: string) =>
  g.actions.some((a) => a === action || a === 'xray:*' || a === '*') || g.managed.some((m) => m.includes('AWSXRayDaemonWriteAccess'));

describe('tracing in the deploy template', () => {
  let t: CfnTemplate;
  beforeAll(() => {
    t = packageTemplate('prod', { params: PROD_PARAMS });
  }, 300_000);

  it('gives every function active X-Ray tracing', () => {
    const fns = resourcesOfType(t, 'AWS::Lambda::Function');
    expect(fns.length).toBeGreaterThanOrEqual(20);
    const notActive = fns.filter(([, f]) => (f.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode !== 'Active').map(([id]) => id);
    expect(notActive).toEqual([]);
  });

  it("lets every function's role put trace segments and telemetry", () => {
    const missing = resourcesOfType(t, 'AWS::Lambda::Function').flatMap(([id, f]) => {
      const g = allowedActions(t, roleIdOf(f));
      return XRAY_ACTIONS.filter((a) => !grants(g, a)).map((a) => `${id}: ${a}`);
    });
    expect(missing).toEqual([]);
  });
});
