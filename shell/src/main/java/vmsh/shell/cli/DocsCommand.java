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

/**
 * {@code vmsh docs}: the JavaScript API reference in Markdown, from the API's own tables;
 * {@code --update} writes the generated documents of the checkout (docs/api.md, and the
 * README's generated sections).
 */
@Command(name = "docs",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print the JavaScript API reference (Markdown), or write the generated documents of the checkout.")
final class DocsCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Option(names = "--update", description = "write " + Api.FILE + " and the README's generated sections instead of printing")
    private boolean update;

    @Option(names = "--root", paramLabel = "DIR", description = "the checkout (default: the working directory)")
    private Path root = Path.of("");

    @Override
    public Integer call() {
        if (!update) {
            parent.io.out().print(Api.document());
            return ExitCode.OK;
        }
        Path reference = root.resolve(Api.FILE), readme = root.resolve("README.md");
        try {
            Files.createDirectories(reference.getParent());
            Files.writeString(reference, Api.document(), StandardCharsets.UTF_8);
            Files.writeString(readme, Api.updateReadme(Files.readString(readme, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot update the documents under " + root.toAbsolutePath() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new VmshException(ExitCode.ERROR, readme + ": " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
