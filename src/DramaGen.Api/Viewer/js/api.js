// Fetch wrapper: JSON in and out, problem details turned into ApiError, and the API key prompt on 401.

const keyStorage = 'dramagen.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let pendingPrompt = null;

/** Shows the key dialog once, however many requests were refused at the same time. */
function askForKey(reason) {
  pendingPrompt ??= new Promise(resolve => {
    const dialog = document.getElementById('key-dialog');
    const input = document.getElementById('key-input');
    document.getElementById('key-reason').textContent = reason;
    input.value = '';
    dialog.addEventListener('close', () => {
      const key = input.value.trim();
      pendingPrompt = null;
      if (key) sessionStorage.setItem(keyStorage, key);
      resolve(key);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
  return pendingPrompt;
}

export async function api(method, path, body) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const key = sessionStorage.getItem(keyStorage);
    const headers = { Accept: 'application/json' };
    if (key) headers['X-API-Key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) {
      if (key) sessionStorage.removeItem(keyStorage);
      const entered = await askForKey(key ? 'That key was not accepted. Try another one.' : 'This service needs an API key.');
      if (!entered) throw new ApiError(401, { detail: 'An API key is required.' });
      continue;
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = { detail: text.slice(0, 200) }; }
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  throw new ApiError(401, { detail: 'An API key is required.' });
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});

/** Path segments are ids from the service; encode them anyway. */
export const seg = value => encodeURIComponent(value);
