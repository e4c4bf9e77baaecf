package vmsh.dc;

/**
 * Network addresses: 32-bit numbers, printed as IPv4 addresses are. The cluster hands them
 * out from fixed blocks: VMs 10.0.0.x, hosts 10.0.1.x, clients 10.0.2.x.
 */
public final class Address {
    public static final int VMS = 0x0a00_0000, HOSTS = 0x0a00_0100, CLIENTS = 0x0a00_0200, SERVICES = 0x0a00_0300;

    private Address() {}

    /** "10.0.0.1". */
    public static String format(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    /** Parses "10.0.0.1"; throws IllegalArgumentException naming the text otherwise. */
    public static int parse(String s) {
        String[] parts = s.trim().split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("address '" + s + "' is not four numbers a.b.c.d");
        int a = 0;
        for (String p : parts) {
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address '" + s + "': '" + p + "' is not a number 0..255");
            }
            if (n < 0 || n > 255) throw new IllegalArgumentException("address '" + s + "': " + n + " is not 0..255");
            a = a << 8 | n;
        }
        return a;
    }
}
