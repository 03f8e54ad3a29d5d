// The DAG by level: one column per level, one box per node with its live status; a failed node shows
// its error and a resume button.
import { h } from './dom.js';

/** The plan's nodes, whatever the exact envelope ({nodes: [...]} or a bare array). */
export function planNodes(plan) {
  const nodes = Array.isArray(plan) ? plan : plan?.nodes ?? [];
  return nodes.map(node => ({
    id: node.id ?? node.node_id,
    kind: node.kind ?? '',
    provider: node.provider ?? node.capability ?? '',
    level: Number(node.level ?? 0),
    dependsOn: node.dependsOn ?? node.depends_on ?? [],
    dirty: node.dirty,
    status: node.status,
    url: node.url ?? node.outputUrl ?? node.output_url ?? null,
    error: node.error ?? null,
  })).filter(node => typeof node.id === 'string');
}

export function renderDag(nodes, board, onResume) {
  const levels = new Map();
  for (const node of nodes) {
    if (!levels.has(node.level)) levels.set(node.level, []);
    levels.get(node.level).push(node);
  }
  const columns = [...levels.keys()].sort((a, b) => a - b).map(level =>
    h('div', { class: 'level', testid: `level-${level}` },
      h('h3', {}, `Level ${level}`, h('span', { class: 'muted small' }, ` · ${levels.get(level).length} nodes`)),
      levels.get(level).map(node => box(node))));
  return h('div', { class: 'dag', testid: 'dag' },
    columns.length ? columns : h('p', { class: 'muted' }, 'Nothing to generate in this drama.'));

  function box(node) {
    const error = h('p', { class: 'node-error', testid: `node-error-${node.id}`, hidden: true });
    const resume = h('button', { class: 'small danger', testid: `resume-${node.id}`, hidden: true, onclick: onResume }, 'Resume');
    const after = node.dependsOn.length ? `after ${node.dependsOn.join(', ')}` : 'no dependencies';
    const element = h('div', { class: 'node', testid: `node-${node.id}`, dataset: { node: node.id }, title: `${node.id}\n${after}` },
      h('div', { class: 'node-head' },
        h('code', { class: 'node-id' }, node.id),
        board.badge(node.id)),
      h('p', { class: 'node-meta' },
        [node.kind, node.provider].filter(Boolean).join(' · '),
        node.dirty === true ? h('span', { class: 'chip' }, 'will run') : node.dirty === false ? h('span', { class: 'chip quiet' }, 'up to date') : null),
      node.dependsOn.length ? h('p', { class: 'deps' }, after) : null,
      error,
      resume);
    board.box(node.id, element, error, resume);
    return element;
  }
}
