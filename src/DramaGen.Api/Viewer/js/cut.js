// An episode's film: its cut (or, until there is one, its latest preview, marked as such) with the subtitle
// track, and the timeline it was cut from under the player: segments, their lines and transitions.
import { get, seg } from './api.js';
import { h, safeUrl } from './dom.js';

/** @param actions { cut(e), previewCut(e) } */
export function renderCut(dramaId, e, actions) {
  const cut = safeUrl(e.cutUrl);
  const preview = cut ? null : safeUrl(e.previewUrl);
  const subtitles = cut ? safeUrl(e.cutSubtitlesUrl) : null;
  const timeline = h('div', { class: 'timeline', testid: `timeline-${e.id}` }, h('p', { class: 'muted small' }, 'Loading the timeline…'));
  get(`/dramas/${seg(dramaId)}/episodes/${seg(e.id)}/timeline`).then(
    loaded => timeline.replaceChildren(renderTimeline(loaded)),
    error => timeline.replaceChildren(h('p', { class: 'error small' }, `No timeline: ${error.message}`)));
  const source = cut ?? preview;
  const player = source
    ? h('video', { class: 'cut-player', testid: `cut-player-${e.id}`, controls: true, preload: 'auto', playsinline: true, muted: true,
      src: source, poster: cut ? safeUrl(e.posterUrl) : null },
      subtitles ? h('track', { kind: 'subtitles', srclang: 'en', label: 'Lines', src: subtitles, default: true }) : null)
    : h('p', { class: 'muted small', testid: `cut-missing-${e.id}` }, 'Not cut yet.');
  return h('div', { class: 'cut', testid: `cut-${e.id}`, dataset: { preview: String(Boolean(preview)) } },
    h('div', { class: 'cut-head' },
      h('h4', {}, preview ? 'Preview' : 'Episode film'),
      preview ? h('span', { class: 'badge preview', testid: `preview-badge-${e.id}` }, 'preview, not the final cut') : null,
      cut && e.durationSeconds ? h('span', { class: 'muted small' }, `${e.durationSeconds.toFixed(1)} s`) : null,
      h('button', { testid: `cut-episode-${e.id}`, onclick: () => actions.cut(e) }, 'Cut episode'),
      h('button', { testid: `preview-episode-${e.id}`, onclick: () => actions.previewCut(e) }, 'Preview cut')),
    player,
    timeline);
}

function renderTimeline(timeline) {
  const total = timeline.durationSeconds || 1;
  const seconds = value => `${value.toFixed(1)}s`;
  return h('ol', { class: 'timeline-track', dataset: { duration: String(timeline.durationSeconds) } }, (timeline.segments ?? []).map(segment =>
    h('li', { class: `segment ${segment.kind}`, testid: `segment-${timeline.episodeId}-${segment.index}`,
      style: { 'flex-grow': String(Math.max(segment.duration / total, 0.02)) } },
      h('p', { class: 'segment-head' },
        h('strong', {}, segment.title), ' ',
        h('span', { class: 'muted small' }, `${segment.kind} · ${seconds(segment.start)}–${seconds(segment.start + segment.duration)}`
          + (segment.holdSeconds > 0 ? ` · hold ${seconds(segment.holdSeconds)}` : '')
          + (segment.trimSeconds > 0 ? ` · trim ${seconds(segment.trimSeconds)}` : ''))),
      (segment.lines ?? []).length
        ? h('ul', { class: 'segment-lines' }, segment.lines.map(line =>
          h('li', { class: 'small' }, h('span', { class: 'muted' }, seconds(line.start)), ' ', h('strong', {}, line.speakerName || line.speaker), ': ', line.text)))
        : null,
      segment.transitionSeconds > 0 || segment.index < timeline.segments.length - 1
        ? h('p', { class: 'transition muted small' }, `→ ${segment.transition}${segment.transitionSeconds > 0 ? ` ${seconds(segment.transitionSeconds)}` : ''}`)
        : null)));
}
