import type { StaffClaims } from '../../functions/http/identity.ts';

/** The quick tour printed at start: where things are, a token per role, and commands to try. */
export function printTour(info: {
  url: string;
  policyId: string;
  dataDir: string;
  dynamodbEndpoint: string;
  tokens: { claims: StaffClaims; token: string }[];
  channelKeys: Readonly<Record<string, string>>;
}) {
  const { url, tokens } = info;
  const tokenOf = (role: string) => tokens.find((t) => t.claims['custom:role'] === role)?.token ?? '';
  const webKey = Object.keys(info.channelKeys)[0];
  const lines = [
    '',
    `12345 hotline — local runtime (policy ${info.policyId})`,
    `  API            ${url}`,
    `  OpenAPI        ${url}/openapi.json`,
    `  virtual clock  ${url}/_local/clock   (POST {"advance":"4h"} to move it forward)`,
    `  DynamoDB Local ${info.dynamodbEndpoint}`,
    `  data           ${info.dataDir}`,
    '',
    'Channel API keys (x-api-key):',
    ...Object.entries(info.channelKeys).map(([key, id]) => `  ${id.padEnd(16)} ${key}`),
    '',
    'Staff tokens (Authorization: Bearer …):',
    ...tokens.map(
      ({ claims, token }) =>
        `  ${`${claims['custom:role']}${claims['custom:unitId'] ? `@${claims['custom:unitId']}` : ''}`.padEnd(22)} ${token}`,
    ),
    '',
    'Try it:',
    `  curl -s -X POST ${url}/v1/tickets -H 'x-api-key: ${webKey}' -H 'content-type: application/json' \\`,
    `    -H 'Idempotency-Key: demo-0001' \\`,
    `    -d '{"channel":"web","type":"complaint","category":"street-vendors","regionId":"shushan","content":"路口占道经营","requester":{"name":"张三","phone":"13800138000"}}'`,
    `  export T=<the id it answers>`,
    `  curl -s ${url}/v1/tickets/$T -H 'authorization: Bearer ${tokenOf('dispatcher')}' -i   # note the ETag`,
    `  curl -s -X POST ${url}/v1/tickets/$T/dispatch -H 'authorization: Bearer ${tokenOf('dispatcher')}' \\`,
    `    -H 'if-match: "1"' -H 'content-type: application/json' -d '{"leadUnit":"ss-urban","level":"county"}'`,
    '  then, as unitClerk@ss-urban: sign, recordContact, informRequester, reply; as dispatcher: review;',
    '  as callbackAgent: recordCallback. Each POST sends If-Match with the ETag of the last answer.',
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
