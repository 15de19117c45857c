import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, generateClientTypes } from '../../../console/scripts/generate-client.ts';

describe('The console API client', () => {
  it('is typed from the OpenAPI document the API serves (npm run console:client after an API change)', async () => {
    // Act
    const generated = await generateClientTypes();
    // Assess
    expect(readFileSync(CLIENT_TYPES_FILE, 'utf8')).toBe(generated);
  });
});
