/**
 * The paper-assembly engine (组卷引擎): pure functions from (pool, blueprint, seed) to papers.
 * No database, no clock, no Math.random. See README.md in this folder.
 */
export * from './types';
export { AssemblyError, isAssemblyError, type Infeasibility, type CellRef } from './errors';
export { largestRemainder, allocateCells, deriveCells, weightsAtLevel, scopeWeightsAtLevel, type Weight } from './largest-remainder';
export { buildPoolIndex, PoolIndexCache, PoolIndexError, type PoolIndex, type CellPool } from './pool-index';
export { normaliseBlueprint, planAssembly, strataFor, type AssemblyPlan, type PlanCell, type Stratum } from './plan';
export { assemblePaper, assembleParallelForms, checkFeasibility, checkFormsSet, reproducePaper, type Reproduction } from './assemble';
export { checkPaper, meanFacilityOf, type Violation, type ViolationCode, type CheckOptions } from './check';
export { analysePaper, type PaperAnalysis, type AnalysisRow, type CellAnalysisRow, type AnalysisOptions } from './analysis';
export { defaultTheorySections, theoryBlueprint, skillBlueprint, importanceMinimums, type TheoryBlueprintOptions, type SkillBlueprintOptions } from './blueprints';
export { cellPoints, sectionPoints, blueprintPoints } from './points';
export { poolItemsFromRelease, type ReleaseItemRow, type PointFactsLike, type PoolItemsResult } from './pool-items';
export { normaliseSeed } from './rng';
