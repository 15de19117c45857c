import { App } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from './config.ts';
import { buildHotline } from './hotline-app.ts';

/**
 * The CDK app (cdk.json runs it): `cdk synth|deploy -c config=infra/config/NAME.json`.
 * See infra/cdk/README.md for the deployment guide.
 */
const app = new App();
const file: unknown = app.node.tryGetContext('config');
if (typeof file !== 'string' || file === '') {
  console.error('choose a deployment config: cdk synth -c config=infra/config/NAME.json');
  process.exit(2);
}
try {
  const { skipped } = buildHotline(app, loadConfig(file));
  for (const note of skipped) console.error(`note: ${note}`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
app.synth();
