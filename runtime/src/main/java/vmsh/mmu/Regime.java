package vmsh.mmu;

import static vmsh.isa.Encoding.*;

/**
 * A translation regime: everything a translation depends on besides the address, taken
 * from the hart's CSRs. The MMU keeps one for instruction fetches and one for loads and
 * stores (they differ under mstatus.MPRV), and recomputes them when a CSR or the privilege
 * changes; the walker and the TLB only read them.
 *
 * <ul>
 * <li>M-mode (V=0): no translation.
 * <li>V=0, S/U: satp (Sv32 or Bare); SUM and MXR from mstatus.
 * <li>V=1, VS/VU: vsatp (the VS-stage, Sv32 or Bare) over hgatp (the G-stage, Sv32x4 or
 *     Bare). SUM comes from vsstatus; the VS-stage MXR is vsstatus.MXR or mstatus.MXR; the
 *     G-stage MXR is mstatus.MXR alone; G-stage accesses count as U-mode.
 * </ul>
 */
public final class Regime {
    /** False when addresses pass through untranslated (M-mode, or every stage Bare). */
    boolean translated;
    /** V=1: a guest translation (its TLB entries are tagged with the VMID). */
    boolean virt;
    /** satp (V=0) or vsatp (V=1) is Sv32. */
    boolean stage1;
    /** V=1 and hgatp is Sv32x4. */
    boolean gStage;
    long root, gRoot;
    int asid, vmid;
    boolean user, sum, mxr, gMxr;
    /** Hardware A/D updating (Svadu); false: a clear A, or D on a store, faults (Svade). */
    boolean adUpdate = true;
    int priv, satp, hgatp;
    /** TLB tags of this regime's address space (see {@link Tlb}), and that tag without the ASID. */
    int key, keyNoAsid;
    /** Allowed-access tables for cached entries: stage 1 (or the only stage) and the G-stage. */
    byte[] allow1, allowG;

    public Regime() { set(PRV_M, false, 0, 0, 0, 0, 0, true); }

    /** A regime for the given CSR values (for explaining walks and dumps outside the hart). */
    public static Regime of(int priv, boolean virt, int satp, int mstatus, int vsatp, int vsstatus, int hgatp,
                            boolean adUpdate) {
        Regime r = new Regime();
        r.set(priv, virt, satp, mstatus, vsatp, vsstatus, hgatp, adUpdate);
        return r;
    }

    /** A V=0 S-mode or U-mode regime over {@code satp}. */
    public static Regime supervisor(int priv, int satp, int mstatus) {
        return of(priv, false, satp, mstatus, 0, 0, 0, true);
    }

    /** A V=1 regime: {@code vsatp} over {@code hgatp}, in VS-mode (priv S) or VU-mode (priv U). */
    public static Regime guest(int priv, int vsatp, int vsstatus, int hgatp, int mstatus) {
        return of(priv, true, 0, mstatus, vsatp, vsstatus, hgatp, true);
    }

    /**
     * Recomputes the regime. {@code priv} is the effective privilege of the accesses
     * (for loads and stores under MPRV, mstatus.MPP) and {@code virt} their V.
     */
    public void set(int priv, boolean virt, int satp, int mstatus, int vsatp, int vsstatus, int hgatp,
                    boolean adUpdate) {
        if (priv != PRV_U && priv != PRV_S && priv != PRV_M)
            throw new IllegalArgumentException("privilege " + priv + " must be 0 (U), 1 (S) or 3 (M)");
        if (virt && priv == PRV_M) throw new IllegalArgumentException("V=1 needs privilege U or S, not M");
        this.priv = priv;
        this.virt = virt;
        this.adUpdate = adUpdate;
        this.satp = virt ? vsatp : satp;
        this.hgatp = virt ? hgatp : 0;
        boolean mMxr = (mstatus & MSTATUS_MXR) != 0;
        int status = virt ? vsstatus : mstatus;
        stage1 = priv != PRV_M && Satp.sv32(this.satp);
        gStage = virt && Hgatp.sv32x4(hgatp);
        translated = stage1 || gStage;
        root = Satp.root(this.satp);
        gRoot = Hgatp.root(this.hgatp);
        asid = stage1 ? Satp.asid(this.satp) : 0;
        vmid = virt ? Hgatp.vmid(hgatp) : 0;
        user = priv == PRV_U;
        sum = (status & MSTATUS_SUM) != 0;
        mxr = (status & MSTATUS_MXR) != 0 || mMxr;
        gMxr = mMxr;
        key = Tlb.key(asid, vmid, virt, !stage1, virt && !gStage);
        keyNoAsid = key & ~Tlb.ASID_MASK;
        allow1 = Permissions.table(user, sum, mxr);
        allowG = Permissions.table(true, false, gMxr);
    }

    public boolean translated() { return translated; }

    public int asid() { return asid; }

    public int vmid() { return vmid; }

    /** "Sv32, asid 1, S-mode, SUM" or "VS Sv32 over G Sv32x4, vmid 2, asid 1, VU-mode". */
    public String describe() {
        String mode = (virt ? "V" : "") + (priv == PRV_U ? "U" : priv == PRV_S ? "S" : "M") + "-mode";
        StringBuilder b = new StringBuilder();
        if (!translated) b.append("Bare (no translation)");
        else if (!virt) b.append(String.format("Sv32, satp 0x%08x, asid %d", satp, asid));
        else b.append(String.format("VS %s over G %s, vsatp 0x%08x, hgatp 0x%08x, vmid %d, asid %d",
                stage1 ? "Sv32" : "Bare", gStage ? "Sv32x4" : "Bare", satp, hgatp, vmid, asid));
        b.append(", ").append(mode);
        if (sum) b.append(", SUM");
        if (mxr) b.append(", MXR");
        if (!adUpdate) b.append(", A/D faults (Svade)");
        return b.toString();
    }

    @Override public String toString() { return describe(); }
}
