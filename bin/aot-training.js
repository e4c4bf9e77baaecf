// The training run behind vmsh's start-up cache (see ../vmsh): it touches what a
// typical script touches, so those classes come ready-made from the cache.
// Failures are fine here; only the classes loaded matter.
const steps = [
  () => print(1 + 1, 'two', [1, 2], {a: 1}),
  () => hex(0x80000000),
  () => machine({memory: '16M'}),
  () => asm`
        .text
        .globl _start
_start: li a0, 42
        li t0, 0x100000
        li t1, 0x5555
        sw t1, 0(t0)
`,
  () => {
    const m = machine({memory: '16M'});
    m.load(asm('_start: li t0, 0x100000\n li t1, 0x5555\n sw t1, 0(t0)\n'));
    print(m.run({insns: 1000}), m.regs.a0, m.pc, m.console.text);
    print(String(m.regs));
  },
];
for (const step of steps) {
  try { step(); } catch (e) { print(String(e)); }
}
try { null.x; } catch (e) { print(e.message); }
