package vmsh.shell.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;
import vmsh.shell.api.Api;

/** {@code vmsh docs}: the JavaScript API reference in Markdown, from the API's own tables. */
@Command(name = "docs",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print the JavaScript API reference (Markdown), or write it to a file (" + Api.FILE + " in the repository).")
final class DocsCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Option(names = "--update", paramLabel = "FILE", description = "write the reference to FILE instead of printing it")
    private Path file;

    @Override
    public Integer call() {
        if (file == null) {
            parent.io.out().print(Api.document());
            return ExitCode.OK;
        }
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, Api.document(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot write " + file + ": " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
