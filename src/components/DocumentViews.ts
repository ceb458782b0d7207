// The documents' views in one lazily loaded chunk: none of them is needed on a first page load.
export { default as Citations } from './Citations.svelte';
export { default as ContextMeter } from './ContextMeter.svelte';
export { default as DocumentChips } from './DocumentChips.svelte';
export { default as MessageDocuments } from './MessageDocuments.svelte';
export { default as SummaryProgress } from './SummaryProgress.svelte';
