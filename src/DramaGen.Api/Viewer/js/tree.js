// The drama as a tree: characters with their sheets (portrait and views), episodes, scenes with their keyframes
// (storyboard, end frame, transition frame), their lines and their assets (a clip says which mode made it).
import { h } from './dom.js';
import { nodeIds, sheetViews } from './nodes.js';
import { renderLines } from './lines.js';
import { renderCut } from './cut.js';

/**
 * @param actions { character(c), audition(c), episode(e), scene(e, s), asset(e, s, a), cut(e), previewCut(e) } start generation.
 * @param plan the plan's nodes (or an error): the sheet views it will make are shown before they exist.
 */
export function renderTree(drama, board, actions, plan) {
  const names = new Map((drama.characters ?? []).map(c => [c.id, c.name || c.id]));
  const ratio = /^(\d{1,2}):(\d{1,2})$/.exec(drama.aspectRatio ?? '');
  return h('div', { class: 'tree', testid: 'drama-tree', style: ratio ? { '--media-ratio': `${ratio[1]} / ${ratio[2]}` } : null },
    h('h2', {}, 'Characters'),
    h('div', { class: 'cards', testid: 'characters' }, (drama.characters ?? []).map(c => character(c))),
    h('h2', {}, 'Episodes'),
    (drama.episodes ?? []).map(e => episode(e)));

  function character(c) {
    const node = nodeIds.portrait(c.id);
    return h('article', { class: 'card', testid: `character-${c.id}` },
      board.media(node, 'image', `Portrait of ${c.name ?? c.id}`),
      h('div', { class: 'card-body' },
        h('h3', {}, c.name || c.id, ' ', board.badge(node)),
        h('p', { class: 'small' }, c.description ?? ''),
        h('div', { class: 'actions' },
          h('button', { testid: `generate-character-${c.id}`, onclick: () => actions.character(c) }, 'Generate portrait'),
          h('button', { testid: `audition-${c.id}`, onclick: () => actions.audition(c) }, 'Audition')),
        sheet(c),
        assets(c.assets ?? [], a => nodeIds.characterAsset(c.id, a.id), null, null, node)));
  }

  function episode(e) {
    const node = nodeIds.episode(e.id);
    return h('section', { class: 'episode', testid: `episode-${e.id}` },
      h('header', { class: 'episode-head' },
        h('h3', {}, e.title || e.id, ' ', board.badge(node)),
        h('button', { testid: `generate-episode-${e.id}`, onclick: () => actions.episode(e) }, 'Generate episode')),
      e.synopsis ? h('p', { class: 'small' }, e.synopsis) : null,
      renderCut(drama.id, e, actions),
      h('div', { class: 'cards' }, (e.scenes ?? []).map((s, i, scenes) => scene(e, s, scenes[i - 1], scenes[i + 1]))));
  }

  /** The views besides the portrait (the card's picture): together they are the character's references. */
  function sheet(c) {
    const views = sheetViews(c, plan);
    if (views.length === 0) return null;
    return h('div', { class: 'sheet', testid: `sheet-${c.id}` },
      h('h5', {}, 'Sheet'),
      h('div', { class: 'frames' }, views.map(view =>
        frame(nodeIds.view(c.id, view), view.replaceAll('_', ' '), `${view} view of ${c.name ?? c.id}`))));
  }

  /** The frames a scene's clips are made between: its storyboard (the card's picture) or the previous end, its end, its bridge. */
  function keyframes(e, s, previous, next) {
    const starts = s.startFrom === 'previous_end' && previous;
    if (!s.endFrame && !s.transitionFrame && !starts) return null;
    return h('div', { class: 'keyframes', testid: `keyframes-${e.id}-${s.id}` },
      h('h5', {}, 'Keyframes'),
      starts ? h('p', { class: 'muted small', testid: `starts-from-${e.id}-${s.id}` },
        `Clips start from the end frame of ${previous.title || previous.id}`) : null,
      h('div', { class: 'frames' },
        s.endFrame ? frame(nodeIds.endFrame(e.id, s.id), 'end frame', `End frame of ${s.title ?? s.id}`) : null,
        s.transitionFrame ? frame(nodeIds.transitionFrame(e.id, s.id), next ? `to ${next.title || next.id}` : 'transition',
          `Transition frame of ${s.title ?? s.id}`) : null));
  }

  function frame(node, caption, label) {
    return h('figure', { class: 'frame', testid: `frame-${node}` },
      board.media(node, 'image', label),
      h('figcaption', { class: 'small' }, caption, ' ', board.badge(node)));
  }

  /** The mode asked for, the one used, and the provider's reason when it had to use another. */
  function clipMode(a, node) {
    const asked = a.mode ?? 'first_frame';
    const used = a.modeUsed ?? null;
    const replaced = used !== null && used !== asked;
    return h('p', { class: 'clip-mode small', testid: `mode-${node}`, dataset: { asked, used: used ?? '' } },
      h('span', { class: 'chip' }, replaced ? `${asked} → ${used}` : used ?? asked),
      replaced ? h('span', { class: 'mode-note', testid: `mode-note-${node}` }, a.modeNote || 'the provider used another mode') : null);
  }

  function scene(e, s, previous, next) {
    const node = nodeIds.storyboard(e.id, s.id);
    const cast = (s.characters ?? []).map(id => names.get(id) ?? id).join(', ');
    return h('article', { class: 'card', testid: `scene-${e.id}-${s.id}` },
      board.media(node, 'image', `Storyboard of ${s.title ?? s.id}`),
      h('div', { class: 'card-body' },
        h('h4', {}, s.title || s.id, ' ', board.badge(node)),
        s.location ? h('p', { class: 'muted small' }, s.location) : null,
        h('p', { class: 'small' }, s.description ?? ''),
        cast ? h('p', { class: 'muted small' }, `With ${cast}`) : null,
        h('div', { class: 'actions' },
          h('button', { testid: `generate-scene-${e.id}-${s.id}`, onclick: () => actions.scene(e, s) }, 'Generate scene')),
        keyframes(e, s, previous, next),
        renderLines(e, s, names, board),
        assets(s.assets ?? [], a => nodeIds.sceneAsset(e.id, s.id, a.id), a => actions.asset(e, s, a), `${e.id}-${s.id}`, node)));
  }

  function assets(list, idOf, generate, prefix, posterNode) {
    if (list.length === 0) return null;
    return h('ul', { class: 'assets' }, list.map(a => {
      const node = idOf(a);
      return h('li', { class: 'asset', testid: `asset-${node}` },
        h('div', { class: 'asset-head' },
          h('span', { class: 'tag' }, `${a.tag || 'asset'} · ${a.type}${a.durationSeconds ? ` · ${a.durationSeconds}s` : ''}`),
          board.badge(node),
          generate ? h('button', { class: 'small', testid: `generate-asset-${prefix}-${a.id}`, onclick: () => generate(a) }, 'Generate') : null),
        board.media(node, a.type, a.prompt ?? a.id, posterNode),
        a.type === 'video' ? clipMode(a, node) : null,
        a.prompt ? h('p', { class: 'muted small prompt' }, a.prompt) : null);
    }));
  }
}
