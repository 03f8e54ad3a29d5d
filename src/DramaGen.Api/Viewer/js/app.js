import { showList } from './list.js';
import { showDrama } from './drama.js';

const root = document.getElementById('app');
let view = null;

function route() {
  view?.dispose?.();
  const match = location.hash.match(/^#\/dramas\/([A-Za-z0-9_-]{1,64})$/);
  view = match ? showDrama(root, match[1]) : showList(root);
}

window.addEventListener('hashchange', route);
route();
