// Regenerates docs that derive from code: docs/findings.md and docs/schema/*.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { findingsMarkdown, jsonSchemas } from '../tools/docs/generate.ts';

mkdirSync('docs/schema', { recursive: true });
writeFileSync('docs/findings.md', findingsMarkdown());
for (const [name, text] of Object.entries(jsonSchemas())) writeFileSync(`docs/schema/${name}`, text);
console.log('wrote docs/findings.md and docs/schema/*.json');
