// One drama: its tree, its DAG and the run being followed, all updated live from the event stream.
import { get, post, seg, ApiError } from './api.js';
import { h, notify } from './dom.js';
import { NodeBoard } from './board.js';
import { renderTree } from './tree.js';
import { renderDag, planNodes } from './dag.js';
import { documentStates } from './nodes.js';
import { followRun } from './live.js';
import { usd, estimateText } from './cost.js';

const authoringJobs = new Set(['drama', 'improve', 'critique']);

export function showDrama(root, dramaId) {
  const base = `/dramas/${seg(dramaId)}`;
  const board = new NodeBoard();
  let disposed = false;
  let follower = null;
  let drama = null;
  let plan = [];
  let refreshTimer = null;

  const title = h('h1', { testid: 'drama-title' }, dramaId);
  const synopsis = h('p', { class: 'synopsis', testid: 'drama-synopsis' });
  const meta = h('p', { class: 'muted small' });
  const bar = { completed: h('span', { class: 'seg completed' }), failed: h('span', { class: 'seg failed' }), skipped: h('span', { class: 'seg skipped' }) };
  const progressText = h('span', { testid: 'progress-text' }, 'No run yet');
  const runStatus = h('span', { class: 'badge', testid: 'run-status', dataset: { status: 'idle' } }, 'idle');
  const connection = h('span', { class: 'muted small', testid: 'connection' });
  // Before "Generate": what the dirty nodes would cost (and what real providers would charge when local ones run).
  const estimate = h('p', { class: 'muted small', testid: 'cost-estimate' }, 'Estimate…');
  // While and after a run: what it cost so far, and what the drama cost over every run.
  const runCost = h('span', { class: 'small', testid: 'run-cost' });
  const spend = h('p', { class: 'muted small', testid: 'drama-spend' });
  // The run's eta_seconds (its remaining schedule simulated with learned latencies, caps and quotas), while it runs.
  const eta = h('span', { class: 'muted small', testid: 'progress-eta' });
  const progress = h('div', { class: 'progress-block', testid: 'progress' },
    h('div', { class: 'bar', testid: 'progress-bar' }, bar.completed, bar.failed, bar.skipped),
    h('div', { class: 'progress-line' }, runStatus, progressText, runCost, eta, connection));
  const treePanel = h('section', { class: 'panel tree-panel' }, h('p', { class: 'muted' }, 'Loading…'));
  const dagPanel = h('section', { class: 'panel dag-panel' }, h('h2', {}, 'DAG'), h('p', { class: 'muted' }, 'Loading…'));

  root.replaceChildren(
    h('section', { class: 'panel drama-head' },
      h('a', { href: '#/', class: 'small' }, '← all dramas'),
      title, synopsis, meta,
      h('div', { class: 'actions' },
        h('button', { class: 'primary', testid: 'generate-drama', onclick: () => start(`${base}/generate`, { force: false }, 'Generation') }, 'Generate drama'),
        h('button', { testid: 'generate-drama-force', onclick: () => start(`${base}/generate`, { force: true }, 'Full regeneration') }, 'Regenerate everything'),
        h('button', { testid: 'resume', onclick: resume }, 'Resume')),
      estimate, progress, spend),
    dagPanel,
    treePanel);

  load(true);

  async function load(followLatest) {
    try {
      const [loaded, loadedPlan, configured, costs] = await Promise.all([get(base), get(`${base}/plan`).catch(error => error),
        get(`${base}/plan?priceAs=configured`).catch(() => null), get(`${base}/costs`).catch(() => null)]);
      if (disposed) return;
      drama = loaded;
      showCosts(loadedPlan instanceof Error ? null : loadedPlan?.cost, configured?.cost, costs);
      plan = loadedPlan instanceof Error ? loadedPlan : planNodes(loadedPlan);
      render();
      if (followLatest) await followLatestRun();
    } catch (error) {
      if (disposed) return;
      treePanel.replaceChildren(h('p', { class: 'error', testid: 'load-error' },
        error instanceof ApiError && error.status === 404 ? `Drama ${dramaId} was not found.` : `Could not load the drama: ${error.message}`));
    }
  }

  function showCosts(cost, configured, costs) {
    estimate.textContent = estimateText(cost)
      + (configured && cost && configured.totalUsd !== cost.totalUsd ? ` · with the configured providers ${usd(configured.totalUsd)}` : '');
    estimate.dataset.usd = String(cost?.totalUsd ?? '');
    spend.textContent = costs ? `Spent on this drama: ${usd(costs.total_usd)} over ${costs.runs?.length ?? 0} job${costs.runs?.length === 1 ? '' : 's'}` : '';
    spend.dataset.usd = String(costs?.total_usd ?? '');
  }

  function render() {
    title.textContent = drama.title || drama.id;
    synopsis.textContent = drama.synopsis || drama.premise || '';
    meta.textContent = [drama.style, drama.aspectRatio].filter(Boolean).join(' · ');
    for (const [node, state] of documentStates(drama)) board.setBase(node, state);
    if (Array.isArray(plan)) {
      for (const node of plan) {
        const fromPlan = { status: node.status ?? (node.dirty === false ? 'completed' : board.base.get(node.id)?.status ?? 'pending') };
        if (node.error) fromPlan.error = node.error;
        board.setBase(node.id, fromPlan);
      }
    }
    board.clearViews();
    treePanel.replaceChildren(renderTree(drama, board, {
      character: c => start(`${base}/characters/${seg(c.id)}/generate`, {}, `Portrait of ${c.name ?? c.id}`),
      audition: c => start(`${base}/characters/${seg(c.id)}/audition`, {}, `Audition of ${c.name ?? c.id}`),
      episode: e => start(`${base}/episodes/${seg(e.id)}/generate`, {}, `Episode ${e.title ?? e.id}`),
      scene: (e, s) => start(`${base}/episodes/${seg(e.id)}/scenes/${seg(s.id)}/generate`, {}, `Scene ${s.title ?? s.id}`),
      asset: (e, s, a) => start(`${base}/episodes/${seg(e.id)}/scenes/${seg(s.id)}/assets/${seg(a.id)}/generate`, {}, `Asset ${a.id}`),
      cut: e => start(`${base}/episodes/${seg(e.id)}/cut`, {}, `Cut of ${e.title || e.id}`),
      previewCut: e => previewCut(e),
    }, plan));
    dagPanel.replaceChildren(h('h2', {}, 'DAG'), Array.isArray(plan)
      ? renderDag(plan, board, resume)
      : h('p', { class: 'error', testid: 'plan-error' }, `The plan is not available: ${plan.message}`));
  }

  async function followLatestRun() {
    try {
      const jobs = await get(`${base}/jobs?job_type=dag&limit=1`);
      const list = Array.isArray(jobs) ? jobs : jobs?.items ?? [];
      const run = list.find(job => !job.parent_job_id && !authoringJobs.has(job.job_type));
      if (run && !disposed && !follower) follow(run.job_id, false);
    } catch {
      // Following an old run is a convenience; the page works without it.
    }
  }

  async function start(path, body, what) {
    try {
      const job = await post(path, body);
      if (job?.jobId) {
        notify(`${what} started (${job.jobId}).`);
        follow(job.jobId, true);
      } else {
        notify(`${what}: nothing to do.`);
      }
    } catch (error) {
      notify(`${what} could not start: ${error.message}`, 'error');
    }
  }

  /** Renders what exists now; the preview is shown (marked) until the episode has a cut. */
  async function previewCut(e) {
    try {
      notify(`Rendering a preview of ${e.title || e.id}…`);
      await post(`${base}/episodes/${seg(e.id)}/cut?preview=true`);
      notify(`Preview of ${e.title || e.id} ready.`);
      await load(false);
    } catch (error) {
      notify(`The preview could not be rendered: ${error.message}`, 'error');
    }
  }

  async function resume() {
    await start(`${base}/resume`, {}, 'Resume');
  }

  /** Follows a run; only runs started from this page announce their end (an old run just shows its outcome). */
  function follow(jobId, announce) {
    follower?.stop();
    board.clearLive();
    progress.dataset.job = jobId;
    setRun('pending', null);
    follower = followRun(dramaId, jobId, {
      onNode: data => {
        if (!data.node_id) return;
        board.setLive(data.node_id, { status: data.status, error: data.error ?? null, url: data.url ?? undefined, version: data.job_id });
        if (data.status === 'completed' && !data.url && !board.state(data.node_id).url) scheduleRefresh();
      },
      onProgress: data => setRun(data.status, data),
      onEnd: data => {
        setRun(data.status, data);
        connection.textContent = '';
        follower = null;
        if (announce) {
          notify(data.status === 'completed' ? 'Run completed.' : `Run ${data.status}${data.error ? `: ${data.error}` : ''}.`,
            data.status === 'completed' ? 'info' : 'error');
        }
        load(false);
      },
      onConnection: state => { connection.textContent = state === 'live' ? '● live' : state === 'lost' ? 'connection lost' : 'reconnecting…'; },
    });
  }

  function setRun(status, counts) {
    runStatus.textContent = status ?? 'running';
    runStatus.dataset.status = status ?? 'running';
    const left = counts?.eta_seconds;
    eta.textContent = typeof left === 'number' && (status ?? 'running') === 'running' ? `about ${formatRemaining(left)} left` : '';
    if (!counts) {
      progressText.textContent = 'Starting…';
      Object.values(bar).forEach(segment => { segment.style.width = '0%'; });
      return;
    }
    const total = Math.max(0, counts.total_jobs ?? 0);
    const share = n => `${total ? (100 * (n ?? 0)) / total : 0}%`;
    bar.completed.style.width = share(counts.completed_jobs);
    bar.failed.style.width = share(counts.failed_jobs);
    bar.skipped.style.width = share(counts.skipped_jobs);
    progressText.textContent = `${counts.completed_jobs ?? 0} of ${total} completed · ${counts.running_jobs ?? 0} running · `
      + `${counts.failed_jobs ?? 0} failed · ${counts.skipped_jobs ?? 0} skipped`;
    runCost.textContent = ` · ${usd(counts.cost_usd)}`;
    runCost.dataset.usd = String(counts.cost_usd ?? 0);
    progress.dataset.completed = String(counts.completed_jobs ?? 0);
    progress.dataset.total = String(total);
  }

  /** 42 s, 7 min, 1 h 5 min: as precise as an estimate deserves. */
  function formatRemaining(seconds) {
    if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
    const minutes = Math.round(seconds / 60);
    return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }

  /** A node completed without a url in its event: take the urls from the drama document shortly after. */
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      try {
        const fresh = await get(base);
        if (disposed) return;
        for (const [node, state] of documentStates(fresh)) if (state.url) board.setBase(node, { url: state.url });
      } catch {
        // The next event or the end of the run refreshes again.
      }
    }, 1500);
  }

  return {
    dispose() {
      disposed = true;
      follower?.stop();
      clearTimeout(refreshTimer);
    },
  };
}
