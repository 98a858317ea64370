import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from './platform/time';

/**
 * Process configuration, read once from environment variables and validated.
 * Every variable is documented in `.env.example` and the README.
 */
const booleanFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const durationSeconds = z.coerce.number().int().positive();

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    MONGODB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_TTL_SECONDS: durationSeconds.max(12 * 3600, 'tokens may live at most 12 hours').default(8 * 3600),
    DATA_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    BCRYPT_COST: z.coerce.number().int().min(10, 'bcrypt cost must be at least 10').max(15).default(12),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCK_SECONDS: durationSeconds.default(15 * 60),
    LOGIN_IP_MAX: z.coerce.number().int().min(1).max(100_000).default(30),
    LOGIN_IP_WINDOW_SECONDS: durationSeconds.default(15 * 60),
    TRUST_PROXY: booleanFromEnv.default(false),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15_000),
    IMPORT_STAGING_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
    VERIFY_RATE_MAX: z.coerce.number().int().min(1).max(100_000).default(30),
    VERIFY_RATE_WINDOW_SECONDS: durationSeconds.default(60),
    DATA_DIR: z.string().min(1).default('./data'),
    TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default(DEFAULT_TIME_ZONE),
    ENABLE_TEST_ROUTES: booleanFromEnv.default(false),
    PROCTORS_PER_ROOM_MIN: z.coerce.number().int().min(1).max(20).default(2),
    CANDIDATES_PER_PROCTOR: z.coerce.number().int().min(1).max(500).default(15),
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
    EXAMINER_PANEL_MIN: z.coerce.number().int().min(1).max(15).default(3),
    EXAMINER_PANEL_ODD: booleanFromEnv.default(true),
    ITEM_STATS_MIN_RESPONSES: z.coerce.number().int().min(1).max(100_000).default(30),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && !env.DATA_KEY) {
      ctx.addIssue({ code: 'custom', path: ['DATA_KEY'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && env.ENABLE_TEST_ROUTES) {
      ctx.addIssue({ code: 'custom', path: ['ENABLE_TEST_ROUTES'], message: 'must not be set in production' });
    }
  });

export type Env = z.infer<typeof configSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string | undefined;
  mongodbUri: string | undefined;
  mongodbPoolSize: number;
  logLevel: Env['LOG_LEVEL'];
  /** JSON lines (default), or human-readable lines for a terminal (default in development on a TTY). */
  logFormat: 'json' | 'pretty';
  jwtSecret: string | undefined;
  jwtTtlSeconds: number;
  /** Key material for protecting ID numbers (HMAC for matching, AES-GCM for the full value). */
  dataKey: string | undefined;
  bcryptCost: number;
  loginMaxFailures: number;
  loginLockSeconds: number;
  loginIpMax: number;
  loginIpWindowSeconds: number;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this; a trickled body is cut off. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** Dry runs not committed within this expire and their staged items are dropped. */
  importStagingTtlHours: number;
  /** Public certificate look-ups (page, QR link, JSON) allowed per IP per window. */
  verifyRateMax: number;
  verifyRateWindowSeconds: number;
  dataDir: string;
  enableTestRoutes: boolean;
  /** Staffing rule checked for every room of a session: at least this many proctors… */
  proctorsPerRoomMin: number;
  /** …and about one proctor per this many candidates. */
  candidatesPerProctor: number;
  /** How often each instance sweeps attempts past their deadline (0: never; tests sweep by hand). */
  sweepIntervalSeconds: number;
  /** Responses an item needs before assembly draws by its measured difficulty instead of the writer's estimate. */
  itemStatsMinResponses: number;
  /** Times are shown and typed in this IANA zone (stored in UTC). */
  timeZone: string;
  /** Examiners per candidate group (skill test, panel review): at least this many… */
  examinerPanelMin: number;
  /** …and an odd number when true. */
  examinerPanelOdd: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    mongodbUri: e.MONGODB_URI,
    mongodbPoolSize: e.MONGODB_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' && process.stdout.isTTY ? 'pretty' : 'json'),
    jwtSecret: e.JWT_SECRET,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    dataKey: e.DATA_KEY,
    bcryptCost: e.BCRYPT_COST,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockSeconds: e.LOGIN_LOCK_SECONDS,
    loginIpMax: e.LOGIN_IP_MAX,
    loginIpWindowSeconds: e.LOGIN_IP_WINDOW_SECONDS,
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    importStagingTtlHours: e.IMPORT_STAGING_TTL_HOURS,
    verifyRateMax: e.VERIFY_RATE_MAX,
    verifyRateWindowSeconds: e.VERIFY_RATE_WINDOW_SECONDS,
    dataDir: e.DATA_DIR,
    enableTestRoutes: e.ENABLE_TEST_ROUTES,
    proctorsPerRoomMin: e.PROCTORS_PER_ROOM_MIN,
    candidatesPerProctor: e.CANDIDATES_PER_PROCTOR,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
    itemStatsMinResponses: e.ITEM_STATS_MIN_RESPONSES,
    timeZone: e.TIME_ZONE,
    examinerPanelMin: e.EXAMINER_PANEL_MIN,
    examinerPanelOdd: e.EXAMINER_PANEL_ODD,
  };
}
