package vmsh.asm;

import java.util.List;
import java.util.stream.Collectors;

/** Assembly failed; carries every error found, in source order. */
public final class AsmException extends RuntimeException {
    private final List<AsmError> errors;

    public AsmException(List<AsmError> errors) {
        super(errors.stream().map(AsmError::format).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<AsmError> errors() { return errors; }
}
