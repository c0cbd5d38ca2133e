// npm run gen:api — regenerate the cabinet's API client types (web/src/api/schema.d.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { API_SCHEMA_FILE, apiSchemaText } from './lib/api-schema.ts';

const text = await apiSchemaText();
mkdirSync(dirname(API_SCHEMA_FILE), { recursive: true });
writeFileSync(API_SCHEMA_FILE, text);
console.log(`wrote ${API_SCHEMA_FILE} (${text.length} characters)`);
