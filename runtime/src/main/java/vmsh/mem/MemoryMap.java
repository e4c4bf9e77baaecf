package vmsh.mem;

/**
 * The physical memory map, the same as QEMU's {@code virt} machine so a guest runs there
 * too.
 *
 * <pre>
 * 0x0000_1000  boot ROM (reset vector)
 * 0x0010_0000  test finisher (0x5555 pass, (code&lt;&lt;16)|0x3333 fail)
 * 0x0200_0000  ACLINT / CLINT (msip, mtimecmp, mtime)
 * 0x0C00_0000  PLIC
 * 0x1000_0000  UART 16550
 * 0x1000_1000  virtio-mmio / paravirtual devices, 0x1000 apart
 * 0x8000_0000  RAM (images load here)
 * </pre>
 */
public final class MemoryMap {
    public static final int BOOT_ROM = 0x0000_1000, BOOT_ROM_SIZE = 0x1000;
    public static final int FINISHER = 0x0010_0000, FINISHER_SIZE = 0x1000;
    public static final int CLINT = 0x0200_0000, CLINT_SIZE = 0x1_0000;
    public static final int PLIC = 0x0C00_0000, PLIC_SIZE = 0x400_0000;
    public static final int UART = 0x1000_0000, UART_SIZE = 0x100;
    public static final int VIRTIO = 0x1000_1000, VIRTIO_STRIDE = 0x1000;
    public static final int RAM = 0x8000_0000;

    private MemoryMap() {}
}
