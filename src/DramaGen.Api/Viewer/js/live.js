// Follows a run over Server-Sent Events. EventSource cannot send X-API-Key, so each connection uses a
// short-lived stream token; when the browser's own reconnect fails (e.g. the token expired) a new
// EventSource starts with a fresh token and the last event id, so no event is lost or repeated.
import { post, seg } from './api.js';

export function followRun(dramaId, jobId, handlers) {
  let source = null;
  let lastEventId = null;
  let stopped = false;
  let failures = 0;
  let retryTimer = null;

  const handle = (kind, callback) => event => {
    lastEventId = event.lastEventId || lastEventId;
    failures = 0;
    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    callback?.(data);
    if (kind === 'end') stop();
  };

  async function connect() {
    if (stopped) return;
    let url = `/dramas/${seg(dramaId)}/jobs/${seg(jobId)}/events`;
    try {
      const { token } = await post(`/auth/stream-token?dramaId=${seg(dramaId)}&jobId=${seg(jobId)}`);
      url += `?token=${seg(token)}`;
      if (lastEventId) url += `&lastEventId=${seg(lastEventId)}`;
    } catch (error) {
      retry(error);
      return;
    }
    if (stopped) return;
    source = new EventSource(url);
    source.addEventListener('open', () => handlers.onConnection?.('live'));
    source.addEventListener('node', handle('node', handlers.onNode));
    source.addEventListener('progress', handle('progress', handlers.onProgress));
    source.addEventListener('end', handle('end', handlers.onEnd));
    source.addEventListener('error', () => {
      if (stopped) return;
      if (source.readyState === EventSource.CLOSED) {
        retry(new Error('the stream was refused'));
      } else {
        handlers.onConnection?.('reconnecting');
      }
    });
  }

  function retry(error) {
    source?.close();
    failures++;
    if (failures > 5) {
      handlers.onConnection?.('lost', error);
      return;
    }
    handlers.onConnection?.('reconnecting');
    retryTimer = setTimeout(connect, Math.min(1000 * 2 ** failures, 15000));
  }

  function stop() {
    stopped = true;
    clearTimeout(retryTimer);
    source?.close();
  }

  connect();
  return { jobId, stop };
}
