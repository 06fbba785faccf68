import { Client, Connection } from '@temporalio/client';

/**
 * A client whose connection is made on first use, so the API and worker start (and report
 * Temporal as down in /health) while Temporal is unreachable, and reconnect when it returns.
 */
export function createTemporalClient(address: string, namespace: string): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address, connectTimeout: 5_000 });
  return { client: new Client({ connection, namespace }), connection };
}

export async function pingTemporal(connection: Connection): Promise<void> {
  await connection.workflowService.getSystemInfo({});
}
