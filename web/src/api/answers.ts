// What an admin route answers, as the server's OpenAPI document says it: generated into
// schema.d.ts by `npm run gen:api`, never written by hand. Answer<'listWebhooks'> is the
// body of its 200; Answer<'createWebhook', 201> of its 201.
import type { operations } from './schema';

export type Answer<K extends keyof operations, S extends number = 200> = operations[K] extends {
  responses: { [status in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;
