# gstage.s - the G-stage table: guest-physical to host-physical, the hardware's second walk.
#
# With V=1 every access is translated twice: the guest's own table (vsatp) turns a guest
# virtual address into a guest-physical one, then this table (hgatp) turns that into a
# host-physical one. The guest never sees this table and cannot change it: that is what
# keeps it inside its RAM.
#
# Ours starts empty and fills on demand: the first touch of a guest page is a guest-page
# fault (faults.s), and gstage_map adds that one 4 KiB page. So the guest only gets host
# memory it uses, and the exit count shows how much. The two level-0 tables that cover the
# guest's 8 MiB are linked into the root from the start; only their leaves come later.
#
#   root (16 KiB, 4096 entries)        level 0 (4 KiB, 1024 entries each)
#   [0x200] -> gstage_level0 + 0       [gpa bits 21:12] -> leaf: host page, U R W X A D
#   [0x201] -> gstage_level0 + 4096

    .section .text

# gstage_init(): link the level-0 tables into the root and point hgatp at it.
gstage_init:
    la      t0, gstage_root
    la      t1, gstage_level0
    li      t2, GUEST_GPA >> VPN1_SHIFT
    slli    t2, t2, 2
    add     t0, t0, t2                  # t0 = the root entry for the guest's first 4 MiB
    li      t3, GSTAGE_TABLES           # t3 = tables left to link
1:  srli    t2, t1, PAGE_SHIFT
    slli    t2, t2, PTE_PPN_SHIFT
    ori     t2, t2, PTE_V               # V without R, W, X: a pointer to the next level
    sw      t2, 0(t0)
    addi    t0, t0, 4
    li      t2, PAGE_SIZE
    add     t1, t1, t2
    addi    t3, t3, -1
    bnez    t3, 1b
    la      t0, gstage_root
    srli    t0, t0, PAGE_SHIFT          # the root's page number
    li      t1, HGATP_MODE_SV32X4 | (GUEST_VMID << HGATP_VMID_SHIFT)
    or      t0, t0, t1
    csrw    hgatp, t0
    hfence.gvma zero, zero              # nothing cached from before counts
    ret

# gstage_map(a0 = guest-physical address inside guest RAM): map its 4 KiB page to the
# host page at the same offset in GUEST_HPA's region. Leaf.
gstage_map:
    li      t0, GUEST_GPA
    sub     t0, a0, t0                  # t0 = offset in guest RAM
    srli    t1, t0, VPN1_SHIFT
    slli    t1, t1, PAGE_SHIFT
    la      t2, gstage_level0
    add     t2, t2, t1                  # t2 = the level-0 table of its 4 MiB
    srli    t1, a0, VPN0_SHIFT
    andi    t1, t1, VPN_MASK
    slli    t1, t1, 2
    add     t2, t2, t1                  # t2 = its entry
    li      t1, GUEST_HPA
    add     t1, t1, t0                  # t1 = the host address
    srli    t1, t1, PAGE_SHIFT
    slli    t1, t1, PTE_PPN_SHIFT
    ori     t1, t1, GSTAGE_LEAF
    sw      t1, 0(t2)
    # The hart may have kept the entry's old (invalid) value: fence that guest page. The
    # address operand is the guest-physical address shifted right by 2 (it can exceed 32 bits).
    srli    t0, a0, 2
    hfence.gvma t0, zero
    ret

    .section .bss
    .balign GSTAGE_ROOT_SIZE            # hgatp holds a page number: the root must be 16 KiB aligned
gstage_root:
    .space  GSTAGE_ROOT_SIZE
gstage_level0:
    .space  GSTAGE_TABLES * PAGE_SIZE
