// DAG node ids, as contract.md names them.
export const nodeIds = {
  portrait: c => `char_${c}`,
  characterAsset: (c, a) => `char_asset_${c}_${a}`,
  episode: e => `ep_${e}`,
  storyboard: (e, s) => `scene_${e}_${s}`,
  sceneAsset: (e, s, a) => `scene_asset_${e}_${s}_${a}`,
  line: (e, s, l) => `line_${e}_${s}_${l}`,
  view: (c, v) => `char_view_${c}_${v}`,
  endFrame: (e, s) => `scene_end_${e}_${s}`,
  transitionFrame: (e, s) => `scene_trans_${e}_${s}`,
};

/**
 * The views of a character's sheet: those the drama holds and those the plan will make. A view node depends
 * on its portrait alone, which tells it apart from another character's whose id shares the prefix.
 */
export function sheetViews(c, plan) {
  const prefix = nodeIds.view(c.id, '');
  const planned = (Array.isArray(plan) ? plan : [])
    .filter(node => node.kind === 'character_view' && node.id.startsWith(prefix)
      && node.dependsOn.length === 1 && node.dependsOn[0] === nodeIds.portrait(c.id))
    .map(node => node.id.slice(prefix.length));
  return [...new Set([...planned, ...Object.keys(c.views ?? {})])];
}

/** What the drama document says about each node: its file and, for assets, its status. */
export function documentStates(drama) {
  const states = new Map();
  const fromUrl = url => ({ url: url ?? null, status: url ? 'completed' : 'pending' });
  for (const c of drama.characters ?? []) {
    states.set(nodeIds.portrait(c.id), fromUrl(c.imageUrl));
    for (const [view, url] of Object.entries(c.views ?? {})) states.set(nodeIds.view(c.id, view), fromUrl(url));
    for (const a of c.assets ?? []) states.set(nodeIds.characterAsset(c.id, a.id), { url: a.url ?? null, status: a.status ?? 'pending' });
  }
  for (const e of drama.episodes ?? []) {
    for (const s of e.scenes ?? []) {
      states.set(nodeIds.storyboard(e.id, s.id), fromUrl(s.imageUrl));
      if (s.endFrame) states.set(nodeIds.endFrame(e.id, s.id), fromUrl(s.endFrame.imageUrl));
      if (s.transitionFrame) states.set(nodeIds.transitionFrame(e.id, s.id), fromUrl(s.transitionFrame.imageUrl));
      for (const a of s.assets ?? []) states.set(nodeIds.sceneAsset(e.id, s.id, a.id), { url: a.url ?? null, status: a.status ?? 'pending' });
      for (const l of s.lines ?? []) states.set(nodeIds.line(e.id, s.id, l.id), fromUrl(l.audioUrl));
    }
  }
  return states;
}
