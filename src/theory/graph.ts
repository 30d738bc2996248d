/**
 * The typical transition graph G (THEORY.md §4; ICLR §2.3): edge m_i → m_j iff l_{i,j} = l*_i, i.e.
 * the cheapest exits of basin i can land in basin j. Its communication classes decide whether the
 * Markov-chain limit (Theorem 2) holds on all widest minima (G irreducible) or per absorbing class.
 */
import type { Geometry } from './geometry.ts';

/** A communication class of G (1-based minima indices, ascending). */
export interface CommunicationClass {
  readonly members: readonly number[];
  /** Closed: no edge of G leaves the class (it absorbs the limiting chain). */
  readonly absorbing: boolean;
}

/** G with its classes. */
export interface TransitionGraph {
  /** Edges as 1-based pairs [i, j], i ≠ j. */
  readonly edges: readonly (readonly [number, number])[];
  /** Adjacency, 0-based: adjacency[i][j] iff m_{i+1} → m_{j+1}. */
  readonly adjacency: readonly (readonly boolean[])[];
  readonly classes: readonly CommunicationClass[];
  /** One class containing every minimum. */
  readonly irreducible: boolean;
  /** adjacency equals its transpose. */
  readonly symmetric: boolean;
}

/**
 * Builds G from the jump numbers: m_i → m_j iff l_{i,j} = l*_i (THEORY.md §4, ICLR Def. of 𝒢).
 * Pure; no errors. A basin with l* = ∞ (single basin) has no edges.
 */
export function transitionGraph(geometry: Geometry): TransitionGraph {
  const n = geometry.basins.length;
  const adjacency = geometry.jumpNumbers.map((row, i) =>
    row.map((l, j) => j !== i && l === geometry.basins[i].jumpsNeeded && l !== Infinity),
  );
  return graphFromAdjacency(adjacency, n);
}

/** G from an adjacency matrix (0-based); used by tests and by the rate-based check of markov.ts. */
export function graphFromAdjacency(adjacency: boolean[][], n = adjacency.length): TransitionGraph {
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (adjacency[i][j]) edges.push([i + 1, j + 1]);
  // Reachability closure (n is small: Floyd–Warshall on booleans).
  const reach = adjacency.map((row, i) => row.map((e, j) => e || i === j));
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) if (reach[i][k]) for (let j = 0; j < n; j++) if (reach[k][j]) reach[i][j] = true;
  const classOf = new Array<number>(n).fill(-1);
  const classes: CommunicationClass[] = [];
  for (let i = 0; i < n; i++) {
    if (classOf[i] >= 0) continue;
    const members: number[] = [];
    for (let j = 0; j < n; j++) if (reach[i][j] && reach[j][i]) members.push(j);
    for (const j of members) classOf[j] = classes.length;
    const absorbing = members.every((a) =>
      adjacency[a].every((e, c) => !e || classOf[c] === classOf[a] || members.includes(c)),
    );
    classes.push({ members: members.map((j) => j + 1), absorbing });
  }
  let symmetric = true;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (adjacency[i][j] !== adjacency[j][i]) symmetric = false;
  return { edges, adjacency, classes, irreducible: classes.length === 1, symmetric };
}

/**
 * G drawn as text, one line per minimum: `m2 (l*=2) → m1, m3`, then the classes.
 */
export function drawGraph(graph: TransitionGraph, jumpsNeeded: readonly number[]): string {
  const lines = graph.adjacency.map((row, i) => {
    const targets = row.map((e, j) => (e ? `m${j + 1}` : '')).filter((s) => s !== '');
    return `  m${i + 1} (l*=${jumpsNeeded[i]}) → ${targets.length ? targets.join(', ') : '(none)'}`;
  });
  const classes = graph.classes.map(
    (c) => `{${c.members.map((m) => `m${m}`).join(', ')}} ${c.absorbing ? 'absorbing' : 'transient'}`,
  );
  lines.push(`  classes: ${classes.join('; ')}${graph.irreducible ? ' (irreducible)' : ''}`);
  return lines.join('\n');
}
