// The state of every DAG node as the page knows it, and every element that shows it (tree badges,
// media slots, DAG boxes). Live run events win over what the plan and the drama document said.
import { h, withVersion, safeUrl } from './dom.js';

export const statuses = ['pending', 'running', 'completed', 'failed', 'skipped'];

export class NodeBoard {
  constructor() {
    this.base = new Map();   // from the drama document and the plan
    this.live = new Map();   // from the run being followed
    this.views = new Map();  // node id -> { badges: [], media: [], boxes: [] }
  }

  /** Forget the elements (before a re-render); states stay. */
  clearViews() { this.views.clear(); }

  /** Forget the live states of the previous run (a new run starts). */
  clearLive() { this.live.clear(); }

  setBase(nodeId, state) { this.base.set(nodeId, { ...this.base.get(nodeId), ...state }); this.apply(nodeId); }

  setLive(nodeId, state) { this.live.set(nodeId, { ...this.live.get(nodeId), ...state }); this.apply(nodeId); }

  state(nodeId) {
    const base = this.base.get(nodeId) ?? {};
    const live = this.live.get(nodeId) ?? {};
    return { ...base, ...live, url: live.url ?? base.url, version: live.url ? live.version : base.version };
  }

  knows(nodeId) { return this.base.has(nodeId) || this.live.has(nodeId); }

  badge(nodeId) {
    const element = h('span', { class: 'badge', testid: `status-${nodeId}`, dataset: { node: nodeId } });
    this.view(nodeId).badges.push(element);
    this.applyBadge(element, this.state(nodeId));
    return element;
  }

  /**
   * A slot that shows the node's image or video, replaced in place when the node completes. A video
   * shows the image of <posterNode> (its first frame: the storyboard of a clip, the portrait of an audition) until it plays.
   */
  media(nodeId, type, label, posterNode) {
    const slot = h('div', { class: `media media-${type}`, testid: `media-${nodeId}`, dataset: { node: nodeId } });
    const entry = { slot, type, label, posterNode, shown: undefined };
    this.view(nodeId).media.push(entry);
    this.applyMedia(entry, this.state(nodeId));
    return slot;
  }

  /** A DAG box: its data-status, its error text and its resume button follow the node's state. */
  box(nodeId, element, errorElement, resumeButton) {
    const entry = { element, errorElement, resumeButton };
    this.view(nodeId).boxes.push(entry);
    this.applyBox(entry, this.state(nodeId));
  }

  view(nodeId) {
    let view = this.views.get(nodeId);
    if (!view) this.views.set(nodeId, view = { badges: [], media: [], boxes: [] });
    return view;
  }

  apply(nodeId) {
    const view = this.views.get(nodeId);
    if (!view) return;
    const state = this.state(nodeId);
    view.badges.forEach(badge => this.applyBadge(badge, state));
    view.media.forEach(entry => this.applyMedia(entry, state));
    view.boxes.forEach(entry => this.applyBox(entry, state));
  }

  applyBadge(element, state) {
    const status = statuses.includes(state.status) ? state.status : 'pending';
    element.textContent = status;
    element.dataset.status = status;
  }

  applyBox({ element, errorElement, resumeButton }, state) {
    const status = statuses.includes(state.status) ? state.status : 'pending';
    element.dataset.status = status;
    errorElement.textContent = status === 'failed' ? (state.error || 'failed without a reason') : '';
    errorElement.hidden = status !== 'failed';
    resumeButton.hidden = status !== 'failed';
  }

  applyMedia(entry, state) {
    const url = withVersion(state.url, state.version) ?? safeUrl(state.url);
    if (url === entry.shown) return;
    entry.shown = url;
    const poster = entry.posterNode ? safeUrl(this.state(entry.posterNode).url) : null;
    entry.slot.replaceChildren(mediaElement(entry.slot.dataset.node, entry.type, url, entry.label, poster));
  }
}

function mediaElement(nodeId, type, url, label, poster) {
  if (!url) {
    return h('div', { class: 'placeholder', testid: `placeholder-${nodeId}` }, type === 'video' ? 'no clip yet' : 'not generated yet');
  }
  switch (type) {
    case 'video':
      return h('video', { src: url, poster, controls: true, preload: 'metadata', playsinline: true, testid: `video-${nodeId}`, title: label });
    case 'audio':
      return h('audio', { src: url, controls: true, preload: 'metadata', testid: `audio-${nodeId}` });
    case 'image':
      return h('img', { src: url, alt: label ?? nodeId, testid: `image-${nodeId}`, decoding: 'async' });
    default:
      return h('a', { href: url, target: '_blank', rel: 'noopener', testid: `file-${nodeId}` }, 'open file');
  }
}
