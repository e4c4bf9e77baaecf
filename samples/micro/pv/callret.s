# pv/callret.s - the paravirtual build of ../callret.s, for hv's `pv` technique (Xen's way): the same
# source with PARAVIRT set, so its privileged operations are hypercalls and stores in the
# page it shares with the hypervisor (samples/kernel/paravirt.s).
#
# expect-technique: pv
# expect-exit: 0
# expect-output:
# | callret: 1000 calls and returns

.equ PARAVIRT, 1
.include "../callret.s"
