/**
 * Math in report text as Unicode, never raw TeX: the titles and labels that checks write use a
 * TeX-like shorthand (`q_{k,l}`, `Ω_2`, `η^{−γ}`, `\lambda`), which a reader should see set as
 * math: `qₖ,ₗ`, `Ω₂`, `η⁻ᵞ`, `λ`. A sub- or superscript whose characters all have Unicode
 * sub/superscript forms is set with them; one that has none (`x_{max}`: no subscript `x`… is fine,
 * but e.g. `_{\Delta}`) keeps a readable fallback, `x₍Δ₎` for subscripts and `x^(…)` for
 * superscripts, so no brace or backslash of TeX ever reaches the page.
 */

const SUB: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
  '−': '₋',
  '=': '₌',
  '(': '₍',
  ')': '₎',
  a: 'ₐ',
  e: 'ₑ',
  h: 'ₕ',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  l: 'ₗ',
  m: 'ₘ',
  n: 'ₙ',
  o: 'ₒ',
  p: 'ₚ',
  r: 'ᵣ',
  s: 'ₛ',
  t: 'ₜ',
  u: 'ᵤ',
  v: 'ᵥ',
  x: 'ₓ',
  β: 'ᵦ',
  γ: 'ᵧ',
  ρ: 'ᵨ',
  φ: 'ᵩ',
  χ: 'ᵪ',
  ',': ',',
  ' ': ' ',
  '*': '*',
};

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '−': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  a: 'ᵃ',
  b: 'ᵇ',
  c: 'ᶜ',
  d: 'ᵈ',
  e: 'ᵉ',
  f: 'ᶠ',
  g: 'ᵍ',
  h: 'ʰ',
  i: 'ⁱ',
  j: 'ʲ',
  k: 'ᵏ',
  l: 'ˡ',
  m: 'ᵐ',
  n: 'ⁿ',
  o: 'ᵒ',
  p: 'ᵖ',
  r: 'ʳ',
  s: 'ˢ',
  t: 'ᵗ',
  u: 'ᵘ',
  v: 'ᵛ',
  w: 'ʷ',
  x: 'ˣ',
  y: 'ʸ',
  z: 'ᶻ',
  α: 'ᵅ',
  β: 'ᵝ',
  γ: 'ᵞ',
  δ: 'ᵟ',
  ε: 'ᵋ',
  θ: 'ᶿ',
  φ: 'ᵠ',
  χ: 'ᵡ',
  '*': '*',
  ' ': ' ',
  ',': '˒',
};

/** TeX names of the Greek letters and symbols the checks use. */
const MACROS: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  Delta: 'Δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  eta: 'η',
  theta: 'θ',
  kappa: 'κ',
  lambda: 'λ',
  Lambda: 'Λ',
  mu: 'μ',
  nu: 'ν',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Omega: 'Ω',
  infty: '∞',
  cdot: '·',
  times: '×',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  to: '→',
  approx: '≈',
  pm: '±',
  lceil: '⌈',
  rceil: '⌉',
  cup: '∪',
  in: '∈',
};

function script(body: string, table: Record<string, string>, open: string, close: string): string {
  const chars = [...body];
  return chars.every((c) => table[c] !== undefined) ? chars.map((c) => table[c]).join('') : `${open}${body}${close}`;
}

/**
 * Text with TeX-like math set as Unicode.
 * @example mathText('q_{k,l}/q_k') // 'qₖ,ₗ/qₖ'
 * @example mathText('η^{−γ}') // 'η⁻ᵞ'
 * @example mathText('Ω_2 ∪ Ω_3') // 'Ω₂ ∪ Ω₃'
 */
export function mathText(s: string): string {
  let out = s.replace(/\\([A-Za-z]+)/g, (m, name: string) => MACROS[name] ?? name);
  // Braced scripts first, then single-character ones (`Ω_2`, `x^2`, `λ_k`); a lone `_` between
  // words (`sharp_share`, an identifier) is left alone: only a letter/symbol/digit/closing bracket
  // followed by `_x` and then a non-word character, or a braced group, is a script.
  out = out.replace(/_\{([^{}]*)\}/g, (_m, b: string) => script(b, SUB, '₍', '₎'));
  out = out.replace(/\^\{([^{}]*)\}/g, (_m, b: string) => script(b, SUP, '^(', ')'));
  out = out.replace(/([^\s\w]|[A-Za-zΑ-Ωα-ω)])_([0-9A-Za-zα-ω*])(?![A-Za-z0-9_])/gu, (m, base: string, c: string) =>
    SUB[c] !== undefined ? `${base}${SUB[c]}` : m,
  );
  out = out.replace(/([^\s^]|[)])\^([0-9A-Za-zα-ω*−-])(?![A-Za-z0-9])/gu, (m, base: string, c: string) =>
    SUP[c] !== undefined ? `${base}${SUP[c]}` : m,
  );
  return out;
}
