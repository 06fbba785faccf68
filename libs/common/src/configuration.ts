import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/**
 * Every environment variable the apps read, validated at start-up: a bad value stops the process
 * with a message naming the variable, instead of failing later inside a request.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 3000;

  /** Read models (and the event store when EVENT_STORE=postgres). */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL: string;

  @IsIn(['postgres', 'eventstoredb'])
  EVENT_STORE: 'postgres' | 'eventstoredb' = 'postgres';

  @ValidateIf((env: EnvironmentVariables) => env.EVENT_STORE === 'eventstoredb')
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/.+/, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string when EVENT_STORE=eventstoredb',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @Matches(/^[^\s:]+:\d+$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE = 'chengguo';

  /**
   * Size of the worker's sticky workflow cache; unset keeps the SDK's default. 0 turns stickiness
   * off: needed on Temporal's time-skipping test server, which never hands a dead worker's sticky
   * tasks to another worker (the real server does after the sticky schedule-to-start timeout).
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  TEMPORAL_MAX_CACHED_WORKFLOWS?: number;

  @IsOptional()
  @IsString()
  TEMPORAL_UI_URL?: string;

  /**
   * Connection to a secured Temporal cluster, under the names of Temporal's own environment
   * configuration (the CLI and every SDK read the same ones). An API key or any certificate turns
   * TLS on; TEMPORAL_TLS=true turns it on with the system's CAs, false forces it off.
   */
  @IsOptional()
  @IsString()
  TEMPORAL_API_KEY?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  TEMPORAL_TLS?: 'true' | 'false';

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CLIENT_CERT_PATH?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CLIENT_CERT_DATA?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CLIENT_KEY_PATH?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CLIENT_KEY_DATA?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_CA_CERT_PATH?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_CA_CERT_DATA?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_NAME?: string;

  /** The worker's own HTTP port for /metrics and the probes (0: any free port, as in tests). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HTTP_PORT = 3001;

  /**
   * Who may read /metrics (API and worker): with a token, callers sending
   * `Authorization: Bearer <METRICS_TOKEN>`; without one, only clients on the loopback interface.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /**
   * Express's `trust proxy` (e.g. `loopback`, `10.0.0.0/8`, a hop count): which proxies' X-Forwarded-*
   * headers give the client address (per-address rate limit, logs) and the scheme (HSTS). Unset: none.
   */
  @IsOptional()
  @Matches(/^[\w.:/,\s-]{1,512}$/, { message: 'TRUST_PROXY must be an Express trust-proxy value (loopback, a CIDR list, a hop count)' })
  TRUST_PROXY?: string;

  /** Strict-Transport-Security: `auto` on requests that arrived over TLS (directly or via a trusted proxy), `always`, or `off`. */
  @IsIn(['auto', 'always', 'off'])
  HSTS: 'auto' | 'always' | 'off' = 'auto';

  /** How long an OIDC discovery or JWKS request may take before the token is refused with 503. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(100)
  @Max(60_000)
  AUTH_DISCOVERY_TIMEOUT_MS = 5000;

  /** Hours an Idempotency-Key's kept answer is kept; a Temporal schedule deletes older ones. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  IDEMPOTENCY_RETENTION_HOURS = 24;

  @IsIn(['verbose', 'debug', 'log', 'warn', 'error', 'fatal'])
  LOG_LEVEL: 'verbose' | 'debug' | 'log' | 'warn' | 'error' | 'fatal' = 'log';

  /** Who signs bearer tokens: the local development issuer, or the unit's OIDC provider. */
  @IsIn(['dev', 'oidc'])
  AUTH_MODE: 'dev' | 'oidc' = 'dev';

  @ValidateIf((env: EnvironmentVariables) => env.AUTH_MODE === 'dev')
  @IsString()
  @MinLength(32, { message: 'AUTH_DEV_SECRET must be at least 32 characters when AUTH_MODE=dev' })
  AUTH_DEV_SECRET?: string;

  @ValidateIf((env: EnvironmentVariables) => env.AUTH_MODE === 'oidc')
  @Matches(/^https:\/\/.+/, { message: 'AUTH_ISSUER must be the https:// issuer URL of the OIDC provider when AUTH_MODE=oidc' })
  AUTH_ISSUER?: string;

  @IsString()
  AUTH_AUDIENCE = 'chengguo';

  /** The portal's OIDC client (authorization code with PKCE, a public client: no secret) when AUTH_MODE=oidc. */
  @IsString()
  AUTH_OIDC_CLIENT_ID = 'chengguo-portal';

  /** Scopes the portal asks the provider for; offline_access lets it refresh tokens without a redirect. */
  @IsString()
  AUTH_OIDC_SCOPE = 'openid profile offline_access';

  /** The built portal (vite build); unset: dist/web beside the API's build. */
  @IsOptional()
  @IsString()
  PORTAL_DIR?: string;

  /** Requests per minute per verified caller (the token's subject) before 429. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /**
   * Requests per minute per client address, counted before authentication (so forged or missing
   * tokens are limited too). Higher than the per-caller limit: a campus NAT puts many people behind
   * one address. Defaults to ten times RATE_LIMIT_PER_MINUTE.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE?: number;

  /** The unit's name as it appears in contracts (R3). */
  @IsString()
  UNIT_NAME = '本单位 / the unit';

  /** Days before an annual fee's due date the TTO is reminded (R12 rights maintenance), comma-separated. */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, { message: 'ANNUITY_REMINDER_LEAD_DAYS is a comma-separated list of days, e.g. 90,30,7' })
  ANNUITY_REMINDER_LEAD_DAYS = '90,30,7';

  /** Where notifications (reminders, escalations) go: the log, or e-mail through SMTP. */
  @IsIn(['log', 'smtp'])
  NOTIFIER: 'log' | 'smtp' = 'log';

  @ValidateIf((env: EnvironmentVariables) => env.NOTIFIER === 'smtp')
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be smtp:// or smtps:// when NOTIFIER=smtp' })
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'Chengguo <no-reply@localhost>';

  @IsString()
  NOTIFY_EMAIL_DOMAIN = 'localhost';

  /** `role=address,role=address`: shared mailboxes of roles. */
  @IsOptional()
  @Matches(/^([\w-]+=[^,=\s]+@[^,=\s]+)(,\s*[\w-]+=[^,=\s]+@[^,=\s]+)*$/, {
    message: 'NOTIFY_ROLE_ADDRESSES must look like legal=legal@unit.edu.cn,finance=finance@unit.edu.cn',
  })
  NOTIFY_ROLE_ADDRESSES?: string;

  /** Audit: a global checkpoint (Merkle root) after this many events; 0 turns the recorder off. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  AUDIT_CHECKPOINT_EVERY_EVENTS = 1000;

  /**
   * Audit: also checkpoint, on the worker's timer, whatever events have waited this many seconds
   * since the last checkpoint: the bound on how old the uncovered (unanchored) tail can get.
   */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(604_800)
  AUDIT_CHECKPOINT_INTERVAL_SECONDS = 300;

  /** Audit: RFC 3161 time-stamping authority each checkpoint is anchored with (HTTP POST); unset: no anchoring. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'AUDIT_TSA_URL must be an http:// or https:// URL' })
  AUDIT_TSA_URL?: string;

  /** Audit: how long one timestamp request may take before it is retried on the next tick. */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(300)
  AUDIT_TSA_TIMEOUT_SECONDS = 10;

  /** The data directory `npm start` keeps its state in; local attachments default to `<it>/attachments`. */
  @IsString()
  @MinLength(1)
  CHENGGUO_DATA_DIR = '.data';

  /** Where attachment bytes are kept: local disk (content-addressed files) or an S3-compatible bucket. */
  @IsIn(['local', 's3'])
  ATTACHMENT_STORAGE: 'local' | 's3' = 'local';

  /** The local attachment store (and the staging directory of uploads for both stores). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  ATTACHMENTS_DIR?: string;

  /** The largest attachment accepted, in bytes (413 beyond). */
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(2 * 1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

  @ValidateIf((env: EnvironmentVariables) => env.ATTACHMENT_STORAGE === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name when ATTACHMENT_STORAGE=s3' })
  S3_BUCKET?: string;

  /** An S3-compatible endpoint (MinIO, Ceph, a cloud's S3 API); unset for AWS itself. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http(s):// URL' })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  /** Path-style addressing (`endpoint/bucket/key`), which most self-hosted servers need. */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';

  @Matches(/^[\w./-]{0,200}$/, { message: 'S3_KEY_PREFIX is a key prefix such as attachments/' })
  S3_KEY_PREFIX = 'attachments/';

  /** Audit: comma-separated user ids of audit leads (auditors who may read the auditor-read log). */
  @IsOptional()
  @Matches(/^[\w.@:-]{1,128}(,\s*[\w.@:-]{1,128})*$/, { message: 'AUDIT_LEAD_IDS must be comma-separated user ids' })
  AUDIT_LEAD_IDS?: string;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (env.NODE_ENV === 'production' && env.AUTH_MODE === 'dev') {
    throw new ConfigurationError(['AUTH_MODE: the development token issuer is refused in production; set AUTH_MODE=oidc with AUTH_ISSUER']);
  }
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`))),
    );
  }
  return env;
}
