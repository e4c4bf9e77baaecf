package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import vmsh.hv.Vm;
import vmsh.hv.sbi.BalloonExtension;
import vmsh.memsched.Balloon;
import vmsh.memsched.Knob;
import vmsh.shell.Sizes;

/**
 * {@code vm.balloon}: the VMM's side of the VM's balloon. Setting {@code target} asks the
 * guest's balloon driver (samples/kernel/balloon.s) to give that much memory back; the
 * driver picks the pages, polling the target from its timer tick (or between passes), 32
 * pages a call. Sizes in bytes; set them as '16M' or a number.
 */
final class JsBalloon extends ApiObject {
    static final ApiType<JsBalloon> TYPE = ApiType.<JsBalloon>of("balloon", "vm.balloon",
                    "A VM's memory balloon: `vm.balloon.target = '16M'` asks the guest's driver to give 16 MiB back; `vm.balloon.size` is what it gave.")
            .property("target", "bytes the driver should hold: the larger of yours and the memory scheduler's, at most limit; assign a size ('16M', 0) to set yours", b -> pages(b.balloon().target()), JsBalloon::setTarget)
            .property("size", "bytes the driver has given back (the VM's ballooned pages)", b -> pages(b.balloon().size()))
            .property("requested", "your target in bytes", b -> pages(b.balloon().requested()))
            .property("reclaim", "the memory scheduler's target in bytes (set from the soft free-memory state on)", b -> pages(b.balloon().reclaimTarget()))
            .property("limit", "the largest balloon in bytes (balloonMax of the VM's memory, by default " + MemoryKnobs.percent(Knob.BALLOON_MAX) + ")", b -> pages(b.balloon().limit()))
            .property("driver", "true once the guest's driver has probed the balloon or asked its target", b -> b.balloon().driverPresent())
            .property("calls", "balloon calls (SBI VMSH_BALLOON) the driver made", b -> b.ext().calls())
            .property("inflated", "pages the driver gave up so far", b -> b.ext().inflated())
            .property("deflated", "pages the driver took back so far", b -> b.ext().deflated());

    private final Vm vm;

    JsBalloon(ScriptHost host, Vm vm) {
        super(host);
        this.vm = vm;
    }

    @Override ApiType<?> type() { return TYPE; }

    private Balloon balloon() { return vm.memory().balloon(); }

    private BalloonExtension ext() { return vm.balloon(); }

    private static long pages(int n) { return (long) n << 12; }

    private void setTarget(Value v) {
        long bytes = v != null && v.isNumber() && v.fitsInLong() && v.asLong() == 0 ? 0 : Args.size(v, "balloon.target");
        if (bytes % 4096 != 0) throw JsError.range("balloon.target " + bytes + " must be a multiple of 4096 bytes");
        long max = vm.guest().size();
        if (bytes > max) throw JsError.range("balloon.target " + Sizes.format(bytes) + " exceeds VM '" + vm.name() + "' memory " + Sizes.format(max));
        balloon().setTarget((int) (bytes >>> 12));
    }

    @Override public String toString() {
        Balloon b = balloon();
        return String.format("balloon of VM %s: %s of target %s (limit %s), driver %s, %d calls", vm.name(), mib(b.size()),
                mib(b.target()), mib(b.limit()), b.driverPresent() ? "present" : "not seen", ext().calls());
    }

    private static String mib(int pages) { return String.format("%.1f MiB", pages / 256.0); }
}
