/**
 * Phoenix's own GraphQL API, for what its UI does and REST does not: evaluating a span filter
 * condition on the server (`Project.spans(filterCondition:)`, the query behind Phoenix's filter
 * bar) and the "add spans to dataset" mutations. Runs in Node and in a browser (fetch only).
 */

export class PhoenixGraphQLError extends Error {
  constructor(readonly messages: string[]) {
    super(`Phoenix GraphQL: ${messages.join('; ')}`);
    this.name = 'PhoenixGraphQLError';
  }
}

/** Posts one GraphQL operation; returns `data` and the error messages (a field's error nulls only that field). */
export async function graphql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<{ data: T | null; errors: string[] }> {
  const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (!response.ok && !text.startsWith('{')) throw new Error(`Phoenix GraphQL answered ${response.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { data?: T | null; errors?: { message: string }[] };
  return { data: body.data ?? null, errors: (body.errors ?? []).map((error) => error.message) };
}

/** Like {@link graphql}, throwing when Phoenix reports an error. */
export async function graphqlOrThrow<T>(baseUrl: string, query: string, variables: Record<string, unknown>, fetchImpl?: typeof fetch): Promise<T> {
  const { data, errors } = await graphql<T>(baseUrl, query, variables, fetchImpl);
  if (errors.length > 0 || data === null) throw new PhoenixGraphQLError(errors.length ? errors : ['no data']);
  return data;
}

/** Phoenix's caps a page of `spans` at this many. */
export const SPAN_PAGE = 1000;

const FILTER_QUERY = `
query Filter($project: String!, $condition: String!, $after: String, $first: Int!, $validate: Boolean!) {
  check: getProjectByName(name: $project) @include(if: $validate) {
    validateSpanFilterCondition(condition: $condition) { isValid errorMessage }
  }
  page: getProjectByName(name: $project) {
    spans(first: $first, after: $after, filterCondition: $condition) {
      edges { node { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface FilterResponse {
  check?: { validateSpanFilterCondition: { isValid: boolean; errorMessage: string | null } } | null;
  page: { spans: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
}

/** What Phoenix makes of a condition: the spans it selects (their GraphQL ids), or why it refuses it. */
export type PhoenixFilterResult =
  | { ok: true; nodeIds: string[]; pages: number }
  | { ok: false; error: string; validation: string | null; query: string | null };

/**
 * Evaluates `condition` on Phoenix's server over `project`, paging `first: 1000` / `after` to the
 * end. The spans come back as their GraphQL ids (`Span` GlobalIDs, which cost Phoenix no row read
 * each; {@link phoenixSpanIds} maps them to span ids). Phoenix refuses a condition in `validateSpanFilterCondition` (asked together with the first
 * page) or in the query's errors; either counts as refused, and both messages are kept.
 */
export async function phoenixFilter(baseUrl: string, project: string, condition: string, fetchImpl?: typeof fetch): Promise<PhoenixFilterResult> {
  const nodeIds: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const first = pages === 0;
    const { data, errors }: { data: FilterResponse | null; errors: string[] } = await graphql<FilterResponse>(baseUrl, FILTER_QUERY, { project, condition, after, first: SPAN_PAGE, validate: first }, fetchImpl);
    const check = data?.check?.validateSpanFilterCondition;
    if (first && data?.check === null) throw new Error(`Phoenix has no project "${project}"`);
    const validation = check && !check.isValid ? (check.errorMessage ?? 'invalid') : null;
    if (errors.length > 0 || validation !== null || !data?.page) {
      return { ok: false, error: validation ?? errors.join('; '), validation, query: errors.length ? errors.join('; ') : null };
    }
    pages++;
    const connection: NonNullable<FilterResponse['page']>['spans'] = data.page.spans;
    for (const edge of connection.edges) nodeIds.push(edge.node.id);
    if (!connection.pageInfo.hasNextPage) return { ok: true, nodeIds, pages };
    after = connection.pageInfo.endCursor;
  }
}

const SPAN_IDS_QUERY = `
query SpanIds($project: String!, $after: String) {
  getProjectByName(name: $project) {
    spans(first: 1000, after: $after) { edges { node { id spanId } } pageInfo { hasNextPage endCursor } }
  }
}`;

/** Every span of `project` as GraphQL id → OTel span id. */
export async function phoenixSpanIds(baseUrl: string, project: string, fetchImpl?: typeof fetch): Promise<Map<string, string>> {
  type Page = { getProjectByName: { spans: { edges: { node: { id: string; spanId: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null };
  const ids = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const data: Page = await graphqlOrThrow<Page>(baseUrl, SPAN_IDS_QUERY, { project, after }, fetchImpl);
    if (!data.getProjectByName) throw new Error(`Phoenix has no project "${project}"`);
    const connection = data.getProjectByName.spans;
    for (const edge of connection.edges) ids.set(edge.node.id, edge.node.spanId);
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
  }
}
