/** The disclosure gate's pure core: thresholds, the exact checker and the table shapes we release. */
export * from './thresholds';
export { planRelease, findLeak, type DisclosureTable, type Leak } from './plan';
export { releaseCross, type CrossCell, type CrossRelease } from './cross';
