// The packaged production template exists and holds the stack's functions (the other files in test/deploy/
// inspect it per concern).
import { PROD_PARAMS, packageTemplate, resourcesOfType } from './package-template';

describe('deploy template (osls package --stage prod)', () => {
  it('packages with realistic parameters', () => {
    const t = packageTemplate('prod', { params: PROD_PARAMS });
    expect(resourcesOfType(t, 'AWS::Lambda::Function').length).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
