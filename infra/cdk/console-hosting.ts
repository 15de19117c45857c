import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssetHashType,
  CfnOutput,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { PROJECT_ROOT } from './config.ts';
import { staffClientOptions } from './stacks/api-stack.ts';

/**
 * The console's Content-Security-Policy: its own scripts and styles, the API on the same origin, and
 * the identity provider it signs in with (its discovery document and token endpoint).
 */
export function consoleCsp(signInOrigin: string): string {
  return `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${signInOrigin}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`;
}

/**
 * How staff sign in to the console (console/src/oauth.ts: authorization code with PKCE), following
 * the deployment's `staffAuth`: Cognito's hosted sign-in on the staff user pool, with an app client
 * and a domain of its own made here; or the province's OIDC provider, where the operator registers
 * the console's address as a redirect URI of the staff desk's client (`audience`).
 */
export type ConsoleSignIn =
  | { type: 'cognito'; userPool: cognito.IUserPool; domainPrefix: string }
  | { type: 'oidc'; issuer: string; clientId: string; roleClaim: string; unitClaim: string };

/** What the console reads from config.json to sign in (console/src/oauth.ts's SignInConfig). */
interface SignInSettings {
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  logoutEndpoint?: string;
  clientId: string;
  scope: string;
  roleClaim: string;
  unitClaim: string;
}

/**
 * @example
 * ```ts
 * new ConsoleHostingStack(app, 'Hotline-anhui-prod-Console', { env, restApi: api.restApi });
 * ```
 */
export interface ConsoleHostingStackProps extends StackProps {
  /** The hotline's REST API, served under the same origin at /v1/* (no CORS needed). */
  restApi: apigw.RestApi;
  /**
   * The API's own domain (config `customDomain`), when it has one: the execute-api endpoint is then
   * switched off (it answers 403), so CloudFront must reach the API through this name.
   */
  apiDomain?: { domainName: string; basePath: string };
  /** The console's own name (config `consoleDomain`): an IAM certificate in China, ACM (us-east-1) elsewhere. */
  domain?: { domainName: string; iamCertificateId?: string | undefined; certificateArn?: string | undefined };
  signIn: ConsoleSignIn;
}

/**
 * The web console in AWS: its files in a private, encrypted bucket that only this distribution can
 * read (origin access control; an origin access identity in the China regions, which have no OAC), the API under the same origin (`/v1/*`, never cached, every viewer
 * header but Host forwarded), security headers on every answer, and access logs of both.
 * The console is built by `vite build` when the app synthesizes (local bundling, like the functions).
 */
export class ConsoleHostingStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: ConsoleHostingStackProps) {
    super(scope, id, props);
    // The China regions have no origin access control (nor CloudFront Functions): there the bucket is
    // read through an origin access identity, the private-origin mechanism CloudFront offers there.
    const china = this.region.startsWith('cn-');

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL (the awslogsdelivery account).
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access log bucket of the console bucket and distribution; logging it to itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const signInDomain =
      props.signIn.type === 'cognito'
        ? new cognito.UserPoolDomain(this, 'SignInDomain', {
            userPool: props.signIn.userPool,
            cognitoDomain: { domainPrefix: props.signIn.domainPrefix },
          })
        : undefined;
    const signInOrigin =
      props.signIn.type === 'oidc' ? new URL(props.signIn.issuer).origin : (signInDomain?.baseUrl() ?? '');

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Hotline console: security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(signInOrigin), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Hotline console ${id}`,
      // The console's page at the root; its assets are under /console/ (Vite's base).
      defaultRootObject: 'console/index.html',
      defaultBehavior: {
        origin: china
          ? origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket)
          : origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: apiOrigin(props),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      ...(props.domain?.certificateArn && {
        domainNames: [props.domain.domainName],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    if (props.domain?.iamCertificateId) {
      // CloudFront in the China regions serves only on an ICP-filed name, with a certificate uploaded
      // to IAM (it has no ACM); the Distribution construct takes ACM certificates only.
      const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [props.domain.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: props.domain.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }
    if (china) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'CloudFront in the China regions offers no origin access control; the bucket is private and readable only through this distribution’s origin access identity (its bucket policy names the identity alone).',
      });
    }
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Staff work from the province’s offices and homes; the API’s sign-in and authorizer decide who may act, not the country of the IP address.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The API behind /v1/* keeps its regional WAF (rate rules, AWS managed rules) in the Api stack; a CloudFront web ACL must live in us-east-1, which a deployment in the China regions cannot use. The console’s own files are static.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: props.domain?.iamCertificateId
          ? 'The console’s own domain is served with its IAM certificate at TLS 1.2 (TLSv1.2_2021) as the minimum, set by a property override that cdk-nag does not read (the Distribution construct takes ACM certificates only, which CloudFront in China does not have).'
          : 'Without its own domain (config consoleDomain) the distribution answers on its CloudFront name with CloudFront’s default certificate, whose TLS policy cannot be set; with one, TLS 1.2 (TLSv1.2_2021) is the minimum.',
      },
    );

    const consoleUrl = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}/`;
    const signIn = this.signInSettings(props.signIn, signInDomain, consoleUrl);
    const deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      // config.json tells the console where it runs and how staff sign in (locally the API server answers it).
      sources: [consoleBuild(), s3deploy.Source.jsonData('config.json', { mode: 'aws', signIn })],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'console/',
      distribution: this.distribution,
      distributionPaths: ['/console/*'],
      memoryLimit: 512,
    });
    acknowledgeDeploymentProvider(this);
    deployment.node.addDependency(this.bucket);

    if (props.domain) {
      new CfnOutput(this, 'ConsoleDomainTarget', {
        value: this.distribution.distributionDomainName,
        description: `Point a CNAME for ${props.domain.domainName} here`,
      });
    }
    new CfnOutput(this, 'ConsoleUrl', {
      value: consoleUrl,
      description:
        props.signIn.type === 'oidc'
          ? 'The staff console (the API under the same origin at /v1/): register this address as a redirect URI of the staff desk client at the identity provider'
          : 'The staff console; the API answers under the same origin at /v1/',
    });
  }

  /**
   * Cognito: an app client for the console alone (public, code flow, PKCE, redirect to the console),
   * reading the role and unit attributes the API checks; its ID tokens pass the API's user pool
   * authorizer like the staff desk's. OIDC: the staff desk's client at the province's provider.
   */
  private signInSettings(
    signIn: ConsoleSignIn,
    domain: cognito.UserPoolDomain | undefined,
    consoleUrl: string,
  ): SignInSettings {
    if (signIn.type === 'oidc')
      return {
        issuer: signIn.issuer,
        clientId: signIn.clientId,
        scope: 'openid profile',
        roleClaim: signIn.roleClaim,
        unitClaim: signIn.unitClaim,
      };
    const client = new cognito.UserPoolClient(this, 'SignInClient', {
      userPool: signIn.userPool,
      ...staffClientOptions(),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    });
    const base = domain?.baseUrl() ?? '';
    return {
      authorizationEndpoint: `${base}/oauth2/authorize`,
      tokenEndpoint: `${base}/oauth2/token`,
      logoutEndpoint: `${base}/logout`,
      clientId: client.userPoolClientId,
      scope: 'openid email profile',
      roleClaim: 'custom:role',
      unitClaim: 'custom:unitId',
    };
  }
}

/**
 * Where CloudFront sends /v1/*: the API's own domain when it has one (under its base path, which the
 * domain maps to the stage), else the execute-api endpoint with the stage as the path.
 */
function apiOrigin(props: ConsoleHostingStackProps): cloudfront.IOrigin {
  const domain = props.apiDomain;
  if (!domain) return new origins.RestApiOrigin(props.restApi);
  return new origins.HttpOrigin(domain.domainName, {
    ...(domain.basePath && { originPath: `/${domain.basePath}` }),
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
  });
}

/**
 * The bucket deployment's provider function (CDK's own, at the stack's root, run only while a
 * deployment copies the build) holds the grants CDK gives it: named here one by one with the reason.
 */
function acknowledgeDeploymentProvider(stack: Stack) {
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const reasons: [string, string][] = [
    [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK’s bucket deployment function logs with the AWS managed basic execution policy; it runs only during a deployment.',
    ],
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map(
      (action): [string, string] => [
        `AwsSolutions-IAM5[Action::${action}]`,
        'CDK grants its bucket deployment function read on the asset bucket and read, write and delete on the console bucket, to copy the build and remove old files.',
      ],
    ),
    [
      `AwsSolutions-IAM5[Resource::arn:${stack.partition}:s3:::cdk-hnb659fds-assets-${account}-${stack.region}/*]`,
      'The CDK bootstrap asset bucket of this account and region, where the console build is staged.',
    ],
    [
      'AwsSolutions-IAM5[Resource::<Files8E6940B8.Arn>/*]',
      'The console bucket’s objects, which the deployment replaces.',
    ],
    [
      'AwsSolutions-IAM5[Resource::*]',
      'CDK’s bucket deployment creates the CloudFront invalidation after copying; CloudFront invalidations take no resource-level permission.',
    ],
    [
      'AwsSolutions-L1',
      'The provider function’s runtime is chosen by CDK’s BucketDeployment, not by this project.',
    ],
  ];
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    Validations.of(child).acknowledge(...reasons.map(([id, reason]) => ({ id, reason })));
  }
}

/**
 * The console's build as an asset: `vite build` runs locally when the app synthesizes (skipped,
 * like every bundling, when a test synthesizes without bundling).
 */
let built: string | undefined;

function consoleBuild(): s3deploy.ISource {
  const vite = join(PROJECT_ROOT, 'node_modules/.bin/vite');
  return s3deploy.Source.asset(join(PROJECT_ROOT, 'console'), {
    assetHashType: AssetHashType.OUTPUT,
    exclude: ['dist', 'node_modules'],
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      local: {
        tryBundle(outputDir: string) {
          // One build per process, whatever the number of deployments it synthesizes.
          if (!built) {
            const dir = mkdtempSync(join(tmpdir(), 'hotline-console-'));
            const config = join(PROJECT_ROOT, 'console/vite.config.ts');
            execFileSync(vite, ['build', '--config', config, '--outDir', dir, '--emptyOutDir'], {
              cwd: PROJECT_ROOT,
              stdio: 'inherit',
            });
            built = dir;
          }
          cpSync(built, outputDir, { recursive: true });
          return true;
        },
      },
    },
  });
}
