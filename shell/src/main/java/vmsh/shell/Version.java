package vmsh.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of vmsh, as the build wrote it into version.properties. */
public final class Version {
    private Version() {}

    /** "0.1.0", or "unknown" when the build left no version behind. */
    public static String text() { return property("version"); }

    /** The version of GraalJS vmsh was built with ("25.0.3"), or "unknown". */
    public static String graalJs() { return property("graaljs"); }

    private static String property(String name) {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/vmsh/shell/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty(name, "unknown");
    }
}
