// esx-sharing.js - content-based page sharing as identical guests are added (Waldspurger,
// "Memory Resource Management in VMware ESX Server", OSDI 2002, section 4 and Figure 4).
//
// N = 1..10 VMs boot the same guest, samples/esx/filler.s: 16 zero pages, 16 pages with
// one common content, 16 pages whose content depends on their index (the same in every VM,
// like the pages of a shared OS image) and 16 private pages (each VM its own seed). When
// the guests are done the sharing scanner makes one full pass (hv.sharing.scan()), then
// the table shows, per N: guest pages touched, the pages backed by shared frames and by
// the zero frame, the frames left, and what sharing saves. The shape to look for: the
// savings grow with every VM added (each new VM's common pages cost nothing), and the zero
// pages are a fixed share of them (one zero frame serves all).

const image = asm(sample('esx/filler.s'));
const rows = [];
for (let n = 1; n <= 10; n++) {
  hv.configure({ memory: '64M', seed: 1 });
  const vms = [];
  for (let i = 0; i < n; i++) {
    const vm = hv.create({ name: 'vm' + i, memory: '8M', technique: 'hw' });
    vm.load(image, { params: { seed: i + 1 } });
    vms.push(vm);
  }
  hv.run({ cycles: 1e9 });
  if (!vms.every(vm => vm.state === 'halted' && vm.exitCode === 0)) throw new Error('a guest did not finish: ' + vms.map(v => v.message));
  hv.sharing.scan();
  const m = hv.memory;
  const touched = m.vms.reduce((s, v) => s + v.private + v.shared + v.zero, 0);
  const frames = m.private + m.sharedFrames + (m.zero > 0 ? 1 : 0);
  rows.push({ vms: n, touched, shared: m.shared, zero: m.zero, frames, saved: m.saved,
              savedPct: (100 * m.saved / touched).toFixed(1),
              zeroPctOfSaved: m.saved === 0 ? '0.0' : (100 * Math.max(0, m.zero - 1) / m.saved).toFixed(1) });
}
print('Page sharing with N identical guests (filler.s: 16 zero, 16 common, 16 indexed, 16 private pages each), in 4 KiB pages:');
print(table(rows));
const p = plot({ title: 'Content-based page sharing, N identical guests', x: rows.map(r => r.vms),
                 series: { 'guest pages': rows.map(r => r.touched), 'frames used': rows.map(r => r.frames),
                           'saved': rows.map(r => r.saved), 'saved by the zero page': rows.map(r => Math.max(0, r.zero - 1)) },
                 xLabel: 'VMs', yLabel: 'pages' });
p.save('esx-sharing.png');
print('plot saved: esx-sharing.png');
