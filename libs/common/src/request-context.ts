import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts every log line and every appended event carries. */
export interface RequestContext {
  correlationId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentCorrelationId(): string | undefined {
  return requestContext.getStore()?.correlationId;
}
