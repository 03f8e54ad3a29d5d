// A scene's lines: the speaker's portrait and name, the text, a play button per line, and a button that
// plays the scene's lines one after another over its clip. The url is read from the board at click time,
// so a line spoken during the run being followed plays at once.
import { h, safeUrl } from './dom.js';
import { nodeIds } from './nodes.js';

export function renderLines(e, s, names, board) {
  const lines = s.lines ?? [];
  if (lines.length === 0) return null;
  const prefix = `${e.id}-${s.id}`;
  let stop = null;
  const playScene = h('button', { class: 'small', testid: `play-scene-${prefix}`, onclick: () => {
    stop?.();
    stop = playInSequence(list, prefix);
  } }, '▶ Play scene');
  const list = h('ol', { class: 'lines', testid: `lines-${prefix}` }, lines.map(line => {
    const node = nodeIds.line(e.id, s.id, line.id);
    const narrator = line.speaker === 'narrator';
    const speaker = narrator ? 'Narrator' : names.get(line.speaker) ?? line.speaker;
    const audio = () => safeUrl(board.state(node).url);
    return h('li', { class: 'line', testid: `line-${node}`, dataset: { node } },
      narrator
        ? h('div', { class: 'speaker-portrait narrator', title: 'Narrator' }, '🎙')
        : h('div', { class: 'speaker-portrait', title: speaker, testid: `speaker-${node}` },
          board.media(nodeIds.portrait(line.speaker), 'image', `Portrait of ${speaker}`)),
      h('div', { class: 'line-body' },
        h('p', { class: 'line-head' },
          h('strong', { testid: `speaker-name-${node}` }, speaker),
          line.direction ? h('span', { class: 'muted small' }, ` (${line.direction})`) : null,
          line.durationSeconds ? h('span', { class: 'muted small' }, ` · ${line.durationSeconds.toFixed(1)}s`) : null,
          ' ', board.badge(node)),
        h('p', { class: 'line-text' }, line.text ?? '')),
      h('button', { class: 'small play', testid: `play-${node}`, title: 'Play this line', onclick: () => {
        stop?.();
        const url = audio();
        if (!url) return;
        const player = new Audio(url);
        markPlaying(list, node);
        // Only this player's own end clears the mark: a pause by the next play must not clear the next mark.
        const done = () => { if (stop === pause) markPlaying(list, null); };
        const pause = () => player.pause();
        stop = pause;
        player.addEventListener('ended', done);
        player.play().catch(done);
      } }, '▶'));
  }));
  return h('div', { class: 'scene-lines' },
    h('div', { class: 'lines-head' }, h('h5', {}, 'Lines'), playScene),
    list);

  function playInSequence(listElement, scenePrefix) {
    const card = listElement.closest('article');
    const clip = card?.querySelector('video');
    const items = [...listElement.querySelectorAll('li.line')];
    let index = 0;
    let current = null;
    let stopped = false;
    if (clip) { clip.currentTime = 0; clip.play().catch(() => {}); }
    listElement.dataset.playing = scenePrefix;
    const next = () => {
      if (stopped) return;
      while (index < items.length && !safeUrl(board.state(items[index].dataset.node).url)) index++;
      if (index >= items.length) { finish(); return; }
      const node = items[index++].dataset.node;
      markPlaying(listElement, node);
      current = new Audio(safeUrl(board.state(node).url));
      current.addEventListener('ended', next);
      // A line that cannot play (a missing file) is skipped, not the end of the scene.
      current.play().catch(error => { listElement.dataset.error = String(error?.message ?? error); next(); });
    };
    const finish = () => {
      markPlaying(listElement, null);
      delete listElement.dataset.playing;
      listElement.dataset.played = String(index);
    };
    next();
    return () => { stopped = true; current?.pause(); clip?.pause(); finish(); };
  }
}

function markPlaying(list, node) {
  for (const item of list.querySelectorAll('li.line')) item.classList.toggle('playing', item.dataset.node === node);
  if (node) list.dataset.current = node; else delete list.dataset.current;
}
