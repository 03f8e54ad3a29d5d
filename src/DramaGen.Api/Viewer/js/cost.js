// What a run will cost (the plan's estimate, before "Generate") and what the drama's runs cost (live and after).

/** USD with cents, and more digits when a figure is below a cent (a single image can cost $0.039). */
export function usd(value) {
  const n = Number(value ?? 0);
  return n !== 0 && Math.abs(n) < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}

/** "Estimate: $3.76 for 7 nodes (image $0.16 · video $3.60)", saying so when some have no price. */
export function estimateText(cost) {
  if (!cost) return 'Estimate unavailable';
  if (!cost.nodes) return 'Estimate: nothing to generate';
  const parts = Object.entries(cost.byCapability ?? {}).filter(([, v]) => Number(v) > 0).map(([k, v]) => `${k} ${usd(v)}`);
  const unpriced = cost.unpricedNodes ? ` + ${cost.unpricedNodes} unpriced` : '';
  return `Estimate: ${usd(cost.totalUsd)}${unpriced} for ${cost.nodes} node${cost.nodes === 1 ? '' : 's'}`
    + (parts.length ? ` (${parts.join(' · ')})` : '') + (cost.pricedAs === 'configured' ? ' as configured providers' : '');
}
