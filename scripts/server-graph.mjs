// Prints the import graph of server/modules (test files aside) as the floors docs/architecture.md
// shows: a module's floor is one above the highest module it imports, so every arrow points down.
// `node scripts/server-graph.mjs` — the lint rule (eslint.config.js) refuses a cycle; this draws.
import fs from 'node:fs';
import path from 'node:path';

const modulesDir = path.resolve('server/modules');
const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
const moduleOf = (file) => {
  const rel = path.relative(modulesDir, file).split(path.sep);
  return rel[0] === '..' || rel.length < 2 ? null : rel[0];
};

const graph = new Map(fs.readdirSync(modulesDir).map((name) => [name, new Set()]));
for (const file of walk(modulesDir)) {
  const from = moduleOf(file);
  for (const match of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
    const to = moduleOf(path.resolve(path.dirname(file), match[1]));
    if (from && to && to !== from) graph.get(from).add(to);
  }
}

const floors = new Map();
const floorOf = (name, trail = []) => {
  if (floors.has(name)) return floors.get(name);
  if (trail.includes(name)) throw new Error(`cycle: ${[...trail, name].join(' → ')}`);
  const below = [...graph.get(name)].map((dep) => floorOf(dep, [...trail, name]));
  const floor = below.length === 0 ? 0 : 1 + Math.max(...below);
  floors.set(name, floor);
  return floor;
};
for (const name of graph.keys()) floorOf(name);

const top = Math.max(...floors.values());
const arrows = [...graph.values()].reduce((n, deps) => n + deps.size, 0);
console.log(`${top + 1} floors, ${arrows} arrows, no cycle (floor 0 imports no module)`);
for (let floor = top; floor >= 0; floor--) {
  const names = [...floors].filter(([, f]) => f === floor).map(([name]) => name).sort();
  console.log(`\nfloor ${floor}`);
  for (const name of names) console.log(`  ${name.padEnd(14)}${graph.get(name).size ? `→ ${[...graph.get(name)].sort().join(', ')}` : ''}`);
}
