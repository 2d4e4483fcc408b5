/** The operations of the served OpenAPI document, for suites that must cover every route. */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly permission: string;
  readonly parameters: readonly { name: string; in: string; required?: boolean; schema?: any }[];
  readonly bodySchema: any | undefined;
}

export function operationsOf(document: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      out.push({
        method: method.toUpperCase(),
        path,
        permission: op['x-permission'],
        parameters: op.parameters ?? [],
        bodySchema: resolve(document, op.requestBody?.content?.['application/json']?.schema),
      });
    }
  }
  return out;
}

/** Follows `$ref`s into `components`, one level at a time as generators need them. */
export function resolve(document: any, schema: any): any {
  if (!schema?.$ref) return schema;
  const name = String(schema.$ref).split('/').at(-1)!;
  return resolve(document, document.components.schemas[name]);
}

export const fillPath = (path: string, values: Record<string, string>) =>
  path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'x'));
