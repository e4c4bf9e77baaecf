// tlb-sweep.js: one point of a TLB study, made to be swept (vmsh sweep) and run alone.
//
// A small S-mode guest loads from `pages` pages of a data region in a random order (under
// Sv32, one 4 KiB page per leaf entry) through a TLB of `entries` entries, `ways`-way set
// associative, replacing by `policy` ('lru' or 'random'). The order of the accesses and the
// random replacement both come from the run's seed, so repeated seeds show the spread.
// The script reports misses, miss rate and walk references with result({...}).
//
//   ./vmsh run scripts/tlb-sweep.js                         one point, the defaults below
//   ./vmsh sweep scripts/tlb-sweep.js --param entries=8,32 --param pages=4..64:4 \
//         --param policy=lru,random --param seed=1..5 --out runs/tlb
//   ./vmsh sweep --collect runs/tlb --x pages --y missRate --group entries,policy --plot tlb.png

const entries = params.entries ?? 32, ways = params.ways ?? 4, policy = params.policy ?? 'lru';
const pages = params.pages ?? 48, accesses = params.accesses ?? 4000;

const ROOT = 0x80100000, LEAF = 0x80101000, ORDER = 0x80200000, DATA_PA = 0x80400000, DATA_VA = 0x40000000;
const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_A = 64, PTE_D = 128;
const pte = (pa, flags) => ((pa >>> 12) << 10 | flags) >>> 0;

const guest = asm`
        .globl _start
_start: csrw satp, a1            # a1: satp (set from JavaScript)
        sfence.vma
        li   t0, 0x1800          # mstatus.MPP = S
        csrc mstatus, t0
        li   t0, 0x800
        csrs mstatus, t0
        la   t0, walk
        csrw mepc, t0
        mret
walk:   lw   t1, 0(a0)           # a0: the next address to load from, a2: accesses left
        lw   t2, 0(t1)
        addi a0, a0, 4
        addi a2, a2, -1
        bnez a2, walk
        li   t1, 0x100000        # the test finisher: exit 0
        li   t2, 0x5555
        sw   t2, 0(t1)
`;

const m = machine({memory: '16M', tlb: {entries, ways, policy}});
m.load(guest);
// the root: megapages for the devices and for code and the access order; the data through one leaf table
m.mem.write32(ROOT + 4 * 0x000, pte(0x00000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
m.mem.write32(ROOT + 4 * 0x200, pte(0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D));
m.mem.write32(ROOT + 4 * (DATA_VA >>> 22), pte(LEAF, PTE_V));
for (let i = 0; i < pages; i++) m.mem.write32(LEAF + 4 * i, pte(DATA_PA + 4096 * i, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
for (let i = 0; i < accesses; i++) m.mem.write32(ORDER + 4 * i, DATA_VA + 4096 * Math.floor(Math.random() * pages));
Object.assign(m.regs, {a0: ORDER, a1: (0x80000000 | (ROOT >>> 12)) >>> 0, a2: accesses});
const r = m.run({insns: 1e6});
if (r.reason !== 'halt') throw new Error('guest did not finish: ' + r.message);

const t = m.stats().tlb;
const missRate = Math.round(10000 * t.misses / accesses) / 10000;   // per data access (code and the order hit megapages)
result({misses: t.misses, missRate, walkRefs: t.walkReferences});
print(`${entries}-entry ${ways}-way ${policy} TLB, ${pages} pages in random order, seed ${seed()}:`,
      `${t.misses} misses in ${accesses} loads (miss rate ${missRate}), ${t.walkReferences} walk references`);
