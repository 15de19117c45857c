import type { paths } from './schema.d.ts';

/** The ticket commands the API describes (`POST /v1/tickets/{id}/<action>`), and each one's body: no DOM, so node's tests read them too. */
type CommandPaths = Extract<keyof paths, `/v1/tickets/{id}/${string}`>;
type CommandPath = {
  [P in CommandPaths]: paths[P] extends { post: unknown } ? P : never;
}[CommandPaths];
export type Action = CommandPath extends `/v1/tickets/{id}/${infer A}` ? A : never;
export type CommandBody<A extends Action> = paths[`/v1/tickets/{id}/${A}`] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
