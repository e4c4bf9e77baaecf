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
        description = "Print the JavaScript API reference (Markdown), or write it into the README's API section.")
final class DocsCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Option(names = "--update", paramLabel = "README.md", description = "replace the API section of this file instead of printing")
    private Path readme;

    @Override
    public Integer call() {
        if (readme == null) {
            parent.io.out().print(Api.markdown());
            return ExitCode.OK;
        }
        try {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            Files.writeString(readme, Api.updateReadme(text), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot update " + readme + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new VmshException(ExitCode.ERROR, readme + ": " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
