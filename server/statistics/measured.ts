import type { MeasuredDifficulty, VersionStatistics } from './model';

/** Which difficulty a blueprint draws by once enough candidates have answered an item. */
export type DifficultyMeasure = 'facility' | 'rasch';

export type DifficultySource = 'writer' | 'session-facility' | 'release-facility' | 'rasch';

/**
 * The facility assembly uses for one item version: with at least `minResponses` responses
 * pooled over its release, the release's measured facility (or, when the blueprint asks for
 * `rasch`, the Rasch difficulty as the facility of a candidate of the calibration's mean
 * ability); failing that, a session's measured facility with as many responses; otherwise the
 * writer's estimate. Pure.
 */
export function effectiveFacility(writerFacility: number, measured: Pick<MeasuredDifficulty, 'session' | 'release'> | undefined, measure: DifficultyMeasure, minResponses: number): { facility: number; source: DifficultySource } {
  const release = measured?.release;
  if (release && release.n >= minResponses) {
    if (measure === 'rasch' && release.raschFacility !== null) return { facility: release.raschFacility, source: 'rasch' };
    return { facility: release.facility, source: 'release-facility' };
  }
  const session = measured?.session;
  if (session && session.n >= minResponses) return { facility: session.facility, source: 'session-facility' };
  return { facility: writerFacility, source: 'writer' };
}

/** The part of a version's statistics a difficulty snapshot keeps. */
export function measuredOf(itemId: string, version: number, statistics: VersionStatistics | undefined): MeasuredDifficulty | undefined {
  if (!statistics?.session && !statistics?.release) return undefined;
  const s = statistics.session;
  const r = statistics.release;
  return {
    itemId,
    version,
    ...(s ? { session: { n: s.n, facility: s.facility } } : {}),
    ...(r ? { release: { n: r.n, facility: r.facility, raschFacility: r.rasch?.facility ?? null } } : {}),
  };
}
