import { createHash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import type { Config } from './config';
import type { Logger } from './platform/logger';
import { runWithRequestContext } from './platform/request-context';
import { registerScopeDirectory } from './identity/scopes';
import { bankScopeDirectory } from './bank/banks';
import { occupationScopeDirectory } from './standards/service';
import { RouteTable, assertAllRoutesDeclared } from './platform/routing';
import { errorHandler, notFoundHandler } from './platform/errors';
import { methodNotAllowed } from './platform/method-not-allowed';
import { installViewEngine, VIEWS_DIR } from './platform/views';
import { localeMiddleware } from './i18n/negotiate';
import { registerHealthRoutes } from './platform/health';
import { securityHeaders } from './platform/http-limits';
import { registerTestRoutes } from './platform/test-routes';
import { buildOpenApiDocument } from './platform/openapi';
import { registerHomePages } from './home/pages';
import { buildClientAssets } from './platform/assets';
import { IdentityService } from './identity/service';
import { createAccessPolicy, isKnownPermission } from './identity/policy';
import { createLoginIpLimiter } from './identity/login-limiter';
import { registerIdentityApi } from './identity/api';
import { registerIdentityPages } from './identity/pages';
import { registerAuditApi } from './audit/api';
import { registerAuditPages } from './audit/pages';
import { pageLocalsFor } from './navigation';
import { StandardsService } from './standards/service';
import { registerStandardsApi } from './standards/api';
import { registerStandardsPages } from './standards/pages';
import { BankService } from './bank/service';
import { completePendingAudits } from './audit/intents';
import { registerBankApi } from './bank/api';
import { registerBankPages } from './bank/pages';
import { MediaService } from './bank/media';
import { TransferService } from './bank/transfer-service';
import { registerTransferApi } from './bank/transfer-api';
import { AssemblyService } from './assembly/service';
import { registerAssemblyApi } from './assembly/api';
import { registerAssemblyPages } from './assembly/pages';
import { SessionService, centreScopeDirectory, sessionScopeDirectory } from './sessions/service';
import { registerSessionApi } from './sessions/api';
import { registerSessionPages } from './sessions/pages';
import { DeliveryService } from './delivery/service';
import { registerDeliveryApi } from './delivery/api';
import { registerDeliveryPages } from './delivery/pages';
import { IdNumberProtector } from './identity/id-numbers';
import { CertificateService } from './certificates/service';
import { deriveCertificateKeys } from './certificates/keys';
import { createVerifyLimiter } from './certificates/rate-limit';
import { registerCertificateApi } from './certificates/api';
import { registerCertificatePages } from './certificates/pages';
import { PrintService } from './printing/service';
import { PartScoreRegistry } from './results/part-scores';
import { ResultsService } from './results/service';
import { RegradeService } from './results/regrade';
import { registerResultsApi } from './results/api';
import { ResultCertificates } from './results/issuing';
import { registerResultsPages } from './results/pages';
import { MarkingService } from './marking/service';
import { TheoryScoreSource } from './marking/theory-source';
import { registerMarkingApi } from './marking/api';
import { registerMarkingPages } from './marking/pages';
import { registerPrintingApi } from './printing/api';
import { SkillScoringService } from './skill-scoring/service';
import { examinerScoreSources } from './skill-scoring/part-scores';
import { registerSkillScoringApi } from './skill-scoring/api';
import { registerSkillScoringPages } from './skill-scoring/pages';
import { StatisticsService } from './statistics/service';
import { registerStatisticsApi } from './statistics/api';
import { registerStatisticsPages } from './statistics/pages';
import { ReportsService } from './reports/service';
import { registerReportsApi } from './reports/api';
import { registerReportsPages } from './reports/pages';

export interface AppDependencies {
  config: Config;
  logger: Logger;
}

export interface App {
  express: express.Express;
  routes: RouteTable;
  identity: IdentityService;
  standards: StandardsService;
  bank: BankService;
  transfer: TransferService;
  assembly: AssemblyService;
  sessions: SessionService;
  delivery: DeliveryService;
  certificates: CertificateService;
  scoring: SkillScoringService;
  /** Each part's score source (theory, skill, review), read by the results capability. */
  partScores: PartScoreRegistry;
  marking: MarkingService;
  results: ResultsService;
  statistics: StatisticsService;
  /**
   * Start-up recovery, safe on every instance: interrupted imports rolled back or finalised,
   * releases left `building` rolled back, then audit intents of interrupted changes completed.
   */
  recover(): Promise<{ imports: number; releases: number; audits: number }>;
}

/**
 * Secrets must be shared by every instance in production (config refuses to start without
 * them); in development and tests a missing one is generated for this process only.
 */
function resolveSecrets(config: Config, logger: Logger): { jwtSecret: string; dataKey: string } {
  const generated = (name: string) => {
    logger.warn(`${name} is not set: using a random value for this process only (sessions and protected data do not survive a restart)`);
    return randomBytes(48).toString('base64url');
  };
  return { jwtSecret: config.jwtSecret ?? generated('JWT_SECRET'), dataKey: config.dataKey ?? generated('DATA_KEY') };
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const VERSION = '0.1.0';

/** Builds the Express application; no listening, no database connection (see main.ts). */
export function createApp({ config, logger }: AppDependencies): App {
  const app = express();
  // No ETag on dynamic responses: nothing here is served again unchanged to the same client, and
  // hashing every body (a candidate's whole paper at the synchronised start) is pure cost. Static
  // assets keep theirs (serve-static).
  app.set('etag', false);
  buildClientAssets();
  const secrets = resolveSecrets(config, logger);
  const identity = new IdentityService({
    jwtSecret: secrets.jwtSecret,
    jwtTtlSeconds: config.jwtTtlSeconds,
    bcryptCost: config.bcryptCost,
    loginMaxFailures: config.loginMaxFailures,
    loginLockSeconds: config.loginLockSeconds,
    dataKey: secrets.dataKey,
  });
  const policy = createAccessPolicy(identity, secrets.jwtSecret);
  registerScopeDirectory(bankScopeDirectory);
  registerScopeDirectory(occupationScopeDirectory);
  registerScopeDirectory(centreScopeDirectory);
  registerScopeDirectory(sessionScopeDirectory);
  const standards = new StandardsService();
  const bank = new BankService(standards);
  const media = new MediaService(bank);
  const transfer = new TransferService(bank, { stagingTtlHours: config.importStagingTtlHours });
  const statistics = new StatisticsService(bank);
  const assembly = new AssemblyService(bank, { snapshotMaxAgeMs: 10 * 60_000, itemStatsMinResponses: config.itemStatsMinResponses, difficulty: statistics });
  const sessions = new SessionService(identity, assembly, bank, standards, { proctorsPerRoomMin: config.proctorsPerRoomMin, candidatesPerProctor: config.candidatesPerProctor }, config.timeZone);
  const delivery = new DeliveryService(bank, sessions);
  const scoring = new SkillScoringService(sessions, bank, { min: config.examinerPanelMin, odd: config.examinerPanelOdd });
  const certificates = new CertificateService(new IdNumberProtector(secrets.dataKey), deriveCertificateKeys(secrets.dataKey), (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/$/, ''));
  // Each part's scoring module registers its source here; the results service only asks them.
  const partScores = new PartScoreRegistry();
  partScores.register(new TheoryScoreSource());
  for (const source of examinerScoreSources(scoring)) partScores.register(source);
  const marking = new MarkingService(sessions, delivery, createHash('sha256').update(`marking-anon:${secrets.dataKey}`).digest());
  const results = new ResultsService(partScores, sessions);
  const regrades = new RegradeService(sessions, delivery, results);
  const issuing = new ResultCertificates(results, sessions, identity, certificates);
  const verifyLimiter = createVerifyLimiter({ max: config.verifyRateMax, windowSeconds: config.verifyRateWindowSeconds });
  const loginLimiter = createLoginIpLimiter({ max: config.loginIpMax, windowSeconds: config.loginIpWindowSeconds });
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  installViewEngine(app);
  app.locals.timeZone = config.timeZone;
  app.locals.itemStatsMinResponses = config.itemStatsMinResponses;

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    res.set('X-Request-Id', requestId);
    runWithRequestContext({ requestId }, next);
  });
  app.use(
    pinoHttp({
      logger,
      genReqId: (_req, res) => String(res.getHeader('X-Request-Id')),
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || (req.url?.startsWith('/assets/') ?? false) },
      quietReqLogger: true,
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  app.use(securityHeaders);
  app.use('/assets', express.static(path.join(VIEWS_DIR, 'assets'), { maxAge: config.env === 'production' ? '1d' : 0 }));
  app.use(express.json({ limit: '2mb' }));
  app.use(express.urlencoded({ extended: false, limit: '2mb' }));
  app.use(cookieParser());
  app.use(localeMiddleware);
  app.use((req, res, next) => {
    res.locals.currentPath = req.path;
    res.locals.demo = config.env !== 'production';
    next();
  });

  const routes = new RouteTable(() => policy, pageLocalsFor);
  registerHealthRoutes(routes);
  registerHomePages(routes);
  registerIdentityApi(routes, identity, loginLimiter);
  registerIdentityPages(routes, identity, loginLimiter, config.jwtTtlSeconds * 1000);
  registerAuditApi(routes);
  registerAuditPages(routes, { timeZone: config.timeZone });
  registerStandardsApi(routes, standards);
  registerStandardsPages(routes, standards);
  registerBankApi(routes, bank, media);
  registerBankPages(routes, bank, media, transfer);
  registerTransferApi(routes, transfer);
  registerAssemblyApi(routes, assembly);
  registerAssemblyPages(routes, bank, assembly);
  const candidateLoginLimiter = createLoginIpLimiter({ max: config.loginIpMax, windowSeconds: config.loginIpWindowSeconds, shared: false });
  registerSessionApi(routes, sessions, candidateLoginLimiter);
  registerDeliveryApi(routes, delivery);
  registerSessionPages(routes, sessions);
  registerDeliveryPages(routes, sessions, delivery, candidateLoginLimiter);
  registerMarkingApi(routes, marking);
  registerMarkingPages(routes, marking);
  registerResultsApi(routes, results, regrades, issuing);
  registerResultsPages(routes, results, sessions, marking, candidateLoginLimiter, issuing);
  registerCertificateApi(routes, certificates, verifyLimiter);
  registerCertificatePages(routes, certificates, verifyLimiter);
  registerPrintingApi(routes, new PrintService(assembly, standards, sessions));
  registerSkillScoringApi(routes, scoring);
  registerSkillScoringPages(routes, scoring);
  registerStatisticsApi(routes, statistics);
  registerStatisticsPages(routes, statistics, bank);
  const reports = new ReportsService(config.timeZone);
  registerReportsApi(routes, reports);
  registerReportsPages(routes, reports);
  if (config.enableTestRoutes) registerTestRoutes(routes);
  routes.api(
    { method: 'get', path: '/api/openapi.json', permission: 'public', summary: 'This OpenAPI 3.1 document', tags: ['meta'] },
    () => buildOpenApiDocument(routes, { version: VERSION, ...(config.publicUrl ? { serverUrl: config.publicUrl } : {}) }),
  );

  const unknown = routes.routes.filter((r) => !isKnownPermission(r.permission));
  if (unknown.length) throw new Error(`Routes name unknown permissions: ${unknown.map((r) => `${r.method.toUpperCase()} ${r.path} (${r.permission})`).join('; ')}`);

  app.use(routes.router);
  app.use(methodNotAllowed(routes));
  app.use(notFoundHandler);
  app.use(errorHandler);
  assertAllRoutesDeclared(app);
  const recover = async () => {
    const imports = await transfer.recoverInterrupted();
    const releases = await bank.recoverInterruptedReleases();
    const audits = await completePendingAudits();
    return { imports, releases, audits };
  };
  return { express: app, routes, identity, standards, bank, transfer, assembly, sessions, delivery, certificates, scoring, partScores, marking, results, statistics, recover };
}
