import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The first load of each role's home, in JavaScript gzipped: the entry chunk, the role's home chunk
 * and every chunk they import statically (what the browser fetches before the home shows). Printed
 * after each build (`npm run console:build`); the target is ≤ 150 KB (issue 14).
 */
const DIST = join(import.meta.dirname, '../dist');
const ROLE_HOMES: Record<string, string> = {
  agent: 'src/views/agent.tsx',
  dispatcher: 'src/views/homes.tsx',
  unitClerk: 'src/views/homes.tsx',
  callbackAgent: 'src/views/homes.tsx',
  supervisor: 'src/views/homes.tsx',
  admin: 'src/views/homes.tsx',
  'admin rankings (with uPlot)': 'src/views/rankings.tsx',
  'reports (admin, supervisor)': 'src/views/reports.tsx',
  auditor: 'src/views/homes.tsx',
  'ticket page': 'src/views/ticket.tsx',
};

interface Chunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}
const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

function closure(keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    closure(manifest[key]?.imports ?? [], seen);
  }
  return seen;
}

const gz = (file: string) => gzipSync(readFileSync(join(DIST, file))).length;
const entry = Object.keys(manifest).filter((k) => manifest[k]?.isEntry);
const rows = Object.entries(ROLE_HOMES).map(([role, home]) => {
  const files = [...closure([...entry, home])].map((k) => manifest[k]?.file ?? '');
  const bytes = files.reduce((sum, f) => sum + gz(f), 0);
  return { role, kb: bytes / 1024 };
});
for (const { role, kb } of rows)
  process.stdout.write(`console_first_load_js_gzip_kb role=${role} ${kb.toFixed(1)}\n`);
const worst = Math.max(...rows.map((r) => r.kb));
process.stdout.write(`console_first_load_js_gzip_kb_max=${worst.toFixed(1)} (target ≤ 150)\n`);
