import type { Scene, SceneNode } from '../layout/scene.js'

/**
 * A phased scene holds one copy of each node per panel: wires name a node by
 * id within their panel. Returns each copy with its index in `scene.nodes`
 * (the exports' cell ids, `n${index}`, are safe to write in any format).
 */
export function nodeLookup(scene: Scene): (id: string, panel: number) => { node: SceneNode; cell: string } {
  const byKey = new Map(scene.nodes.map((node, i) => [`${node.panel}\u0000${node.id}`, { node, cell: `n${i}` }]))
  return (id, panel) => byKey.get(`${panel}\u0000${id}`)!
}
