# pv/forkwait.s - the paravirtual build of ../forkwait.s, for hv's `pv` technique (Xen's way): the same
# source with PARAVIRT set, so its privileged operations are hypercalls and stores in the
# page it shares with the hypervisor (samples/kernel/paravirt.s).
#
# expect-technique: pv
# expect-exit: 0
# expect-output:
# | forkwait: 1000 processes forked and waited for

.equ PARAVIRT, 1
.include "../forkwait.s"
