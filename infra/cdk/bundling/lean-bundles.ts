import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import chineseDays from 'chinese-days';
import * as zodMini from 'zod/mini';
import { buildOpenApi } from '../../../functions/api/openapi-document.ts';
import { PROJECT_ROOT } from '../config.ts';

/**
 * What keeps every Lambda bundle small (issue: ≤ 250 KB minified each), done where the bundle is
 * built, so that the handlers import their libraries the ordinary way:
 *
 * - **The AWS SDK is not bundled**: the nodejs24.x runtime ships SDK v3 (`@aws-sdk/*`, `@smithy/*`).
 *   See `RUNTIME_SDK` for the version the code is written against.
 * - **zod/mini with the names the functions use**: the functions build their schemas with zod/mini
 *   (functions/domain/zod.ts, which sets the English messages). Its namespace is every export,
 *   locales and compiler included; the bundle's `zod/mini` is a module that re-exports only the names
 *   the functions use (read from their source), from zod's own files (`zodMiniModule`).
 * - **zod without its JSON Schema generator** (17 KB): every schema refers to it, so it would be in
 *   every bundle, and no function calls it (the OpenAPI document is built at synth). The bundles take
 *   zod's v4 files from a copy in which its two modules export functions that throw (`zodV4Copy`).
 * - **chinese-days as far as the calendar needs it**: the lunar month table (two functions, computed
 *   here from the package itself) and the official schedules' dates (the calendar reads the keys of
 *   `holidays` and `workdays`, where a run of days is one `from..to` key; the names and the in-lieu
 *   map are left out). Any other use of the package keeps the whole package.
 * - **No tracer where tracing is off** (`tracer-off.ts`): the X-Ray SDK is 120 KB with its deps.
 * - **The runtime's SDK loaded with `require`**: its packages are CommonJS; imported from an ES module,
 *   each goes through Node's ESM loader and its CommonJS translation, some 4 ms of a cold start. Each
 *   SDK package the functions import by name is aliased to a module that requires it and exports
 *   those names (`runtimeSdkModule`); `require` finds the runtime's SDK on NODE_PATH.
 *
 * The generated modules are written once per process under the system temp folder, named by content.
 */

/** The SDK the functions are written against and the runtime provides (AWS Lambda nodejs24.x). */
export const RUNTIME_SDK = {
  runtime: 'nodejs24.x',
  /** Never bundled: resolved from the runtime's own node_modules. */
  externals: ['@aws-sdk/*', '@smithy/*'],
} as const;

const TRACER_OFF = join(PROJECT_ROOT, 'infra/cdk/bundling/tracer-off.ts');

/** esbuild `--alias` entries (`package=path`) of a function bundle. */
export function bundleAliases(options: { tracing: boolean }): string[] {
  const generated = generatedModules();
  return [
    `zod/mini=${generated.zodMini}`,
    // zod's other subpaths, and `zod` itself, go to the same copy of zod's files.
    ...generated.zodSubpaths,
    ...(generated.chineseDays ? [`chinese-days=${generated.chineseDays}`] : []),
    `chinese-days/dist/chinese-days.json=${generated.officialDates}`,
    ...generated.runtimeSdk,
    ...(options.tracing
      ? []
      : [
          `@aws-lambda-powertools/tracer=${TRACER_OFF}`,
          `@aws-lambda-powertools/tracer/middleware=${TRACER_OFF}`,
        ]),
  ];
}

let cache:
  | {
      zodMini: string;
      zodSubpaths: string[];
      chineseDays?: string;
      officialDates: string;
      runtimeSdk: string[];
    }
  | undefined;

function generatedModules() {
  cache ??= (() => {
    const sources = functionSources();
    const chineseDaysUse = usedChineseDaysMembers(sources);
    const lean = chineseDaysUse.every((m) => (LUNAR_TABLE_MEMBERS as readonly string[]).includes(m));
    return {
      zodMini: bundleFile('zod-mini.mjs', zodMiniModule(usedZodNames(sources))),
      zodSubpaths: zodSubpathAliases(),
      ...(lean && { chineseDays: bundleFile('chinese-days.mjs', lunarTableModule()) }),
      officialDates: bundleFile('chinese-days.json', officialDatesJson()),
      runtimeSdk: Object.entries(usedSdkNames(sources)).map(
        ([pkg, names]) =>
          `${pkg}=${bundleFile(`${pkg.slice(1).replace(/\W/g, '-')}.mjs`, runtimeSdkModule(pkg, names))}`,
      ),
    };
  })();
  return cache;
}

/**
 * The names the sources import from each SDK package (`import { A, type B } from '@aws-sdk/…'`),
 * value imports only. Packages imported otherwise (`import(…)`, `* as`) keep the ordinary import.
 */
export function usedSdkNames(sources: string[]): Record<string, string[]> {
  const used: Record<string, Set<string>> = {};
  for (const text of sources) {
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]((?:@aws-sdk|@smithy)\/[^'"]+)['"]/g)) {
      const names = (m[1] as string)
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part && !part.startsWith('type '))
        .map((part) => part.split(/\s+as\s+/)[0] as string);
      const pkg = m[2] as string;
      used[pkg] ??= new Set();
      for (const name of names) used[pkg].add(name);
    }
  }
  return Object.fromEntries(
    Object.entries(used).flatMap(([pkg, names]) => (names.size > 0 ? [[pkg, [...names].sort()]] : [])),
  );
}

/** A module that requires an SDK package and exports `names` of it; a name it lacks fails the synth. */
export function runtimeSdkModule(pkg: string, names: string[]): string {
  const exported = new Set(Object.keys(createRequire(join(PROJECT_ROOT, 'package.json'))(pkg)));
  const missing = names.filter((n) => !exported.has(n));
  if (missing.length > 0) throw new Error(`${pkg} does not export ${missing.join(', ')}`);
  return [
    "// Generated at synth by infra/cdk/bundling/lean-bundles.ts: the runtime's SDK package, required.",
    "import { createRequire } from 'node:module';",
    `const sdk = createRequire(import.meta.url)(${JSON.stringify(pkg)});`,
    ...names.map((name) => `export const ${name} = sdk.${name};`),
    '',
  ].join('\n');
}

/** The API's OpenAPI document, built from the zod schemas, as a file for the function that serves it. */
export function openApiDocumentFile(): string {
  openApiFile ??= bundleFile('openapi.json', `${JSON.stringify(buildOpenApi())}\n`);
  return openApiFile;
}
let openApiFile: string | undefined;

/**
 * Writes a file for the bundles under the system temp folder, in a folder named by its content, so
 * that bundling sees a new file whenever the content changes.
 */
export function bundleFile(name: string, text: string): string {
  const dir = join(
    tmpdir(),
    'hotline-bundling',
    createHash('sha256').update(text).digest('hex').slice(0, 16),
  );
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The TypeScript sources of functions/ (what the bundles are built from). */
function functionSources(): string[] {
  const root = join(PROJECT_ROOT, 'functions');
  return (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => readFileSync(join(root, f), 'utf8'));
}

/**
 * zod/mini's runtime exports the functions use: `z.name` (the functions' `z` is zod/mini, see
 * functions/domain/zod.ts) and `import { name } from 'zod/mini'`.
 */
export function usedZodNames(sources: string[]): string[] {
  const exported = new Set(Object.keys(zodMini));
  const used = new Set<string>();
  for (const text of sources) {
    // `z.optional(…)`, and `z` then `.string()` on the next line as the formatter writes a long chain.
    for (const m of text.matchAll(/\bz\s*\.\s*([A-Za-z_$][\w$]*)/g)) used.add(m[1] as string);
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]zod\/mini['"]/g)) {
      for (const part of (m[1] as string).split(',')) {
        const name = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0];
        if (name && name !== 'z') used.add(name);
      }
    }
  }
  // `core` and `locales` are whole namespaces: the functions name them in types only.
  return [...used].filter((n) => exported.has(n) && n !== 'locales' && n !== 'core').sort();
}

/**
 * `zod/mini` with only `names`, from the copy of zod's files: `export * as z` of the whole of it
 * (functions/domain/zod.ts) would keep every export, locales and compiler included.
 */
function zodMiniModule(names: string[]): string {
  const external = join(zodV4Copy(), 'mini/external.js');
  // Local names are prefixed: some exports (`enum`) are reserved words.
  const bindings = names.map((n) => `${n} as z_${n}`).join(', ');
  return [
    '// Generated at synth by infra/cdk/bundling/lean-bundles.ts: the zod/mini exports the functions use.',
    `import { ${bindings} } from ${JSON.stringify(external)};`,
    `export { ${names.map((n) => `z_${n} as ${n}`).join(', ')} };`,
    '',
  ].join('\n');
}

/**
 * `zod/v4/core=<the file zod's package exports for it>` for every subpath zod exports but
 * `zod/mini` (above), `zod` itself included: one zod in a bundle, from the copy, whatever a module
 * imports (libraries such as zod-openapi use `zod/v4/core`).
 */
function zodSubpathAliases(): string[] {
  const manifest = JSON.parse(readFileSync(join(ZOD_ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, { import?: string } | string>;
  };
  return Object.entries(manifest.exports)
    .filter(([sub]) => sub.startsWith('.') && sub !== './package.json' && sub !== './mini')
    .flatMap(([sub, entry]) => {
      const file = typeof entry === 'string' ? entry : entry.import;
      if (!file) return [];
      // What zod's v4 files give comes from the copy, the subpaths that re-export them included.
      const v4File = file.startsWith('./v4/') ? file.slice('./v4/'.length) : V4_EQUIVALENTS[sub];
      const name = sub === '.' ? 'zod' : `zod/${sub.slice(2)}`;
      return [`${name}=${v4File ? join(zodV4Copy(), v4File) : join(ZOD_ROOT, file)}`];
    })
    .sort();
}

const ZOD_ROOT = join(PROJECT_ROOT, 'node_modules/zod');
/** zod's subpaths outside `v4/` that only re-export a file of `v4/`: that file. */
const V4_EQUIVALENTS: Record<string, string> = {
  '.': 'index.js',
  './v4-mini': 'mini/index.js',
  './locales': 'locales/index.js',
};
/** zod's JSON Schema generator: left out of the bundles' copy of zod. */
const ZOD_JSON_SCHEMA_MODULES = ['core/to-json-schema.js', 'core/json-schema-processors.js'];
/**
 * zod's v4 ESM files, copied under the system temp folder, with the JSON Schema generator's modules
 * replaced by ones that export the same names, each a function that throws when called.
 * Side-effect free as zod declares its files, so that esbuild still leaves out what the functions do
 * not use.
 */
function zodV4Copy(): string {
  if (zodCopy) return zodCopy;
  const source = join(ZOD_ROOT, 'v4');
  const replaced = ZOD_JSON_SCHEMA_MODULES.map((file) => ({
    file,
    text: throwingModule(readFileSync(join(source, file), 'utf8')),
  }));
  const version = (JSON.parse(readFileSync(join(ZOD_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  const dir = join(
    tmpdir(),
    'hotline-bundling',
    createHash('sha256').update(version).update(JSON.stringify(replaced)).digest('hex').slice(0, 16),
    'zod-v4',
  );
  if (!existsSync(dir)) {
    // Made apart and renamed into place, so that a bundling beside it never reads a half-made copy.
    mkdirSync(dirname(dir), { recursive: true });
    const made = mkdtempSync(`${dir}-`);
    cpSync(source, made, { recursive: true, filter: (path) => !/\.(cjs|d\.c?ts)$/.test(path) });
    for (const { file, text } of replaced) writeFileSync(join(made, file), text);
    writeFileSync(join(made, 'package.json'), `${JSON.stringify({ type: 'module', sideEffects: false })}\n`);
    try {
      renameSync(made, dir);
    } catch {
      // Another process put its copy there first.
      rmSync(made, { recursive: true, force: true });
    }
  }
  zodCopy = dir;
  return dir;
}
let zodCopy: string | undefined;

/** A module exporting the names `source` exports, each a function that throws when called. */
function throwingModule(source: string): string {
  const names = new Set<string>();
  for (const m of source.matchAll(/^export (?:async )?(?:function\*?|const|let|class) ([\w$]+)/gm))
    names.add(m[1] as string);
  for (const m of source.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of (m[1] as string).split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  return [
    "// Generated at synth by infra/cdk/bundling/lean-bundles.ts: zod's JSON Schema generator is not in the Lambda bundles.",
    "const absent = () => { throw new Error('zod\\'s JSON Schema generator is not in this bundle: the OpenAPI document is built at synth'); };",
    ...[...names].sort().map((name) => `export const ${name} = absent;`),
    '',
  ].join('\n');
}

const LUNAR_TABLE_MEMBERS = ['getYearLeapMonth', 'monthDays'] as const;

/** Members of chinese-days the functions use (default import members and named imports). */
export function usedChineseDaysMembers(sources: string[]): string[] {
  const used = new Set<string>();
  for (const text of sources) {
    const def = text.match(/import\s+(\w+)\s+from\s*['"]chinese-days['"]/);
    if (def)
      for (const m of text.matchAll(new RegExp(`\\b${def[1]}\\.(\\w+)`, 'g'))) used.add(m[1] as string);
    for (const m of text.matchAll(/import\s*(?:\w+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]chinese-days['"]/g)) {
      for (const part of (m[1] as string).split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name) used.add(name);
      }
    }
    if (/import\s*\*\s*as\s+\w+\s+from\s*['"]chinese-days['"]/.test(text)) used.add('*');
  }
  return [...used].sort();
}

/** Lunar years the package tabulates. */
const LUNAR_TABLE_YEARS = { first: 1900, last: 2100 } as const;

function lunarTableModule(): string {
  const rows: [number, number, string | null, number][] = [];
  for (let year = LUNAR_TABLE_YEARS.first; year <= LUNAR_TABLE_YEARS.last; year++) {
    const leap = chineseDays.getYearLeapMonth(year);
    let longMonths = 0;
    for (let month = 1; month <= 12; month++) {
      if (chineseDays.monthDays(year, month) === 30) longMonths |= 1 << month;
    }
    rows.push([leap.leapMonth ?? 0, leap.days, leap.leapMonthCN ?? null, longMonths]);
  }
  return [
    '// Generated at synth by infra/cdk/bundling/lean-bundles.ts from chinese-days itself:',
    `// leap month, its days, its Chinese name and the 30-day months of lunar years ${LUNAR_TABLE_YEARS.first}–${LUNAR_TABLE_YEARS.last}.`,
    `const FIRST = ${LUNAR_TABLE_YEARS.first};`,
    `const ROWS = ${JSON.stringify(rows)};`,
    "const row = (year) => { const r = ROWS[year - FIRST]; if (!r) throw new RangeError('lunar year ' + year + ' is outside the bundled table'); return r; };",
    'export function getYearLeapMonth(year) { const [m, days, cn] = row(year); return { year, leapMonth: m || undefined, leapMonthCN: cn ?? undefined, days }; }',
    'export function monthDays(year, month) { return row(year)[3] & (1 << month) ? 30 : 29; }',
    'export default { getYearLeapMonth, monthDays };',
    '',
  ].join('\n');
}

function officialDatesJson(): string {
  const data = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'node_modules/chinese-days/dist/chinese-days.json'), 'utf8'),
  ) as Record<string, Record<string, string>>;
  return JSON.stringify({ holidays: dayRanges(data.holidays), workdays: dayRanges(data.workdays) });
}

/** The dates of a map as keys, runs of consecutive days as one `from..to` key (values empty). */
function dayRanges(map: Record<string, string> = {}): Record<string, string> {
  const dayMs = 86_400_000;
  const days = Object.keys(map).sort();
  const ranges: Record<string, string> = {};
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && Date.parse(days[j + 1] as string) - Date.parse(days[j] as string) === dayMs)
      j++;
    ranges[i === j ? (days[i] as string) : `${days[i]}..${days[j]}`] = '';
    i = j + 1;
  }
  return ranges;
}
