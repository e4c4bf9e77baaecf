/**
 * The firmware interface the hypervisor gives its guests: SBI v2.0 calls ({@code ecall}
 * with the extension in a7, the function in a6) dispatched from one table of extensions
 * ({@link vmsh.hv.sbi.Sbi}), with the names of the SBI specification ({@link
 * vmsh.hv.sbi.SbiIds}) and vmsh's paravirtual balloon ({@link
 * vmsh.hv.sbi.BalloonExtension}). What a call reaches in the VMM is the narrow {@link
 * vmsh.hv.sbi.SbiEnvironment}, which the hypervisor implements per VM and tests fake. It
 * may import hostmem and memsched (for the balloon); the rest of hv imports it, never the
 * other way round.
 */
package vmsh.hv.sbi;
