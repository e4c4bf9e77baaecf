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

# error codes (a0)
.equ SBI_SUCCESS,                   0
.equ SBI_ERR_FAILED,                -1
.equ SBI_ERR_NOT_SUPPORTED,         -2
.equ SBI_ERR_INVALID_PARAM,         -3
.equ SBI_ERR_DENIED,                -4
.equ SBI_ERR_INVALID_ADDRESS,       -5
