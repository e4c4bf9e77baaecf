package vmsh.shell.cli;

import picocli.CommandLine.IVersionProvider;
import vmsh.shell.Version;

/** "vmsh 0.1.0" for every command's --version. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"vmsh " + Version.text()};
    }
}
