/**
 * The one workflow-id format: `<process>:<streamId>:<purpose>`. Ids derive from the stream whose
 * event starts the workflow, so a redelivered event or a retried start finds the same workflow
 * (Temporal refuses a second run under the same id). Colons separate the parts, so no part may
 * hold one; stream ids (`disclosure-<uuid>`, `transfer-case-<uuid>`, …) never do.
 */
export function workflowId(process: string, streamId: string, purpose: string | number): string {
  const parts = [process, streamId, String(purpose)];
  for (const part of parts) {
    if (part.length === 0 || part.includes(':'))
      throw new Error(`workflow id part ${JSON.stringify(part)} must be non-empty and free of ':'`);
  }
  return parts.join(':');
}
