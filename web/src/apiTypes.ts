// The API's shapes, taken from the types generated from src/http/openapi.json
// (`npm run gen:api` writes api-schema.d.ts; `npm run lint` fails when it is out of date).
// Nothing here is written by hand: a name below is only a short alias for a schema.
import type { components, operations, paths } from './api-schema';

export type Schemas = components['schemas'];
export type { operations, paths };

/// The JSON body a path answers with for GET (status 200).
export type GetAnswer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;
