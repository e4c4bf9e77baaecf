// lightvm.js - how long creating one more VM takes as a host fills up (Manco et al., "My VM
// is Lighter (and Safer) than your Container", SOSP 2017).
//
// An echo server (samples/tiny/echo.s) is booted once and left idle; hv.spawn then makes
// VMs from it, one method at a time, on a fresh host each: 'clone' (memory shared
// copy-on-write, vCPU and devices copied), 'boot' (its image loaded and run to the same
// point) and 'copy' (memory copied eagerly), each announced through a central store
// (XenStore: every write is checked against a watch per VM, so the cost grows with the
// VMs) or through per-VM shared pages (noxs: constant). The time is simulated host time,
// in cycles at 1 GHz: the hypervisor's work, the control plane's and, for a boot, the
// guest's run. LightVM's figure: the store's line climbs with the number of VMs, noxs's
// stays flat, and cloning a booted VM beats booting one.

const echo = asm(sample('tiny/echo.s'));
const POINTS = [0, 100, 200, 400, 600, 800, 1000];
const METHODS = ['clone', 'boot', 'copy'], PLANES = ['store', 'noxs'];

// the time to create one more VM (ms of host time) when `running` VMs run already
function curve(method, controlPlane) {
  hv.configure({ memory: '256M' });
  const base = hv.create({ name: 'base', memory: '64K', technique: 'hw' });
  base.load(echo, { params: { idle_ticks: 0 } });
  base.run({ insns: 1e5 });
  const ms = [];
  for (const running of POINTS) {
    const missing = running - (hv.vms.length - 1);
    if (missing > 0) hv.spawn(base, missing, { method, controlPlane });
    const [vm] = hv.spawn(base, 1, { method, controlPlane });
    const row = hv.instantiation.find(r => r.method === method && r.controlPlane === controlPlane);
    ms.push(row.lastCycles / 1e6);
    if (vm.console.text !== base.console.text) throw new Error(`${method}: ${vm.name} is not where the template is`);
  }
  const row = hv.instantiation[0];
  return { ms, row };
}

const series = {}, summary = [];
for (const method of METHODS)
  for (const controlPlane of PLANES) {
    const { ms, row } = curve(method, controlPlane);
    series[`${method}/${controlPlane}`] = ms;
    summary.push({ method, controlPlane, vms: row.vms, 'ms/VM': row.msPerVm, 'control plane ms/VM': row.controlPlaneCyclesPerVm / 1e6,
                   'KiB/VM': (row.bytesPerVm / 1024).toFixed(1) });
  }

print('Creating one more VM with N VMs running (simulated ms of host time):');
print(table(POINTS.map((n, i) => Object.fromEntries([['running', n], ...Object.keys(series).map(k => [k, series[k][i].toFixed(3)])]))));
print();
print('Per VM over all the VMs each way made:');
print(table(summary));
print();
const at = n => POINTS.indexOf(n);
const grows = k => series[k][at(1000)] / series[k][at(0)];
print(`store: ${grows('clone/store').toFixed(1)}x slower at 1000 VMs than on an empty host; noxs: ${grows('clone/noxs').toFixed(1)}x`);
print(`at 1000 VMs a clone over noxs takes ${(series['clone/noxs'][at(1000)] * 1000).toFixed(1)} us, a boot over the store ${series['boot/store'][at(1000)].toFixed(2)} ms`);
plot({ title: 'Creating a VM as the host fills up (LightVM)', x: POINTS, series, xLabel: 'VMs running', yLabel: 'ms of host time' })
  .save('lightvm.png');
print('plot saved: lightvm.png');
