import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks answers against the OpenAPI document: the operation of the method and path, the status
 * among its documented responses, the media type and body against the documented schema, and the
 * documented required headers. A path the document does not list must answer 404 (or 405 where a
 * gateway route covers it), and a method a listed path does not have 405 with `Allow`, both as
 * problem+json (the document's description says so).
 */

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<
    string,
    { content?: Record<string, unknown>; headers?: Record<string, { required?: boolean }> }
  >;
}
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export class Contract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; params: number }[];

  constructor(private readonly document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema(document, 'openapi');
    this.templates = Object.keys(document.paths as Json)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      // A concrete segment wins over a parameter (`/v1/directory/unit` over `/v1/directory/{kind}`).
      .sort((a, b) => a.params - b.params);
  }

  /** The documented path template a concrete path falls under, if any. */
  pathOf(path: string): string | undefined {
    return this.templates.find((t) => t.pattern.test(path))?.template;
  }

  operation(method: string, path: string): Operation | undefined {
    const template = this.pathOf(path);
    if (!template) return undefined;
    return ((this.document.paths as Json)[template] as Json)[method.toLowerCase()] as Operation | undefined;
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi#${ref}` });
      this.validators.set(ref, validate);
    }
    return validate;
  }

  /** The mismatches of one answer with the document; empty when it says what the document says. */
  mismatches(method: string, rawPath: string, answer: Answer): string[] {
    const path = rawPath.split('?')[0] ?? rawPath;
    const template = this.pathOf(path);
    const item = template ? ((this.document.paths as Json)[template] as Json) : undefined;
    const op = item?.[method.toLowerCase()] as Operation | undefined;
    const where = `${method} ${rawPath} → ${answer.status}`;
    if (!op) {
      // A path under a gateway route the document lists per value (`{action}`, `{kind}`) may get 405.
      const expected = item ? [405] : [404, 405];
      const problems = this.problemMismatches(answer, where);
      if (!expected.includes(answer.status))
        problems.unshift(
          `${where}: an undocumented ${item ? 'method' : 'path'} answers ${expected.join(' or ')}`,
        );
      if (item) {
        const allowed = METHODS.filter((m) => item?.[m]).map((m) => m.toUpperCase());
        const allow = (answer.headers.get('allow') ?? '')
          .split(',')
          .map((m) => m.trim())
          .sort();
        if (allow.join() !== allowed.sort().join())
          problems.push(`${where}: Allow "${allow}" is not ${allowed}`);
      }
      return problems;
    }
    const status = String(answer.status);
    const response = op.responses[status] ?? op.responses.default;
    if (!response)
      return [`${where}: status ${status} is not documented (documented: ${Object.keys(op.responses)})`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required && !answer.headers.has(name))
        problems.push(`${where}: documented header ${name} missing`);
    }
    const contentType = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const media = Object.keys(response.content ?? {});
    if (media.length === 0) return problems;
    if (!media.includes(contentType))
      return [...problems, `${where}: content-type "${contentType}" is not ${media}`];
    const ref = pointer(
      '',
      'paths',
      template as string,
      method.toLowerCase(),
      'responses',
      op.responses[status] ? status : 'default',
      'content',
      contentType,
      'schema',
    );
    const validate = this.validator(ref);
    if (!validate(answer.body)) {
      problems.push(`${where}: body does not match the document: ${this.ajv.errorsText(validate.errors)}`);
    }
    return problems;
  }

  private problemMismatches(answer: Answer, where: string): string[] {
    const contentType = answer.headers.get('content-type') ?? '';
    if (!contentType.startsWith('application/problem+json'))
      return [`${where}: not application/problem+json`];
    const validate = this.validator('/components/schemas/Problem');
    return validate(answer.body) ? [] : [`${where}: not a problem: ${this.ajv.errorsText(validate.errors)}`];
  }
}
