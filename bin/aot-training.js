// The training run behind vmsh's start-up cache (see ../vmsh): it touches what a
// typical script touches (printing, assembling, machines and their runs, hooks, paging
// views, tables, the hypervisor), so those classes come ready-made from the cache. It
// writes no file. Failures are fine here; only the classes loaded matter.
const guest = asm`
        .text
        .globl _start
_start: li   a0, 0
        li   t0, 10
loop:   add  a0, a0, t0
        la   t1, sum
        sw   a0, 0(t1)
        lw   a1, 0(t1)
        addi t0, t0, -1
        bnez t0, loop
        li   t0, 0x100000
        li   t1, 0x5555
        sw   t1, 0(t0)
        .data
sum:    .word 0
`;

const steps = [
  () => print(1 + 1, 'two', [1, 2], {a: 1}, null, undefined, 1.5, -3, true, 10n),
  () => print(hex(0x80000000), seed(), args.length),
  () => print(asm('_start: li t0, 0x100000\n li t1, 0x5555\n sw t1, 0(t0)\n')),
  () => {
    const m = machine({memory: '16M', tlb: {entries: 16, ways: 4}});
    m.load(guest);
    const r = m.run({insns: 1000});
    print(r, r.reason, r.insns, r.cycles, r.exitCode, r.message);
    print(m.regs.a0, hex(m.pc), m.privilege, m.console.text, String(m.regs));
    print(m.stats(), m.stats().tlb, m.csr('mstatus'), m.mem.read32(0x80000000));
    Object.assign(m.regs, {a0: 1, a1: 2});
    m.mem.write32(0x80100000, 0x12345678);
    print(m.translate(0x80000000), m.tlb(), m.pagetable());
  },
  () => {   // the translator (ASM and the block compiler) at its first hot loop
    const m = machine({memory: '1M', jit: 1, history: false});
    m.load(guest);
    print(m.run({insns: 200}));
  },
  () => {
    const m = machine();
    m.load(guest);
    let n = 0;
    const h = m.on('insn', c => { n++; if (n === 5) print(c.pc, c.insn, c.regs.a0); });
    m.on('write', c => { if (c.value === 10) print(c.address, c.value, c.width); });
    m.on('trap', c => print(c.name));
    const b = m.break(0x80000008);
    print(m.run({insns: 100}), m.step(), m.hooks());
    h.remove();
    b.remove();
    m.watch(0x80001000, {access: 'w'});
    print(m.run({insns: 1000}), n);
  },
  () => print(table([{va: 0x40000000, pa: 0x80400000, flags: 'rw'}, {va: 0x40001000, pa: 0x80401000, flags: 'r'}])),
  () => print(table([[1, 2], [3, 4]])),
  () => print(heatmap(['free', 'used', 'shared', 'free'])),
  () => print(plot({title: 't', x: [1, 2], series: {a: [3, 4]}})),   // drawn only by save(): not here
  () => help(),
  () => help(machine()),
  () => {
    hv.configure({memory: '64M'});
    const vm = hv.create({name: 'training', memory: '16M', technique: 'hw'});
    vm.load(guest);
    print(hv.run({cycles: 1e5}), vm.stats(), hv.stats());
  },
  () => readFile('aot-training.js').length,
  () => { throw new RangeError('a script error'); },
  () => machine({memory: 'lots'}),
];
for (const step of steps) {
  try { step(); } catch (e) { print(String(e)); }
}
try { null.x; } catch (e) { print(e.message); }
