# server.s - a request/reply server for a cluster VM: a counter service on the paravirtual
# NIC, and a writable working set that it dirties at a set rate (the workload of Clark et
# al.'s live-migration experiments: a service whose memory keeps changing under it).
#
# An S-mode program built like the ESX workload guests (../esx): the teaching kernel's
# M-mode shim at _start for the bare machine, the program at kernel_entry on the next page
# for a hypervisor, the kernel's SBI wrappers and printing. It needs the cluster's NIC
# ("vnet", 0x1000_1000, PLIC source 1; see vmsh.dev.Nic): without one (the bare machine,
# QEMU) it says so and powers off.
#
# The counter service. A request is 16 bytes, four little-endian words, and so is a reply:
#   request   1 (INCREMENT) | client id | sequence number | 0
#   reply     2 (COUNTED)   | client id | sequence number | counter value
# For each client (ids 0..MAX_CLIENTS-1) the server remembers the last sequence number it
# counted and the value it answered, so that a client's retransmission is answered again
# without counting twice:
#   sequence = last + 1   count (counter += 1), remember, answer
#   sequence = last       answer again with the value remembered
#   anything else         ignored (a stale duplicate)
# The counter and that table are the service's state: a client that finds the values of
# all replies to be 1, 2, 3, ... each once saw every update exactly once.
#
# The working set: every period_ticks ticks of the timebase (10 MHz) the server writes one
# word in each of the next dirty_pages pages of its working set, round robin over ws_pages
# pages after its image, so in any stretch of time it dirties dirty_pages / period_ticks
# pages per tick, at most all ws_pages of them. In between it waits in wfi.
#
# Interrupts: the NIC's (external, through the PLIC: claim, serve every waiting packet,
# complete) and the timer's, taken in S-mode with sstatus.SIE set only while waiting.
#
# Parameters (.data words a script may patch with vm.load(image, {params})):
#   ws_pages      256    working-set pages (the VM needs them and the resident pages, plus about 64 KiB)
#   dirty_pages   8      pages written per period; 0: none
#   period_ticks  10000  ticks per period (10000 = 1 ms); 0: no timer
#   work          100    iterations of a 2-instruction loop per counted request
#   resident_pages 1024  pages after the working set written once at boot and never again
#                        (the memory a booted system holds: what a migration copies once)
#
# expect-exit: 0
# expect-output:
# | server: no vnet NIC at 0x10001000, nothing to serve

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "../kernel/riscv_defs.s"
.include "../kernel/kernel_defs.s"

# the NIC (vmsh.dev.Nic) and the PLIC context of S-mode (vmsh.dev.Plic, QEMU virt)
.equ NIC,               0x10001000
.equ NIC_MAGIC,         0x000
.equ NIC_ADDRESS,       0x004
.equ NIC_STATUS,        0x008
.equ NIC_IRQ_ENABLE,    0x00c
.equ NIC_RX_LENGTH,     0x010
.equ NIC_RX_SOURCE,     0x014
.equ NIC_RX_POP,        0x018
.equ NIC_TX_DEST,       0x020
.equ NIC_TX_LENGTH,     0x024
.equ NIC_TX_SEND,       0x028
.equ NIC_RX_BUFFER,     0x400
.equ NIC_TX_BUFFER,     0x800
.equ VNET_MAGIC,        0x74656e76
.equ NIC_SOURCE,        1
.equ PLIC,              0x0c000000
.equ PLIC_ENABLE_S,     0x002080    # enable bits of context 1 (S-mode)
.equ PLIC_THRESHOLD_S,  0x201000
.equ PLIC_CLAIM_S,      0x201004
.equ IRQ_S_EXT,         9
.equ CAUSE_LOAD_ACCESS, 5

.equ INCREMENT,         1
.equ COUNTED,           2
.equ MESSAGE_BYTES,     16
.equ MAX_CLIENTS,       16
.equ SERVER_STACK_SIZE, 4096

    .section .text
    .balign PAGE_SIZE                   # the program starts on a page of its own
    .globl kernel_entry
kernel_entry:
    la      sp, server_stack_top
    la      t0, server_trap
    csrw    stvec, t0
    csrw    sie, zero
    call    sbi_init
    li      t0, NIC
nic_probe:
    lw      t1, NIC_MAGIC(t0)           # on a machine with nothing there: an access fault
    li      t2, VNET_MAGIC
    bne     t1, t2, no_nic
    call    print_banner
    call    fill_resident
    call    plic_init
    li      t0, NIC
    li      t1, 1
    sw      t1, NIC_IRQ_ENABLE(t0)      # interrupt while a packet waits
    la      t0, period_ticks
    lw      t0, 0(t0)
    beqz    t0, 1f
    call    read_time
    la      t0, next_tick
    sw      a0, 0(t0)
    sw      a1, 4(t0)
    call    arm_timer
    li      t0, SIE_STIE
    csrs    sie, t0
1:  li      t0, SIE_SEIE
    csrs    sie, t0
wait:
    csrsi   sstatus, SSTATUS_SIE        # interrupts only while waiting: the handler runs with SIE clear
    wfi
    csrci   sstatus, SSTATUS_SIE
    j       wait

no_nic:
    la      a0, msg_no_nic
    call    kput_str
    call    kput_newline
    li      a0, SBI_SRST_REASON_NONE
    call    sbi_shutdown

# fill_resident(): writes its number into the first word of each of the resident_pages pages
# that follow the working set. Leaf.
fill_resident:
    la      t0, resident_pages
    lw      t1, 0(t0)                   # t1 = pages to write
    la      t2, ws_pages
    lw      t2, 0(t2)
    slli    t2, t2, PAGE_SHIFT
    la      t3, image_end
    li      t0, PAGE_SIZE - 1
    add     t3, t3, t0
    not     t0, t0
    and     t3, t3, t0
    add     t3, t3, t2                  # t3 = the first resident page
    li      t4, 0
1:  bgeu    t4, t1, 2f
    sw      t4, 0(t3)
    li      t0, PAGE_SIZE
    add     t3, t3, t0
    addi    t4, t4, 1
    j       1b
2:  ret

# plic_init(): the NIC's source at priority 1, enabled for S-mode, threshold 0. Leaf.
plic_init:
    li      t0, PLIC
    li      t1, 1
    sw      t1, 4 * NIC_SOURCE(t0)      # priority of source 1
    li      t2, PLIC_ENABLE_S
    add     t2, t0, t2
    li      t1, 1 << NIC_SOURCE
    sw      t1, 0(t2)
    li      t2, PLIC_THRESHOLD_S
    add     t2, t0, t2
    sw      zero, 0(t2)
    ret

# server_trap: the NIC's interrupt or the timer's; nothing else is expected. The main loop
# keeps nothing in registers, so the handler starts a fresh stack and returns with sret.
    .balign 4
server_trap:
    la      sp, server_stack_top
    csrr    t0, scause
    bgez    t0, 2f
    slli    t0, t0, 1
    srli    t0, t0, 1                   # the interrupt's code
    li      t1, IRQ_S_EXT
    beq     t0, t1, 1f
    li      t1, IRQ_S_TIMER
    bne     t0, t1, unexpected
    call    dirty_pages_now
    sret
1:  call    serve_nic
    sret
2:  li      t1, CAUSE_LOAD_ACCESS       # the probe found no device
    bne     t0, t1, unexpected
    csrr    t0, sepc
    la      t1, nic_probe
    beq     t0, t1, no_nic

unexpected:
    la      a0, msg_unexpected
    call    kput_str
    csrr    a0, scause
    call    kput_hex
    la      a0, msg_sepc
    call    kput_str
    csrr    a0, sepc
    call    kput_hex
    call    kput_newline
    li      a0, SBI_SRST_REASON_SYSTEM_FAILURE
    call    sbi_shutdown

# serve_nic(): claim the interrupt, serve every packet waiting, complete the interrupt.
serve_nic:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    li      t0, PLIC
    li      t1, PLIC_CLAIM_S
    add     t0, t0, t1
    lw      s0, 0(t0)                   # s0 = the source claimed (0: none)
1:  li      t0, NIC
    lw      t1, NIC_STATUS(t0)
    andi    t1, t1, 1
    beqz    t1, 2f
    call    serve_packet
    j       1b
2:  beqz    s0, 3f
    li      t0, PLIC
    li      t1, PLIC_CLAIM_S
    add     t0, t0, t1
    sw      s0, 0(t0)                   # complete
3:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# serve_packet(): the packet at the head of the NIC's queue, then pop it.
serve_packet:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      t0, NIC
    lw      t1, NIC_RX_LENGTH(t0)
    lw      a3, NIC_RX_SOURCE(t0)       # a3 = where the reply goes
    lw      a0, NIC_RX_BUFFER + 0(t0)   # a0 = kind
    lw      a1, NIC_RX_BUFFER + 4(t0)   # a1 = client id
    lw      a2, NIC_RX_BUFFER + 8(t0)   # a2 = sequence number
    sw      zero, NIC_RX_POP(t0)
    li      t2, MESSAGE_BYTES
    bltu    t1, t2, 9f                  # too short: not a request
    li      t2, INCREMENT
    bne     a0, t2, 9f
    li      t2, MAX_CLIENTS
    bgeu    a1, t2, 9f
    la      t0, clients
    slli    t1, a1, 3
    add     t0, t0, t1                  # t0 = {last sequence number, last value} of the client
    lw      t1, 0(t0)
    beq     a2, t1, 2f                  # a retransmission of the last request
    addi    t1, t1, 1
    bne     a2, t1, 9f                  # stale: ignored
    la      t2, counter                 # count it
    lw      a4, 0(t2)
    addi    a4, a4, 1
    sw      a4, 0(t2)
    sw      a2, 0(t0)
    sw      a4, 4(t0)
    la      t1, work
    lw      t1, 0(t1)
1:  beqz    t1, 3f                      # the request's work
    addi    t1, t1, -1
    j       1b
2:  beqz    t1, 9f                      # sequence 0 was never counted
    lw      a4, 4(t0)
3:  li      t0, NIC + NIC_TX_BUFFER     # reply: COUNTED, client, sequence, value
    li      t1, COUNTED
    sw      t1, 0(t0)
    sw      a1, 4(t0)
    sw      a2, 8(t0)
    sw      a4, 12(t0)
    li      t0, NIC
    sw      a3, NIC_TX_DEST(t0)
    li      t1, MESSAGE_BYTES
    sw      t1, NIC_TX_LENGTH(t0)
    sw      zero, NIC_TX_SEND(t0)
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# dirty_pages_now(): write one word in each of the next dirty_pages working-set pages, then
# arm the timer for the next period.
dirty_pages_now:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, ws_pages
    lw      t1, 0(t0)                   # t1 = working-set pages
    beqz    t1, 3f
    la      t0, dirty_pages
    lw      t2, 0(t0)                   # t2 = pages left to write
    la      t0, ws_cursor
    lw      t3, 0(t0)                   # t3 = next page index
    la      t4, dirty_stamp
    lw      t5, 0(t4)                   # t5 = what to write: a new value every period
    addi    t5, t5, 1
    sw      t5, 0(t4)
    la      t6, image_end
    li      t0, PAGE_SIZE - 1
    add     t6, t6, t0
    not     t0, t0
    and     t6, t6, t0                  # t6 = the first working-set page
1:  beqz    t2, 2f
    slli    t0, t3, PAGE_SHIFT
    add     t0, t6, t0
    sw      t5, 0(t0)
    addi    t3, t3, 1
    bltu    t3, t1, 4f
    li      t3, 0
4:  addi    t2, t2, -1
    j       1b
2:  la      t0, ws_cursor
    sw      t3, 0(t0)
3:  call    arm_timer
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# arm_timer(): next_tick += period_ticks; the timer fires then.
arm_timer:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, next_tick
    lw      a0, 0(t0)
    lw      a1, 4(t0)
    la      t1, period_ticks
    lw      t1, 0(t1)
    add     t2, a0, t1                  # 64-bit add
    sltu    t3, t2, a0
    add     a1, a1, t3
    mv      a0, t2
    sw      a0, 0(t0)
    sw      a1, 4(t0)
    call    sbi_set_timer
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# read_time() -> a0 = time low, a1 = time high. Leaf.
read_time:
1:  csrr    a1, timeh
    csrr    a0, time
    csrr    t0, timeh
    bne     a1, t0, 1b
    ret

# print_banner(): "server: 10.0.0.1, 256 working-set pages, 8 dirtied every 10000 ticks"
print_banner:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    la      a0, msg_server
    call    kput_str
    li      t0, NIC
    lw      s0, NIC_ADDRESS(t0)         # the address, a.b.c.d from the top byte down
    li      s1, 24
1:  srl     a0, s0, s1
    andi    a0, a0, 0xff
    call    kput_dec
    beqz    s1, 2f
    li      a0, 46                      # '.'
    call    kput_char
    addi    s1, s1, -8
    j       1b
2:  la      a0, msg_ws
    call    kput_str
    la      t0, ws_pages
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_pages
    call    kput_str
    la      t0, dirty_pages
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_every
    call    kput_str
    la      t0, period_ticks
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_ticks
    call    kput_str
    call    kput_newline
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_no_nic:      .asciz "server: no vnet NIC at 0x10001000, nothing to serve"
msg_server:      .asciz "server: "
msg_ws:          .asciz ", "
msg_pages:       .asciz " working-set pages, "
msg_every:       .asciz " dirtied every "
msg_ticks:       .asciz " ticks"
msg_unexpected:  .asciz "server: unexpected trap, scause "
msg_sepc:        .asciz ", sepc "

    .section .data
    .balign 4
    .globl ws_pages, dirty_pages, period_ticks, work, resident_pages, counter, clients
ws_pages:     .word 256
dirty_pages:  .word 8
period_ticks: .word 10000
work:         .word 100
resident_pages: .word 1024
counter:      .word 0                   # the service's counter
ws_cursor:    .word 0
dirty_stamp:  .word 0
    .balign 8
next_tick:    .word 0, 0

.include "../kernel/sbi.s"
.include "../kernel/lib.s"

    .section .bss
    .balign 16
clients:      .space 8 * MAX_CLIENTS    # per client: last sequence number counted, its value
server_stack: .space SERVER_STACK_SIZE
server_stack_top:
    .balign 4
image_end:                              # the working set starts at the next page
