package vmsh.cpu;

/** Privilege levels as the spec encodes them (mstatus.MPP, CSR number bits 9:8). */
public final class Priv {
    public static final int U = 0, S = 1, M = 3;

    private Priv() {}

    public static String name(int priv) {
        return switch (priv) {
            case U -> "U";
            case S -> "S";
            case M -> "M";
            default -> "?" + priv;
        };
    }
}
