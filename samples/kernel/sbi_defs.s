# sbi_defs.s - the SBI interface: the only names the M-mode shim and the S-mode kernel share.
#
# SBI (RISC-V Supervisor Binary Interface, spec v2.0) is how an S-mode kernel asks its
# firmware (or, inside a virtual machine, its hypervisor) for services.
#
# Calling convention: a7 = extension ID (EID), a6 = function ID (FID), a0..a5 = arguments,
# then `ecall` from S-mode. The call returns a0 = error code (SBI_SUCCESS or a negative
# SBI_ERR_*) and a1 = value. All other registers are preserved.
# The legacy extensions (EID 0x00..0x0F) are the exception: they return only a0.
#
# This file only defines names (.equ); it emits no code or data.

# Base extension: always present, tells what else is
.equ SBI_EXT_BASE,                  0x10
.equ SBI_BASE_GET_SPEC_VERSION,     0
.equ SBI_BASE_GET_IMPL_ID,          1
.equ SBI_BASE_GET_IMPL_VERSION,     2
.equ SBI_BASE_PROBE_EXTENSION,      3
.equ SBI_BASE_GET_MVENDORID,        4
.equ SBI_BASE_GET_MARCHID,          5
.equ SBI_BASE_GET_MIMPID,           6

# spec version word: major in bits 30:24, minor in bits 23:0
.equ SBI_SPEC_VERSION_MAJOR_SHIFT,  24
.equ SBI_SPEC_VERSION_MINOR_MASK,   0xFFFFFF
.equ SBI_SPEC_VERSION_2_0,          2 << 24

# Legacy console (v0.1): one byte per call, the byte (or -1) comes back in a0
.equ SBI_EXT_LEGACY_PUTCHAR,        0x01
.equ SBI_EXT_LEGACY_GETCHAR,        0x02

# TIME: one-shot timer for S-mode; the S timer interrupt (STIP) fires when time >= stime_value
.equ SBI_EXT_TIME,                  0x54494D45      # "TIME"
.equ SBI_TIME_SET_TIMER,            0               # a0 = stime_value low, a1 = high (RV32)

# DBCN (debug console): whole buffers given by physical address
.equ SBI_EXT_DBCN,                  0x4442434E      # "DBCN"
.equ SBI_DBCN_CONSOLE_WRITE,        0               # a0 = bytes, a1 = address low, a2 = high
.equ SBI_DBCN_CONSOLE_READ,         1               # same arguments; a1 = bytes done
.equ SBI_DBCN_CONSOLE_WRITE_BYTE,   2               # a0 = the byte

# SRST: system reset
.equ SBI_EXT_SRST,                  0x53525354      # "SRST"
.equ SBI_SRST_SYSTEM_RESET,         0               # a0 = reset type, a1 = reset reason
.equ SBI_SRST_TYPE_SHUTDOWN,        0
.equ SBI_SRST_TYPE_COLD_REBOOT,     1
.equ SBI_SRST_TYPE_WARM_REBOOT,     2
.equ SBI_SRST_REASON_NONE,          0
.equ SBI_SRST_REASON_SYSTEM_FAILURE, 1

# VMSH_BALLOON: vmsh's paravirtual memory balloon (firmware-specific EID range). Offered by
# the vmsh hypervisor to its guests; the bare-machine shim does not offer it (probe -> 0).
# Addresses are guest-physical and page-aligned; the batched forms take an array of 32-bit
# page addresses in guest memory. See balloon.s and README.md.
.equ SBI_EXT_VMSH_BALLOON,          0x0A000001
.equ VMSH_BALLOON_GET_TARGET,       0               # -> a1 = pages the balloon should hold
.equ VMSH_BALLOON_INFLATE,          1               # a0 = page address low, a1 = high
.equ VMSH_BALLOON_DEFLATE,          2               # a0 = page address low, a1 = high
.equ VMSH_BALLOON_INFLATE_BATCH,    3               # a0 = count, a1 = array address low,
.equ VMSH_BALLOON_DEFLATE_BATCH,    4               #   a2 = high; -> a1 = pages done

# EXT_VMSH: the hypercalls of vmsh's paravirtual hypervisor (`pv`), for a kernel built for it
# (kernel-pv.s; see paravirt.s and README.md). Offered only there: probe -> 0 elsewhere.
# Every call first applies the multicall entries queued in the batch (count in the shared page).
.equ SBI_EXT_VMSH,                  0x0A00766D
.equ VMSH_SET_TRAP_VECTOR,          0               # a0 = the trap handler
.equ VMSH_RETURN,                   1               # sret: sepc, sstatus, a6, a7 from the shared page
.equ VMSH_SET_TIMER,                2               # a0 = time low, a1 = high; clears a pending one
.equ VMSH_MMU,                      3               # apply the queued batch; a1 = entries done
.equ VMSH_CONSOLE,                  4               # print what the console ring holds
.equ VMSH_IRQ,                      5               # take a pending, enabled interrupt now
.equ VMSH_BLOCK,                    6               # wait for an interrupt (wfi)
.equ VMSH_REGISTER_BATCH,           7               # a0 = batch address, a1 = entries it holds
# multicall entries: two words (ptr, val); ptr's low two bits say what
.equ VMSH_OP_PTE,                   0               # ptr = physical address of a PTE, val = the PTE
.equ VMSH_OP_FLUSH,                 1               # ptr |= (asid + 1) << 2 (0: all), val = address or -1
.equ VMSH_OP_SATP,                  2               # val = satp (the root's physical page number, not its machine one)
.equ VMSH_OP_RELEASE,               3               # val = physical page number of a root no longer used
.equ VMSH_OP_PIN,                   7               # (3 | 1 << 2) val = physical page number of a new root: its tables are validated from now on

# error codes (a0)
.equ SBI_SUCCESS,                   0
.equ SBI_ERR_FAILED,                -1
.equ SBI_ERR_NOT_SUPPORTED,         -2
.equ SBI_ERR_INVALID_PARAM,         -3
.equ SBI_ERR_DENIED,                -4
.equ SBI_ERR_INVALID_ADDRESS,       -5
