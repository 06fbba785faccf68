import { ConfigurationError, EnvironmentVariables } from '@chengguo/common';
import { Client, Connection, WorkflowClientInterceptor } from '@temporalio/client';
import { readFileSync } from 'node:fs';

/** What both the client (`Connection`) and the worker (`NativeConnection`) need to reach Temporal. */
export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

type TemporalEnvironment = Pick<
  EnvironmentVariables,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_NAMESPACE'
  | 'TEMPORAL_API_KEY'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CLIENT_CERT_PATH'
  | 'TEMPORAL_TLS_CLIENT_CERT_DATA'
  | 'TEMPORAL_TLS_CLIENT_KEY_PATH'
  | 'TEMPORAL_TLS_CLIENT_KEY_DATA'
  | 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'
  | 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'
  | 'TEMPORAL_TLS_SERVER_NAME'
>;

/**
 * Temporal's standard client environment (the names the CLI and every SDK's envconfig read):
 * address, namespace, API key, and TLS from PEM files or inline PEM data. An API key or any
 * certificate implies TLS, as in Temporal's own loader; TEMPORAL_TLS=false forces it off.
 * A certificate path that cannot be read stops the process at start-up with its name.
 */
export function temporalSettingsFrom(env: Partial<TemporalEnvironment>): TemporalConnectionSettings {
  const pem = (pathName: keyof TemporalEnvironment, dataName: keyof TemporalEnvironment): Buffer | undefined => {
    const data = env[dataName];
    if (data) return Buffer.from(data);
    const path = env[pathName];
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigurationError([`${pathName}: cannot read ${path} (${(error as Error).message})`]);
    }
  };
  const crt = pem('TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA');
  const key = pem('TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA');
  const ca = pem('TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA');
  if (!!crt !== !!key) {
    throw new ConfigurationError(['TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms) go together']);
  }
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  const wantsTls = env.TEMPORAL_TLS === 'true' || (env.TEMPORAL_TLS !== 'false' && !!(apiKey || crt || ca || serverName));
  if (env.TEMPORAL_TLS === 'false' && (crt || ca)) {
    throw new ConfigurationError(['TEMPORAL_TLS=false contradicts the TEMPORAL_TLS_* certificates that are set']);
  }
  return {
    address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    ...(apiKey ? { apiKey } : {}),
    ...(wantsTls
      ? {
          tls: {
            ...(serverName ? { serverNameOverride: serverName } : {}),
            ...(ca ? { serverRootCACertificate: ca } : {}),
            ...(crt && key ? { clientCertPair: { crt, key } } : {}),
          },
        }
      : {}),
  };
}

/**
 * A client whose connection is made on first use, so the API and worker start (and report
 * Temporal as down in their readiness probe) while Temporal is unreachable, and reconnect when it
 * returns. Interceptors are where every workflow start gets its search attributes.
 */
export function createTemporalClient(
  settings: TemporalConnectionSettings,
  interceptors: (connection: Connection) => WorkflowClientInterceptor[] = () => [],
): { client: Client; connection: Connection } {
  const connection = Connection.lazy({
    address: settings.address,
    connectTimeout: 5_000,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
  return {
    client: new Client({ connection, namespace: settings.namespace, interceptors: { workflow: interceptors(connection) } }),
    connection,
  };
}

export async function pingTemporal(connection: Connection): Promise<void> {
  await connection.workflowService.getSystemInfo({});
}
