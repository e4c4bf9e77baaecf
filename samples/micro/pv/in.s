# pv/in.s - the paravirtual build of ../in.s, for hv's `pv` technique (Xen's way): the same
# source with PARAVIRT set, so its privileged operations are hypercalls and stores in the
# page it shares with the hypervisor (samples/kernel/paravirt.s).
#
# expect-technique: pv
# expect-exit: 0
# expect-output:
# | in: 1000 device register reads

.equ PARAVIRT, 1
.include "../in.s"
