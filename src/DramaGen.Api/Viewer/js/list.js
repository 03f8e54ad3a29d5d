// The start page: every drama, and a form that writes a new one from a premise.
import { get, post, seg, ApiError } from './api.js';
import { h, notify, formatDate } from './dom.js';

export function showList(root) {
  let disposed = false;
  let pollTimer = null;
  const list = h('ul', { class: 'drama-list', testid: 'drama-list' }, h('li', { class: 'muted' }, 'Loading…'));
  const status = h('p', { class: 'muted', testid: 'create-status' });
  const premise = h('textarea', { id: 'premise', testid: 'premise-input', rows: 3, maxlength: 4000, required: true,
    placeholder: 'A lighthouse keeper finds a letter from her future self…' });
  const episodes = h('input', { id: 'episodes', testid: 'episodes-input', type: 'number', min: 1, max: 20, value: 1 });
  const scenes = h('input', { id: 'scenes', testid: 'scenes-input', type: 'number', min: 1, max: 20, value: 2 });
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'create-drama' }, 'Write drama');

  const form = h('form', { class: 'create-form', testid: 'create-form', onsubmit: create },
    h('label', { for: 'premise' }, 'Premise'), premise,
    h('div', { class: 'row' },
      h('label', {}, 'Episodes ', episodes),
      h('label', {}, 'Scenes per episode ', scenes),
      submit),
    status);

  root.replaceChildren(
    h('section', { class: 'panel' }, h('h2', {}, 'New drama'), form),
    h('section', { class: 'panel' }, h('h2', {}, 'Dramas'), list));
  load();

  async function load() {
    try {
      const page = await get('/dramas?limit=100');
      if (disposed) return;
      const items = page?.items ?? [];
      list.replaceChildren(...(items.length ? items.map(item) : [h('li', { class: 'muted' }, 'No dramas yet: write one above.')]));
    } catch (error) {
      list.replaceChildren(h('li', { class: 'error' }, `Could not list dramas: ${error.message}`));
    }
  }

  function item(drama) {
    return h('li', { testid: `drama-item-${drama.id}` },
      h('a', { href: `#/dramas/${seg(drama.id)}`, testid: `drama-link-${drama.id}` }, drama.title || drama.id),
      h('p', { class: 'premise' }, drama.premise ?? ''),
      h('p', { class: 'muted small' },
        `${drama.characterCount ?? 0} characters · ${drama.episodeCount ?? 0} episodes · ${formatDate(drama.createdAt)}`));
  }

  async function create(event) {
    event.preventDefault();
    submit.disabled = true;
    status.className = 'muted';
    status.textContent = 'Sending the premise…';
    try {
      const job = await post('/dramas', {
        premise: premise.value.trim(),
        episodes: Number(episodes.value),
        scenesPerEpisode: Number(scenes.value),
      });
      status.textContent = 'Writing the drama…';
      await waitForJob(job.dramaId, job.jobId);
      if (!disposed) location.hash = `#/dramas/${seg(job.dramaId)}`;
    } catch (error) {
      status.className = 'error';
      status.textContent = error instanceof ApiError && error.problem?.errors
        ? Object.entries(error.problem.errors).map(([field, problems]) => `${field}: ${problems.join(', ')}`).join('; ')
        : `Could not write the drama: ${error.message}`;
      notify(status.textContent, 'error');
    } finally {
      submit.disabled = false;
    }
  }

  // A lost connection or a busy service (5xx, 429) is not the job failing: the poll keeps going, backing off a little.
  function waitForJob(dramaId, jobId) {
    return new Promise((resolve, reject) => {
      let delay = 1000;
      const poll = async () => {
        if (disposed) return;
        try {
          const job = await get(`/dramas/${seg(dramaId)}/jobs/${seg(jobId)}`);
          if (job.status === 'completed') return resolve(job);
          if (job.status === 'failed' || job.status === 'skipped') return reject(new Error(job.error || job.status));
          status.textContent = job.status === 'running' ? 'Writing the drama…' : 'Waiting for the writer…';
          delay = 1000;
        } catch (error) {
          if (!isTransient(error)) return reject(error);
          status.textContent = 'The service did not answer; trying again…';
          delay = Math.min(delay * 2, 10000);
        }
        pollTimer = setTimeout(poll, delay);
      };
      poll();
    });
  }

  function isTransient(error) {
    return !(error instanceof ApiError) || error.status === 429 || error.status >= 500;
  }

  return { dispose() { disposed = true; clearTimeout(pollTimer); } };
}
