import { ConfigurationError, EnvironmentVariables } from '@chengguo/common';
import { InterceptingCall, Interceptor, Metadata, status } from '@grpc/grpc-js';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, WorkflowClientInterceptor } from '@temporalio/client';
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
    interceptors: retryingInterceptors(),
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
  return {
    client: new Client({ connection, namespace: settings.namespace, interceptors: { workflow: interceptors(connection) } }),
    connection,
  };
}

/**
 * The SDK's default retry interceptor, with one below it that ends a call as CANCELLED when the
 * connection was closed while the call waited to be retried. The SDK retries a failed call (e.g.
 * UNAVAILABLE during an outage, or the UNAVAILABLE `close()` gives every call still queued) from a
 * timer; if the channel is shut down by then, gRPC refuses to create the retry and throws
 * "Channel has been shut down" inside that timer: an uncaught exception while the process stops,
 * and a call that never settles. Shutdown cannot wait such calls out: a readiness probe that gave
 * up after its timeout leaves its call retrying for some twenty seconds. CANCELLED is not retried,
 * so the call fails to whoever awaits it, like any call cut short.
 */
export function retryingInterceptors(): Interceptor[] {
  return [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), cancelledOnClosedChannel];
}

const cancelledOnClosedChannel: Interceptor = (options, nextCall) => {
  try {
    return new InterceptingCall(nextCall(options));
  } catch (error) {
    return new InterceptingCall(refusedCall(`call not made: ${(error as Error).message}`));
  }
};

/** A unary call that never went out: it reports no message, then CANCELLED, like a call cut short. */
function refusedCall(details: string): ConstructorParameters<typeof InterceptingCall>[0] {
  return {
    start: (_metadata, listener) =>
      process.nextTick(() => {
        listener?.onReceiveMessage?.(null);
        listener?.onReceiveStatus?.({ code: status.CANCELLED, details, metadata: new Metadata() });
      }),
    sendMessage: () => undefined,
    sendMessageWithContext: () => undefined,
    startRead: () => undefined,
    halfClose: () => undefined,
    cancelWithStatus: () => undefined,
    getPeer: () => '',
    getAuthContext: () => null,
  };
}

export async function pingTemporal(connection: Connection): Promise<void> {
  await connection.workflowService.getSystemInfo({});
}
