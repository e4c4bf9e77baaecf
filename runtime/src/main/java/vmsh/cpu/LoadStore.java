package vmsh.cpu;

import static vmsh.cpu.Translations.LOAD;
import static vmsh.cpu.Translations.STORE;
import static vmsh.isa.Encoding.*;

import vmsh.mem.Bus;
import vmsh.mem.Ram;

/**
 * The loads and stores that left the fast loop: translation misses, untouched RAM (zeros),
 * devices, misaligned accesses (which succeed, byte by byte: both ends translate and are
 * mapped, or the access faults whole), unmapped addresses (access faults), the hypervisor's
 * guest-memory accesses (HLV, HLVX, HSV), and the debugger's physical reads and writes.
 * A store resets the decoded code it hits; a device store ends the chunk, since it may
 * raise an interrupt.
 *
 * <p>{@code n} is the running chunk's instruction count, published so devices see the time.
 */
final class LoadStore {
    private final Ram ram;
    private final int ramBase;
    private final Bus bus;
    private final Clock clock;
    private final Translations translations;
    private final DecodedCode code;
    private final Stops stops;
    /** Device accesses so far: a debugger call that changes it has disturbed the run. */
    long deviceAccesses;

    LoadStore(Bus bus, Clock clock, Translations translations, DecodedCode code, Stops stops) {
        this.ram = bus.ram();
        this.ramBase = ram.base();
        this.bus = bus;
        this.clock = clock;
        this.translations = translations;
        this.code = code;
        this.stops = stops;
    }

    int load(int va, int width, int n) {
        if ((va & (width - 1)) != 0) return loadMisaligned(va, width, n);
        int pa = translations.translateData(va, LOAD);
        if (ram.contains(pa)) translations.remember(translations.loadCache, va, pa);
        return loadPhysical(pa, width, n, va);
    }

    private int loadMisaligned(int va, int width, int n) {
        int last = va + width - 1;
        int pa0 = translations.translateData(va, LOAD);
        int pa1 = (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translations.translateData(last, LOAD);
        return loadSplit(va, width, pa0, pa1, n);
    }

    /** A misaligned load byte by byte, its first byte at {@code pa0} and its last at {@code pa1}. */
    private int loadSplit(int va, int width, int pa0, int pa1, int n) {
        int last = va + width - 1;
        if (!bus.mapped(pa0) || !bus.mapped(pa1)) throw new Trap(CAUSE_LOAD_ACCESS, va);
        int v = 0;
        for (int i = 0; i < width; i++) {
            int a = va + i;
            int pa = (a ^ va) >>> 12 == 0 ? pa0 + i : pa1 - (last - a);
            v |= loadPhysical(pa, 1, n, va) << (8 * i);
        }
        return v;
    }

    /** A naturally aligned physical load; an unmapped address faults with tval {@code va}. */
    private int loadPhysical(int pa, int width, int n, int va) {
        if (ram.contains(pa)) return ram.load(pa - ramBase, width);
        Bus.Mapping m = bus.device(pa);
        if (m == null) throw new Trap(CAUSE_LOAD_ACCESS, va);
        clock.inFlight(n - 1);
        deviceAccesses++;
        return m.device().load(pa - m.base(), width);
    }

    void store(int va, int width, int value, int n) {
        if ((va & (width - 1)) != 0) {
            storeMisaligned(va, width, value, n);
            return;
        }
        int pa = translations.translateData(va, STORE);
        if (ram.contains(pa)) translations.remember(translations.storeCache, va, pa);
        storePhysical(pa, width, value, n, va);
    }

    private void storeMisaligned(int va, int width, int value, int n) {
        int last = va + width - 1;
        int pa0 = translations.translateData(va, STORE);
        int pa1 = (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translations.translateData(last, STORE);
        storeSplit(va, width, value, pa0, pa1, n);
    }

    /** A misaligned store byte by byte, its first byte at {@code pa0} and its last at {@code pa1}. */
    private void storeSplit(int va, int width, int value, int pa0, int pa1, int n) {
        int last = va + width - 1;
        if (!bus.mapped(pa0) || !bus.mapped(pa1)) throw new Trap(CAUSE_STORE_ACCESS, va);
        for (int i = 0; i < width; i++) {
            int a = va + i;
            int pa = (a ^ va) >>> 12 == 0 ? pa0 + i : pa1 - (last - a);
            storePhysical(pa, 1, value >>> (8 * i), n, va);
        }
    }

    /** A naturally aligned physical store; a device store ends the chunk (it may raise an interrupt). */
    private void storePhysical(int pa, int width, int value, int n, int va) {
        if (ram.contains(pa)) {
            storeRam(pa, width, value, n);
            return;
        }
        Bus.Mapping m = bus.device(pa);
        if (m == null) throw new Trap(CAUSE_STORE_ACCESS, va);
        clock.inFlight(n - 1);
        deviceAccesses++;
        m.device().store(pa - m.base(), width, value);
        stops.endChunk = true;
        if (stops.haltRequested) throw HaltSignal.INSTANCE;
    }

    /** A store into RAM: resets the decoded slot it hits; a watcher of the address (tohost) sees it. */
    void storeRam(int pa, int width, int value, int n) {
        int off = pa - ramBase;
        ram.store(off, width, value);
        Bus.Mapping w = bus.watcher(pa);
        code.stored(off, w != null);
        if (w != null) {
            clock.inFlight(n - 1);
            w.device().store(pa - w.base(), width, value);
            if (stops.haltRequested) throw HaltSignal.INSTANCE;
        }
    }

    // ---------------------------------------------------------------- guest memory (HLV, HLVX, HSV)

    /** A guest-memory load of an HLV ({@code check} LOAD) or HLVX ({@code check} FETCH: execute permission). */
    int loadVirtual(int va, int width, int check, int n) {
        int pa0 = translations.translateVirtual(va, check);
        if ((va & (width - 1)) == 0) return loadPhysical(pa0, width, n, va);
        int last = va + width - 1;
        return loadSplit(va, width, pa0, (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translations.translateVirtual(last, check), n);
    }

    void storeVirtual(int va, int width, int value, int n) {
        int pa0 = translations.translateVirtual(va, STORE);
        if ((va & (width - 1)) == 0) {
            storePhysical(pa0, width, value, n, va);
            return;
        }
        int last = va + width - 1;
        storeSplit(va, width, value, pa0, (last ^ va) >>> 12 == 0 ? pa0 + width - 1 : translations.translateVirtual(last, STORE), n);
    }

    // ---------------------------------------------------------------- debugger access

    /** Reads physical memory like a load (devices included); throws naming the address when unmapped. */
    int readPhysical(int pa, int width) {
        checkWidth(width);
        try {
            int n = clock.inFlight() + 1;   // a debugger may read in the middle of a chunk: its time is the chunk's
            if ((pa & (width - 1)) == 0) return loadPhysical(pa, width, n, pa);
            if (!bus.mapped(pa + width - 1)) throw new Trap(CAUSE_LOAD_ACCESS, pa);
            int v = 0;
            for (int i = 0; i < width; i++) v |= loadPhysical(pa + i, 1, n, pa) << (8 * i);
            return v;
        } catch (Trap t) {
            throw new IllegalArgumentException(String.format("address 0x%08x is not mapped", pa));
        }
    }

    /** Writes physical memory like a store (decoded code it hits is reset). */
    void writePhysical(int pa, int width, int value) {
        checkWidth(width);
        boolean chunkEnding = stops.endChunk;   // a debugger may write in the middle of a chunk
        try {
            int n = clock.inFlight() + 1;
            if (!bus.mapped(pa) || !bus.mapped(pa + width - 1)) throw new Trap(CAUSE_STORE_ACCESS, pa);
            if ((pa & (width - 1)) == 0) storePhysical(pa, width, value, n, pa);
            else for (int i = 0; i < width; i++) storePhysical(pa + i, 1, value >>> (8 * i), n, pa);
        } catch (Trap t) {
            throw new IllegalArgumentException(String.format("address 0x%08x is not mapped", pa));
        } catch (HaltSignal h) {
            // the write reached a device that halts the machine; the next run reports it
        } finally {
            stops.endChunk = chunkEnding;
        }
    }

    private static void checkWidth(int width) {
        if (width != 1 && width != 2 && width != 4)
            throw new IllegalArgumentException("access width " + width + " must be 1, 2 or 4");
    }
}
