/**
 * Physical memory: RAM allocated a 4 KiB frame at a time on first use (copy-on-write frames
 * for snapshots), the bus that maps address ranges to RAM and devices and lets watchers see
 * stores, the {@link vmsh.mem.Device} interface, and the memory map of QEMU's virt machine
 * ({@link vmsh.mem.MemoryMap}). It may import only state.
 */
package vmsh.mem;
