/**
 * The item-statistics engine (试题分析): pure functions from scored responses to classical item
 * statistics, KR-20 per paper and Rasch difficulties. No database, no clock.
 */
export * from './types';
export { itemStatistics, paperReliability, upperLowerIndex } from './classical';
export { estimateRasch, raschInput, raschFacility, type RaschInput, type RaschResponse, type RaschResult, type RaschItemStatus, type RaschOptions } from './rasch';
export { mean, variance, pearson } from './descriptive';
