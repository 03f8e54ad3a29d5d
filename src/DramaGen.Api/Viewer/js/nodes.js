// DAG node ids, as contract.md names them.
export const nodeIds = {
  portrait: c => `char_${c}`,
  characterAsset: (c, a) => `char_asset_${c}_${a}`,
  episode: e => `ep_${e}`,
  storyboard: (e, s) => `scene_${e}_${s}`,
  sceneAsset: (e, s, a) => `scene_asset_${e}_${s}_${a}`,
  line: (e, s, l) => `line_${e}_${s}_${l}`,
};

/** What the drama document says about each node: its file and, for assets, its status. */
export function documentStates(drama) {
  const states = new Map();
  const fromUrl = url => ({ url: url ?? null, status: url ? 'completed' : 'pending' });
  for (const c of drama.characters ?? []) {
    states.set(nodeIds.portrait(c.id), fromUrl(c.imageUrl));
    for (const a of c.assets ?? []) states.set(nodeIds.characterAsset(c.id, a.id), { url: a.url ?? null, status: a.status ?? 'pending' });
  }
  for (const e of drama.episodes ?? []) {
    for (const s of e.scenes ?? []) {
      states.set(nodeIds.storyboard(e.id, s.id), fromUrl(s.imageUrl));
      for (const a of s.assets ?? []) states.set(nodeIds.sceneAsset(e.id, s.id, a.id), { url: a.url ?? null, status: a.status ?? 'pending' });
      for (const l of s.lines ?? []) states.set(nodeIds.line(e.id, s.id, l.id), fromUrl(l.audioUrl));
    }
  }
  return states;
}
