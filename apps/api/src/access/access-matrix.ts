import { Access } from '@chengguo/common';
import { PROCESSES } from '@chengguo/processes';

/** One matrix from the parts; a route declared twice is a mistake, not an override. */
function compose(own: Record<string, Access>, parts: ReadonlyArray<Readonly<Record<string, Access>>>): Record<string, Access> {
  const matrix: Record<string, Access> = { ...own };
  for (const part of parts) {
    for (const [route, access] of Object.entries(part)) {
      if (route in matrix) throw new Error(`Access to ${route} is declared twice.`);
      matrix[route] = access;
    }
  }
  return matrix;
}

/**
 * Who may call what: every endpoint of the API × every role, composed from each process manifest's
 * `access` (declared next to its controllers, `<process>.access.ts`). The access guard enforces it before
 * anything else runs; an endpoint missing here is refused to everyone, and a test checks the matrix
 * against the OpenAPI document in both directions. Role-only rules live here and nowhere else;
 * domain rules (is this user a party, the drafter, the assigned evaluator...) are checked
 * afterwards by the deciders, and row-level read rules by the read side.
 *
 * Auditors are read-only everywhere, with one exception the rules make: R13 names audit among the
 * four departments that confirm (or override) a due-diligence exemption claim.
 */
export const ACCESS_MATRIX: Record<string, Access> = compose(
  // Probes and metrics are for the platform, not for people: no bearer token (metrics check their own).
  // The portal's sign-in page reads how to sign in before anyone has a token.
  {
    'GET /health': 'public',
    'GET /health/live': 'public',
    'GET /health/ready': 'public',
    'GET /metrics': 'public',
    'GET /portal/config': 'public',
    'POST /portal/dev-login': 'public',
  },
  PROCESSES.map((process) => process.access ?? {}),
);

/** `/disclosures/:id/draft` (Express) → `/disclosures/{id}/draft` (OpenAPI). */
export function routeKey(method: string, expressPath: string): string {
  return `${method.toUpperCase()} ${expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}
