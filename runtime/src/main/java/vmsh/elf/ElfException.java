package vmsh.elf;

/** A file is not an ELF32 RISC-V executable we can load; the message says why. */
public final class ElfException extends RuntimeException {
    public ElfException(String message) { super(message); }
}
