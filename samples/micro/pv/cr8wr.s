# pv/cr8wr.s - the paravirtual build of ../cr8wr.s, for hv's `pv` technique (Xen's way): the same
# source with PARAVIRT set, so its privileged operations are hypercalls and stores in the
# page it shares with the hypervisor (samples/kernel/paravirt.s).
#
# expect-technique: pv
# expect-exit: 0
# expect-output:
# | cr8wr: 1000 interrupt-mask writes

.equ PARAVIRT, 1
.include "../cr8wr.s"
