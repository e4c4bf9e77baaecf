/**
 * The devices of QEMU's virt machine, one class each behind {@link vmsh.mem.Device}: the
 * UART 16550 console, the CLINT timer and software interrupts, the PLIC, the test finisher
 * and Spike's HTIF tohost. They may import mem and state; the machine wires them.
 */
package vmsh.dev;
