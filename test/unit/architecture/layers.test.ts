import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const FUNCTIONS = resolve(import.meta.dirname, '../../../functions');

/** What each folder of functions/ may import of the others (see the folders' READMEs). */
const ALLOWED: Record<string, readonly string[]> = {
  domain: [],
  shared: [],
  adapters: ['domain', 'shared'],
  app: ['adapters', 'domain', 'shared'],
  http: ['app', 'domain', 'shared'],
  runtime: ['app', 'adapters', 'domain', 'shared'],
  api: ['app', 'domain', 'http', 'runtime', 'shared'],
  tasks: ['app', 'adapters', 'domain', 'runtime', 'shared'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (file: string) => relative(FUNCTIONS, file).split('/')[0] as string;

/** The project files a source file imports (static and dynamic imports, type-only ones included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) => resolve(dirname(file), s));
}

describe('Architecture: layers of functions/', () => {
  it('no folder imports one it may not: api|tasks → app → domain, app → adapters → domain', () => {
    // Prepare
    const files = sources(FUNCTIONS);

    // Act
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith(FUNCTIONS))
        .filter((target) => layerOf(target) !== layerOf(file))
        .filter((target) => !(ALLOWED[layerOf(file)] ?? []).includes(layerOf(target)))
        .map((target) => `${relative(FUNCTIONS, file)} → ${relative(FUNCTIONS, target)}`),
    );

    // Assess
    expect(Object.keys(ALLOWED).sort()).toEqual(
      readdirSync(FUNCTIONS, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    );
    expect(violations).toEqual([]);
  });

  it('the use cases know nothing of HTTP: no API Gateway type, no status code, no HttpError', () => {
    const http = sources(join(FUNCTIONS, 'app')).filter((file) =>
      /APIGatewayProxy|HttpError|statusCode|\bnotFound\(/.test(readFileSync(file, 'utf8')),
    );
    expect(http.map((f) => relative(FUNCTIONS, f))).toEqual([]);
  });
});
